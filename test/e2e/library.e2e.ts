// Issue 4 in real browsers: a saved post is readable after a restart with the network gone (footnotes, math), the
// real dump imports through the file input, and a JSON backup carries the library into a fresh profile.
// Saving is driven by the `save-post` message the content script sends (sent here from an extension page, with the
// Post parsed from the fixture page in Node) and by the reader's save-link route against a recorded GraphQL answer.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BROWSERS, type LensPage, launch } from './browsers';
import { parsePage } from './parse-page';
import { browserRun, clickButton, sendSave, textMatching } from './run';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHELL = resolve(ROOT, 'test/fixtures/lw-abstract-entropy-page-shell');
const PAGE_HTML = readFileSync(resolve(SHELL, 'input.html'), 'utf8');
const PAGE_URL = (JSON.parse(readFileSync(resolve(SHELL, 'meta.json'), 'utf8')) as { url: string }).url;
const CORPUS = resolve(ROOT, 'test/fixtures/dump-lesswrong-ru-aggregator/input.txt');
const DUMP = readFileSync(existsSync(CORPUS) ? CORPUS : '/work/shared/fixtures/dumps/000_9d9642a96f038558.txt', 'utf8');
const GRAPHQL = readFileSync(resolve(ROOT, 'test/fixtures-store/graphql-post-terminal-cynicism.json'), 'utf8');

/** The library's titles as the reader lists them (empty until the list has loaded). */
function titles(page: LensPage): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('section[aria-label="Saved posts"] h3 a')].map((a) => a.textContent ?? ''),
  );
}

async function waitForTitles(page: LensPage, count: number, timeout = 30_000): Promise<string[]> {
  return (await page.waitFor(
    (n: number) => {
      const t = [...document.querySelectorAll('section[aria-label="Saved posts"] h3 a')].map(
        (a) => a.textContent ?? '',
      );
      return t.length === n ? t : null;
    },
    count,
    { timeout },
  ))!;
}

async function chooseFile(page: LensPage, inputId: string, name: string, type: string, text: string): Promise<void> {
  await page.evaluate(
    (a: { inputId: string; name: string; type: string; text: string }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([a.text], a.name, { type: a.type }));
      const input = document.getElementById(a.inputId) as HTMLInputElement;
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { inputId, name, type, text },
  );
}

/** Opens the one Import (and export) dialog from the library's header. */
async function openImport(page: LensPage): Promise<void> {
  await clickButton(page, 'Import and export…');
  await page.waitForSelector('dialog[open] #lens-import-file');
}

/** The reader's status line once it matches `pattern`. */
function statusText(page: LensPage, pattern: string, timeout?: number): Promise<string> {
  return textMatching(page, '[role="status"]', pattern, timeout);
}

describe.each(BROWSERS)('%s: the saved library', (name) => {
  const run = browserRun(name);
  const post = parsePage(PAGE_HTML, PAGE_URL);

  test('a post saved on its page is readable after a restart with the network gone, footnotes and math included', async () => {
    run.server.html(new URL(PAGE_URL).host, new URL(PAGE_URL).pathname, PAGE_HTML);
    run.server.route('www.lesswrong.com', '/graphql', GRAPHQL, { contentType: 'application/json' });
    let browser = await run.open();
    const site = await browser.newPage();
    await site.goto(run.server.url(new URL(PAGE_URL).host, new URL(PAGE_URL).pathname));
    const reader = await browser.openExtensionPage('reader.html');
    // The page's 8 figures are on res.cloudinary.com, which Lens was not given access to: none is fetched, all stay remote.
    expect(await sendSave(reader, post)).toEqual({
      ok: true,
      updated: false,
      firstSave: true,
      images: { total: 8, kept: 0, notAllowed: ['https://res.cloudinary.com'], failed: 0 },
    });
    // The reader's own save-link route (a Lens page fetching and saving a link itself), from the recorded answer; the
    // context menus go through the background instead (offscreen document in Chromium), covered by save.e2e.ts.
    await reader.evaluate(
      (h: string) => {
        location.hash = h;
      },
      `save-link=${encodeURIComponent('http://www.lesswrong.com/posts/aM6qtJ8gH72d7Hyqa/terminal-cynicism')}`,
    );
    await statusText(reader, 'Saved “Terminal Cynicism” to Lens');
    expect(await waitForTitles(reader, 2)).toEqual(expect.arrayContaining([post.title, 'Terminal Cynicism']));
    await run.close();

    await run.server.stop();
    await run.server.start();
    run.server.clear();
    browser = await run.open();
    const offline = await browser.openExtensionPage(`reader.html#post=${post.id}`);
    const shown = await offline.waitFor(
      () => {
        // Math renders in slices so a long post never blocks the page: wait until every equation is done.
        const equations = document.querySelectorAll('.lens-post-body .lens-math');
        const pending = [...equations].filter((e) => !e.querySelector('.katex') && !e.matches('.lens-math-error'));
        const math = document.querySelectorAll('.lens-post-body .katex').length;
        const notes = document.querySelectorAll('.lens-footnotes li').length;
        const title = document.querySelector('h1')?.textContent;
        return equations.length > 0 && pending.length === 0 ? { math, notes, title } : null;
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(shown).toMatchObject({ title: post.title, notes: post.footnotes.length });
    // Every equation of the stored body is rendered by KaTeX offline (the bundled fonts, no network).
    expect(shown!.math).toBe(post.html.split('data-lens-tex=').length - 1);
    expect(shown!.math).toBeGreaterThan(10);
    expect(run.server.requests.filter((r) => r.path === '/graphql' || r.path.startsWith('/posts/'))).toEqual([]);
    // Remote images in the post body cannot load offline (only text, notes and math are stored); nothing else may fail.
    const origin = browser.extensionOrigin;
    expect(offline.errors.filter((e) => e.kind === 'pageerror' || e.url?.startsWith(origin))).toEqual([]);
  });

  test('the real dump imports through the file input as 20 posts', async () => {
    const browser = await run.open();
    const reader = await browser.openExtensionPage('reader.html');
    await waitForTitles(reader, 2);
    // The list came from reader-boot.js, the page's first (classic) script, which the page's CSP let run before the
    // modules; it read the database before the module code took over.
    expect(
      await reader.evaluate(() => {
        const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN;
        return {
          early: (globalThis as Record<string, unknown>).__lensFirstScreen instanceof Promise,
          read: mark('lens:reader-first-page') >= mark('lens:reader-boot'),
        };
      }),
    ).toEqual({ early: true, read: true });
    await openImport(reader);
    await chooseFile(reader, 'lens-import-file', 'dump.txt', 'text/plain', DUMP);
    await statusText(reader, 'dump\\.txt is a text dump: found 20 posts');
    await clickButton(reader, 'Save all 20');
    await statusText(reader, 'Saved 20 of 20 posts', 60_000);
    expect(await waitForTitles(reader, 22)).toHaveLength(22);
  });

  test('export, then import into a fresh profile, gives the same library', async () => {
    const browser = await run.open();
    const reader = await browser.openExtensionPage('reader.html');
    await waitForTitles(reader, 22);
    await openImport(reader);
    const backup = await reader.evaluate(async () => {
      // Catch the download the button starts: the blob it links to is the backup file.
      const original = HTMLAnchorElement.prototype.click;
      const got = new Promise<string>((resolve) => {
        HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
          if (this.download)
            void fetch(this.href)
              .then((r) => r.text())
              .then(resolve);
          else original.call(this);
        };
      });
      [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Download backup'))!.click();
      const text = await got;
      HTMLAnchorElement.prototype.click = original;
      return text;
    });
    const before = (await titles(reader)).sort();
    const parsed = JSON.parse(backup) as { format: string; posts: unknown[] };
    expect(parsed.format).toBe('lens-backup');
    expect(parsed.posts).toHaveLength(22);

    const fresh = await launch(name, { server: run.server });
    try {
      const other = await fresh.openExtensionPage('reader.html');
      await other.waitFor(() => document.querySelector('.lens-empty')?.textContent?.includes('Your library is empty'));
      await openImport(other);
      await chooseFile(other, 'lens-import-file', 'lens-backup.json', 'application/json', backup);
      await statusText(other, 'lens-backup\\.json is a Lens backup from \\d{4}-\\d\\d-\\d\\d with 22 posts');
      await clickButton(other, 'Import backup (22 posts)');
      await statusText(other, 'Imported lens-backup\\.json: 22 added, 0 merged');
      expect((await waitForTitles(other, 22)).sort()).toEqual(before);
    } finally {
      await fresh.close();
    }
  });
});
