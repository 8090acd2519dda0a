// Two languages (issue 11): the browser's UI language picks Lens's words. Chromium runs with `--lang`, `LANGUAGE`
// and Playwright's locale (GUIDE §4); Firefox with `intl.locale.requested` and Debian's Russian language pack
// (firefox-esr-l10n-ru, which .ci/run installs). Each language gets a fresh browser: the options page, the reader
// (library), the side panel on a real post, and a footnote preview in the page must all speak it.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROWSERS, type LensBrowser, type LensPage, launch } from './browsers';
import { type FixtureServer, startFixtureServer } from './server';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHELL = resolve(ROOT, 'test/fixtures/lw-abstract-entropy-page-shell');
const PAGE = readFileSync(resolve(SHELL, 'input.html'), 'utf8');
const POST_PATH = '/posts/REA49tL5jsh69X3aM/introduction-to-abstract-entropy';
const CORPUS = resolve(ROOT, 'test/fixtures/dump-lesswrong-ru-aggregator/input.txt');
const DUMP = readFileSync(existsSync(CORPUS) ? CORPUS : '/work/shared/fixtures/dumps/000_9d9642a96f038558.txt', 'utf8');
// LENS_LOCALE_SHOTS=dir keeps pictures of each page at its real width, to look at clipped labels.
const SHOTS = process.env.LENS_LOCALE_SHOTS;

/** What each page must say in each language (the catalogs' words, checked as a user reads them). */
const WORDS = {
  ru: {
    ui: /^ru\b/,
    options: 'Настройки Lens',
    delay: 'мс',
    library: 'Библиотека Lens',
    empty: 'Ваша библиотека пуста',
    storage: /0 сохранённых постов/,
    tabs: ['Оглавление', 'Сноски (17)', 'Сохранённое'],
    meta: /мин чтения · [\d\s\u00a0]+ слов/,
    preview: 'Сноска 1',
    readingView: { status: '20 постов', back: '← К исходной странице', name: 'Режим чтения Lens' },
  },
  en: {
    ui: /^en\b/,
    options: 'Lens settings',
    delay: 'ms',
    library: 'Lens library',
    empty: 'Your library is empty',
    storage: /0 saved posts/,
    tabs: ['Outline', 'Footnotes (17)', 'Saved'],
    meta: /min read · [\d,]+ words/,
    preview: 'Footnote 1',
    readingView: { status: '20 posts', back: '← Back to original page', name: 'Lens reading view' },
  },
} as const;

async function shot(page: LensPage, name: string, fullPage = true): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage });
  if (page.browserName !== 'chromium') return;
  const raw = page.raw as PwPage;
  await raw.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: resolve(SHOTS, `${name}-dark.png`), fullPage });
  await raw.emulateMedia({ colorScheme: 'light' });
}

// The aggregator as Drupal serves it, one <p> per line of the dump (as in reading-view.e2e.ts).
function aggregatorPage(text: string): string {
  const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const lines = text
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>LessWrong на русском</title></head><body><div id="page"><main><div class="region-content">${lines}</div></main></div></body></html>`;
}

async function resize(page: LensPage, width: number): Promise<void> {
  if (page.browserName === 'chromium') await (page.raw as PwPage).setViewportSize({ width, height: 800 });
  else await (page.raw as PpPage).setViewport({ width, height: 800 });
}

/**
 * Words cut off at this width: text that runs past the window's edge, and boxes whose text overflows them where it is
 * hidden (a tab or button that clips or ellipsises its label). Empty when every label shows whole.
 */
function clipped(page: LensPage): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > innerWidth + 1)
      out.push(`the page is ${root.scrollWidth}px wide in a ${innerWidth}px window`);
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim());
      // The post's own text (its notes and equations) is the author's, not a label: it wraps or scrolls as it must.
      if (!own || el.closest('.visually-hidden, [hidden], .footnote-text, .katex')) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0) continue;
      const text = (el.textContent ?? '').trim().slice(0, 40);
      if (rect.right > innerWidth + 1)
        out.push(`"${text}" runs ${Math.round(rect.right - innerWidth)}px past the edge`);
      const style = getComputedStyle(el);
      if (style.overflowX !== 'visible' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
        out.push(`"${text}" is cut: ${el.scrollWidth}px of text in ${el.clientWidth}px`);
    }
    return out;
  });
}

describe.each(BROWSERS)('%s: the UI language', (name) => {
  describe.each(['ru', 'en'] as const)('%s', (locale) => {
    const words = WORDS[locale];
    let server: FixtureServer;
    let browser: LensBrowser;

    beforeAll(async () => {
      server = await startFixtureServer();
      browser = await launch(name, { server, locale });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    test('the extension reads the browser’s language', async () => {
      const ui = await browser.evaluateBackground(() => {
        type I18n = { getUILanguage(): string; getMessage(key: string): string };
        const g = globalThis as unknown as { browser?: { i18n: I18n }; chrome?: { i18n: I18n } };
        const i18n = (g.browser ?? g.chrome)!.i18n;
        return { ui: i18n.getUILanguage(), name: i18n.getMessage('extName'), locale: i18n.getMessage('locale') };
      });
      expect(ui.ui).toMatch(words.ui);
      expect(ui.locale).toBe(locale);
      expect(ui.name).toBe(locale === 'ru' ? 'Lens для LessWrong' : 'Lens for LessWrong');
    });

    // Chromium only: Firefox's background page has a DOM of its own and no offscreen document.
    if (name === 'chromium')
      test('the offscreen document, which has no browser.i18n, answers in the worker’s language', async () => {
        const error = await browser.evaluateBackground(async () => {
          type Chrome = {
            i18n: { getMessage(key: string): string };
            offscreen: { createDocument(p: object): Promise<void> };
            runtime: { getURL(p: string): string; sendMessage(m: object): Promise<{ error?: string }> };
          };
          const c = (globalThis as unknown as { chrome: Chrome }).chrome;
          // The URL lib/background/library.ts gives it; an object without an id is refused with a sentence from its catalog.
          const url = c.runtime.getURL(`/offscreen.html?locale=${c.i18n.getMessage('locale')}`);
          await c.offscreen
            .createDocument({ url, reasons: ['DOM_PARSER'], justification: 'test' })
            .catch(() => undefined);
          return (await c.runtime.sendMessage({ type: 'offscreen-clean-post', post: {} }))?.error;
        });
        expect(error).toBe(
          locale === 'ru'
            ? 'Lens не смог сохранить этот пост: id missing.'
            : 'Lens could not save this post: id missing.',
        );
      });

    test('the options page', async () => {
      const page = await browser.openExtensionPage('options.html');
      await page.waitForSelector('form.options');
      const view = await page.evaluate(() => ({
        h1: document.querySelector('h1')?.textContent,
        title: document.title,
        lang: document.documentElement.lang,
        delay: document.querySelector('label[for="lens-preview-delay"]')?.textContent,
      }));
      expect(view).toMatchObject({ h1: words.options, title: words.options, lang: locale });
      expect(view.delay?.trim().endsWith(words.delay)).toBe(true);
      await shot(page, `${name}-${locale}-options`);
      // Opened in a tab: at a narrow window (a phone-width tab, or a side-by-side half screen) nothing is cut.
      await resize(page, 480);
      await shot(page, `${name}-${locale}-options-480`);
      expect(await clipped(page)).toEqual([]);
      // The unit stays on its number field's line (a no-break space joins them in both catalogs).
      const unitBesideField = await page.evaluate(() => {
        const input = document.getElementById('lens-preview-delay');
        const unit = input?.nextSibling;
        if (!input || !unit) return false;
        const range = document.createRange();
        range.selectNodeContents(unit);
        const [a, b] = [input.getBoundingClientRect(), range.getBoundingClientRect()];
        return b.top < a.bottom && b.bottom > a.top;
      });
      expect(unitBesideField).toBe(true);
      expect(page.errors).toEqual([]);
      await page.close();
    });

    test('the reader’s library', async () => {
      const page = await browser.openExtensionPage('reader.html');
      await page.waitFor(() => document.querySelector('.lens-empty.is-welcome, .lens-library')?.textContent);
      const view = await page.evaluate(() => ({
        h1: document.querySelector('h1')?.textContent,
        lang: document.documentElement.lang,
        empty: document.querySelector('.lens-empty')?.textContent ?? '',
        storage: document.querySelector('.lens-storage')?.textContent ?? '',
      }));
      expect(view.h1).toBe(words.library);
      expect(view.lang).toBe(locale);
      expect(view.empty.startsWith(words.empty)).toBe(true);
      expect(view.storage).toMatch(words.storage);
      await shot(page, `${name}-${locale}-reader`);
      expect(page.errors).toEqual([]);
      await page.close();
    });

    test('the side panel and a footnote preview on a post', async () => {
      const url = server.html('www.lesswrong.com', POST_PATH, PAGE);
      const page = await browser.newPage();
      await page.goto(url);
      const tabId = await browser.tabId(page);
      const panel = await browser.openExtensionPage(`sidepanel.html?tab=${tabId}`);
      await panel.bringToFront();
      await panel.waitFor(() => document.querySelectorAll('.outline-entry').length >= 12, undefined, {
        timeout: 30_000,
      });
      // The outline paints first; the reading time follows once the whole post is there (a task later).
      await panel.waitFor(() => /\d/.test(document.querySelector('.post-meta')?.textContent ?? ''), undefined, {
        timeout: 30_000,
      });
      const view = await panel.evaluate(() => ({
        tabs: [...document.querySelectorAll('[role="tab"]')].map((b) => b.textContent ?? ''),
        meta: document.querySelector('.post-meta')?.textContent ?? '',
        lang: document.documentElement.lang,
      }));
      expect(view.tabs).toEqual(words.tabs);
      expect(view.meta).toMatch(words.meta);
      expect(view.lang).toBe(locale);
      // The side panel's real width: Chrome's narrowest is 320 px (Firefox's sidebar opens about as wide).
      await resize(panel, 320);
      await shot(panel, `${name}-${locale}-sidepanel`);
      expect(await clipped(panel)).toEqual([]);
      for (const tab of ['footnotes', 'saved']) {
        await panel.click(`#tab-${tab}`);
        await panel.waitFor(
          (t: string) => document.getElementById(`tab-${t}`)?.getAttribute('aria-selected') === 'true',
          tab,
        );
        await shot(panel, `${name}-${locale}-sidepanel-${tab}`);
        expect(await clipped(panel)).toEqual([]);
      }
      expect(panel.errors).toEqual([]);
      await panel.close();

      // In the page: the content script's words come from the same catalog.
      await page.bringToFront();
      await page.hover('#postContent a[href="#fn9i6jb0p1fl"]');
      const label = await page.waitFor(
        () => document.getElementById('lens-preview-host')?.shadowRoot?.querySelector('.lens-label')?.textContent,
        undefined,
        { timeout: 15_000 },
      );
      expect(label).toMatch(new RegExp(`^${words.preview.replace(' 1', ' \\d+')}$`));
      // This note holds math: KaTeX renders into the preview a task after the label, and only then do its fonts start
      // loading. Closing the tab mid-download aborts them, which Firefox logs as an extension font error that the next
      // test's check would see. So wait for the math, let layout ask for its fonts, and wait for those to arrive.
      await page.waitFor(
        () => !!document.getElementById('lens-preview-host')?.shadowRoot?.querySelector('.lens-preview .katex'),
        undefined,
        { timeout: 15_000 },
      );
      await page.evaluate(async () => {
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        await document.fonts.ready;
      });
      // The page's own errors (its MathJax fonts from a CDN the fixture server does not answer) are not Lens's.
      expect(await browser.extensionErrors()).toEqual([]);
      await page.close();
    });

    test('the reading view on the aggregator', async () => {
      const url = server.html('lesswrong.ru', '/aggregator/sources/1', aggregatorPage(DUMP));
      const page = await browser.newPage();
      await page.goto(url);
      const view = await page.waitFor(
        () => {
          const root = document.querySelector('lens-reading-view')?.shadowRoot;
          if (!root || root.querySelector('progress') || !root.querySelector('article')) return null;
          return {
            status: root.querySelector('[role="status"]')?.textContent ?? '',
            back: root.querySelector('.lens-back')?.textContent ?? '',
            name: root.querySelector('nav')?.getAttribute('aria-label') ?? '',
          };
        },
        undefined,
        { timeout: 30_000 },
      );
      expect(view).toEqual(words.readingView);
      // The first screen only: the whole dump is too tall for one picture.
      await shot(page, `${name}-${locale}-reading-view`, false);
      // The tab stays open (the browser closes after this last test): closing it while KaTeX's fonts still load
      // would abort them, which Firefox logs as an extension font error. The fonts the view asked for are waited for
      // too (as reading-view.e2e.ts does), so the browser's close cannot catch one mid-download either.
      await page.evaluate(async () => {
        await document.fonts.ready;
      });
      expect(await browser.extensionErrors()).toEqual([]);
    });
  });
});
