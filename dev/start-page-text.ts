// The words of the demo's start page (dev/start-page.html), in the two languages Lens speaks. Each value is HTML we
// write ourselves (it may hold <code>, <kbd>, <em> and the page's {{POST}}-style placeholders); nothing from outside
// reaches it. The page speaks the language of the system npm start runs in (startLanguage).

export type StartLanguage = 'en' | 'ru';

const EN = {
  title: 'Lens: try it',
  heading: 'Lens is running',
  lede: 'A reading companion for LessWrong: footnote previews, math, an outline and an offline library. This window has Lens loaded in a throwaway profile. Here is what to try, in five minutes.',
  tryThis: 'Try this',
  hoverTitle: 'Open the post and hover <code>[1]</code>',
  hoverText:
    'In <a href="{{POST}}">Introduction to abstract entropy</a>, rest the pointer on a footnote reference such as <code>[1]</code>: the note opens beside it. <kbd>Tab</kbd> onto a reference works too; <kbd>Esc</kbd> closes.',
  panelTitle: 'Open the side panel',
  panelText:
    'Click the Lens button in the toolbar (in Chromium it sits under the puzzle-piece menu until you pin it) or press <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>L</kbd>: the outline with the section you are in, every footnote, your saved posts.',
  saveTitle: 'Save the post',
  saveText:
    "In the side panel's <em>Saved</em> tab, click <em>Save</em> (or press <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>S</kbd> on the page). Lens keeps the text, the math and the figures offline.",
  libraryTitle: 'Open the library',
  libraryText:
    '<em>Open library</em> in the side panel shows your saved posts, searchable, and reads them with no network at all.',
  dumpTitle: 'Read a flattened dump',
  dumpText:
    'The <a href="{{AGGREGATOR}}">lesswrong.ru aggregator</a> serves posts as flat text; Lens offers a reading view with the headings, footnotes and math recovered.',
  pages: 'The pages',
  postCard: 'The real 222&nbsp;KB post: 17 footnotes, 67 equations, 8 figures.',
  gwCard: 'The same post as GreaterWrong renders it.',
  aggregatorCard: 'The aggregator page with a real dump of 20 posts.',
  stop: 'Stop with <kbd>Ctrl</kbd>+<kbd>C</kbd> in the terminal: the browser, the server and the temporary profile all go.',
  demoNote:
    'Everything here is served from your machine by a local server that answers as www.lesswrong.com, www.greaterwrong.com and lesswrong.ru: no request leaves it. The post is the real one; its {{FIGURES}} figures live on res.cloudinary.com and are not part of the offline demo, so they are drawn locally and labelled as such (three drawn from what their captions describe, the rest as boxes holding their captions).',
  liveNote:
    'Live mode: the links open the real sites, so you need a connection. Your temporary profile is deleted when you stop npm start.',
};

const RU: typeof EN = {
  title: 'Lens: попробуйте',
  heading: 'Lens запущен',
  lede: 'Спутник для чтения LessWrong: сноски во всплывающих окнах, формулы, оглавление и библиотека для чтения без сети. В этом окне Lens загружен во временный профиль. Вот что стоит попробовать за пять минут.',
  tryThis: 'Попробуйте',
  hoverTitle: 'Откройте пост и наведите указатель на <code>[1]</code>',
  hoverText:
    'В посте <a href="{{POST}}">Introduction to abstract entropy</a> задержите указатель на ссылке на сноску, например <code>[1]</code>: сноска откроется рядом. Можно дойти до ссылки и клавишей <kbd>Tab</kbd>; <kbd>Esc</kbd> закрывает.',
  panelTitle: 'Откройте боковую панель',
  panelText:
    'Нажмите кнопку Lens на панели инструментов (в Chromium она прячется в меню с кусочком пазла, пока её не закрепить) или <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>L</kbd>: оглавление с текущим разделом, все сноски, сохранённые посты.',
  saveTitle: 'Сохраните пост',
  saveText:
    'На вкладке <em>Сохранённое</em> боковой панели нажмите <em>Сохранить</em> (или <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>S</kbd> на странице). Lens сохранит текст, формулы и иллюстрации для чтения без сети.',
  libraryTitle: 'Откройте библиотеку',
  libraryText:
    '<em>Открыть библиотеку</em> в боковой панели показывает сохранённые посты с поиском и открывает их совсем без сети.',
  dumpTitle: 'Почитайте текстовую выгрузку',
  dumpText:
    '<a href="{{AGGREGATOR}}">Агрегатор lesswrong.ru</a> отдаёт посты сплошным текстом; Lens предлагает режим чтения с восстановленными заголовками, сносками и формулами.',
  pages: 'Страницы',
  postCard: 'Настоящий пост на 222&nbsp;КБ: 17 сносок, 67 формул, 8 иллюстраций.',
  gwCard: 'Тот же пост в оформлении GreaterWrong.',
  aggregatorCard: 'Страница агрегатора с настоящей выгрузкой из 20 постов.',
  stop: 'Остановите всё сочетанием <kbd>Ctrl</kbd>+<kbd>C</kbd> в терминале: закроются браузер и сервер, удалится временный профиль.',
  demoNote:
    'Всё здесь отдаёт локальный сервер на вашей машине, который отвечает от имени www.lesswrong.com, www.greaterwrong.com и lesswrong.ru: ни один запрос не уходит наружу. Пост настоящий; его иллюстрации ({{FIGURES}}) хранятся на res.cloudinary.com и в офлайн-демо не входят, поэтому они нарисованы локально и подписаны как замена (три нарисованы по описаниям из подписей, остальные — рамки с подписями).',
  liveNote:
    'Режим live: ссылки ведут на настоящие сайты, нужна сеть. Временный профиль удалится, когда вы остановите npm start.',
};

/** The start page's words in `lang`. */
export const START_TEXT: Record<StartLanguage, typeof EN> = { en: EN, ru: RU };

/** The language of the system npm start runs in (LC_ALL, LC_MESSAGES, LANGUAGE, then LANG), as the browser picks its own. */
export function startLanguage(env: NodeJS.ProcessEnv = process.env): StartLanguage {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANGUAGE || env.LANG || '';
  return /^ru(?:[_.:-]|$)/i.test(locale) ? 'ru' : 'en';
}
