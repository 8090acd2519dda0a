// Site chrome of aggregator pages that republish LessWrong's RSS feed, in Russian and English. The real dump
// (test/fixtures/dump-lesswrong-ru-aggregator) opens with "Вы здесь" / "Новости LessWrong.com" and ends with a Drupal
// pager: "Страницы", "- « первая", "- ‹ предыдущая", "- …", "- 3" … "- следующая ›", "- последняя »".
const BREADCRUMB = /^(?:вы здесь|you are here|главная|home)\s*(?:[:›»>/|].*)?$/i;
const FEED_TITLE = /новости|news|лента|feed|rss|блог|blog|\b[\w-]+\.(?:com|org|net|ru|io)\b/i;
const PAGER_HEAD = /^(?:страницы|страница|стр\.?|pages?|page \d+(?: of \d+)?)\s*:?$/i;
const PAGER_ITEM =
  /^(?:[-•*]\s*)?[«‹]?\s*(?:\d{1,5}|…|\.{2,3}|first|previous|prev|next|last|newer|older|первая|предыдущая|следующая|последняя)?(?:\s+(?:page|posts|страница))?\s*[›»]?$/i;

/** Counts the lines of site chrome (breadcrumb, then the feed title) at the start of a dump. */
export function leadingChromeLength(lines: string[]): number {
  let i = 0;
  while (i < lines.length && lines[i] === '') i++;
  if (i >= lines.length || !BREADCRUMB.test(lines[i] as string)) return 0;
  i++;
  while (i < lines.length && lines[i] === '') i++;
  const feed = lines[i];
  // Only a short line that names a feed or a site: anything else is already the first post's title.
  if (feed !== undefined && feed.length <= 80 && !/[.!?]$/.test(feed) && FEED_TITLE.test(feed)) i++;
  return i;
}

/** Tells whether a line is the heading of a pager ("Страницы", "Pages", "Page 2 of 9"). */
export function isPagerHead(line: string): boolean {
  return PAGER_HEAD.test(line);
}

/** Tells whether a line is one item of a pager ("- 3", "- …", "- « первая", "next ›", "- last »"). */
export function isPagerItem(line: string): boolean {
  return line !== '' && !/^[-•*]$/.test(line) && PAGER_ITEM.test(line);
}
