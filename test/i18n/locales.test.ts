// The locale check of `npm test` (issue 11): both catalogs complete and alike, every message used, and no
// user-visible literal left in UI code. `npx tsx test/i18n/check.ts` prints the same findings while converting.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  codeFiles,
  compareCatalogs,
  type Messages,
  referencedKeys,
  scanProject,
  scanSource,
  uiFiles,
  unusedKeys,
} from './scan';

const ROOT = resolve(__dirname, '../..');
const read = (locale: string): Messages =>
  JSON.parse(readFileSync(resolve(ROOT, `public/_locales/${locale}/messages.json`), 'utf8')) as Messages;
const CATALOGS = { en: read('en'), ru: read('ru') };

describe('the catalogs', () => {
  test('every key is in both locales, with its language’s plural forms and the same placeholders', () => {
    expect(compareCatalogs(CATALOGS)).toEqual([]);
  });

  test('every message is used by the code or the manifest', () => {
    const referenced = referencedKeys(ROOT, codeFiles(ROOT));
    expect(unusedKeys(CATALOGS.en, referenced)).toEqual([]);
  });

  test('each catalog names its own language in `locale`', () => {
    expect(CATALOGS.en.locale?.message).toBe('en');
    expect(CATALOGS.ru.locale?.message).toBe('ru');
  });

  test('the manifest description fits the stores’ 132 characters in both languages', () => {
    for (const catalog of Object.values(CATALOGS))
      expect(catalog.extDescription!.message.length).toBeLessThanOrEqual(132);
  });
});

describe('the catalog check fails on', () => {
  const en: Messages = {
    a: { message: 'A $NAME$', placeholders: { name: { content: '$1' } } },
    n_one: { message: '$COUNT$ post', placeholders: { count: { content: '$1' } } },
    n_other: { message: '$COUNT$ posts', placeholders: { count: { content: '$1' } } },
  };
  const ru: Messages = {
    a: { message: 'А $NAME$', placeholders: { name: { content: '$1' } } },
    n_one: { message: '$COUNT$ пост', placeholders: { count: { content: '$1' } } },
    n_few: { message: '$COUNT$ поста', placeholders: { count: { content: '$1' } } },
    n_many: { message: '$COUNT$ постов', placeholders: { count: { content: '$1' } } },
    n_other: { message: '$COUNT$ поста', placeholders: { count: { content: '$1' } } },
  };

  test('nothing in a well-formed pair', () => {
    expect(compareCatalogs({ en, ru })).toEqual([]);
  });

  test.each([
    ['a key missing from Russian', { en: { ...en, b: { message: 'B' } }, ru }, 'ru: missing b'],
    ['a key missing from English', { en, ru: { ...ru, b: { message: 'Б' } } }, 'en: missing b'],
    ['a Russian plural form missing', { en, ru: { ...ru, n_few: undefined } }, 'ru: missing n_few'],
    ['a plural form English does not have', { en: { ...en, n_few: en.n_other }, ru }, 'en: n_few is not a plural'],
    [
      'placeholders that differ between locales',
      { en, ru: { ...ru, a: { message: 'А', placeholders: {} } } },
      'placeholders differ for a',
    ],
    [
      'a Russian "one" form without the count (it also stands for 21)',
      { en, ru: { ...ru, n_one: { message: 'один пост' } } },
      'ru: n_one must show the count',
    ],
    [
      'a placeholder used but not defined',
      { en, ru: { ...ru, a: { message: 'А $NAME$ $TITLE$', placeholders: { name: { content: '$1' } } } } },
      'ru: a uses a $name$ placeholder it does not define',
    ],
  ])('%s', (_name, catalogs, problem) => {
    const clean = Object.fromEntries(
      Object.entries(catalogs).map(([l, c]) => [l, Object.fromEntries(Object.entries(c).filter(([, m]) => m))]),
    ) as Record<string, Messages>;
    expect(compareCatalogs(clean).join('\n')).toContain(problem);
  });

  test('a message nothing refers to', () => {
    expect(unusedKeys(en, new Set(['a']))).toEqual(['n']);
    expect(unusedKeys(en, new Set(['a', 'n']))).toEqual([]);
  });
});

describe('UI code', () => {
  test('holds no user-visible literal outside the messages', () => {
    expect(uiFiles(ROOT).length).toBeGreaterThan(40);
    expect(scanProject(ROOT).map((f) => `${f.file}:${f.line} ${f.why}: ${f.text}`)).toEqual([]);
  });

  test.each([
    ['JSX text', 'const A = () => <p>Nothing saved yet.</p>;', 'Nothing saved yet.'],
    ['a title attribute', 'const A = () => <button title="Close (Esc)">×</button>;', 'Close (Esc)'],
    [
      'an aria-label built with +',
      'const A = (n: number) => <a aria-label={"Back to reference " + n}>↩</a>;',
      'Back to reference',
    ],
    ['a placeholder', 'const A = () => <input placeholder="Search saved posts" />;', 'Search saved posts'],
    ['a JSX child in a conditional', 'const A = (p: boolean) => <b>{p ? "Pinned" : "Pin"}</b>;', 'Pin'],
    ['textContent', 'button.textContent = "Copied";', 'Copied'],
    ['setAttribute aria-label', 'button.setAttribute("aria-label", "Copy equation as TeX");', 'Copy equation as TeX'],
    ['a status setter', 'setStatus("Could not save: " + e);', 'Could not save:'],
    ['confirm()', 'if (confirm("Delete all posts?")) go();', 'Delete all posts?'],
    ['a toast', 'showToast("Saved", true);', 'Saved'],
    ['an error field', 'return { ok: false, error: "Lens failed: " + String(e) };', 'Lens failed:'],
    ['a menu title', 'menus.create({ id: "x", title: "Save linked post to Lens" });', 'Save linked post to Lens'],
    [
      'a sentence returned',
      'function f() { return "Lens could not save this post."; }',
      'Lens could not save this post.',
    ],
  ])('finds a planted literal: %s', (_name, code, text) => {
    expect(scanSource('components/Planted.tsx', code).map((f) => f.text)).toContain(text);
  });

  test.each([
    ['a class name', 'const A = () => <p class="lens-empty muted">{t("nothingSaved")}</p>;'],
    ['an id and a key', 'const A = () => <li id="saved-tags" key="x" data-heading-id="intro" />;'],
    ['a translated attribute', 'const A = () => <input placeholder={t("searchSavedPosts")} />;'],
    ['a console line', 'console.warn("Lens could not load the index, rebuilding");'],
    ['an Error', 'throw new Error("the reading view script did not publish its entry");'],
    ['a code in a field', 'return { ok: false, reason: "quota", error: quotaMessage() };'],
    ['a comparison', 'if (e.key === "Escape" || kind === "Reading view") stop();'],
    ['a symbol child', 'const A = () => <button>×</button>;'],
    ['a stylesheet', 'style.textContent = "button{position:fixed;right:16px}";'],
  ])('leaves alone %s', (_name, code) => {
    expect(scanSource('components/Planted.tsx', code)).toEqual([]);
  });
});
