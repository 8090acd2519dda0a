// README pictures of the reader page (issue 12): the library and a post, light and dark, wide and narrow. Runs only
// under `npm run screenshots` (LENS_SCREENSHOTS=1), in Chromium; writes docs/screenshot-reader-*.png.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Post } from '../../lib/model';
import { type LensBrowser, type LensPage, launch } from './browsers';
import { parsePage } from './parse-page';
import { type FixtureServer, startFixtureServer } from './server';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DOCS = resolve(ROOT, 'docs');

function fixturePost(dir: string): Post {
  const base = resolve(ROOT, 'test/fixtures', dir);
  const url = (JSON.parse(readFileSync(resolve(base, 'meta.json'), 'utf8')) as { url: string }).url;
  return parsePage(readFileSync(resolve(base, 'input.html'), 'utf8'), url);
}

async function send(page: LensPage, message: unknown): Promise<unknown> {
  return page.evaluate(async (m: unknown) => {
    type Runtime = { runtime: { sendMessage: (m: unknown) => Promise<unknown> } };
    const g = globalThis as unknown as { browser?: Runtime; chrome: Runtime };
    return (g.browser ?? g.chrome).runtime.sendMessage(m);
  }, message);
}

const SIZES = { wide: { width: 1400, height: 900 }, narrow: { width: 420, height: 860 } } as const;

describe.runIf(process.env.LENS_SCREENSHOTS)('chromium: reader screenshots for the README', () => {
  let server: FixtureServer;
  let browser: LensBrowser;
  const entropy = fixturePost('lw-abstract-entropy-page-shell');

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launch('chromium', { server });
    const page = await browser.openExtensionPage('reader.html');
    const posts = [
      fixturePost('ea-distinguish-page-shell'),
      fixturePost('af-interpretability-sequence-page-shell'),
      entropy,
    ];
    for (const post of posts) expect(await send(page, { type: 'save-post', post })).toMatchObject({ ok: true });
    // A reading place and tags, so the cards show progress, "Continue reading" and tags as a used library does.
    await page.evaluate(
      async (a: { id: string; other: string }) => {
        const open = indexedDB.open('lens-library');
        const db = await new Promise<IDBDatabase>((r) => {
          open.onsuccess = () => r(open.result);
        });
        const tx = db.transaction('entries', 'readwrite');
        const store = tx.objectStore('entries');
        const put = (id: string, change: Record<string, unknown>) =>
          new Promise<void>((r) => {
            const get = store.get(id);
            get.onsuccess = () => {
              store.put({ ...get.result, ...change });
              r();
            };
          });
        await put(a.id, { progress: 0.42, readAt: Date.now(), tags: ['physics', 'information theory'] });
        await put(a.other, { read: true, tags: ['alignment'] });
        await new Promise((r) => {
          tx.oncomplete = r;
        });
      },
      { id: entropy.id, other: posts[1]!.id },
    );
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const theme of ['light', 'dark'] as const) {
    for (const size of ['wide', 'narrow'] as const) {
      test(`library and post, ${theme}, ${size}`, async () => {
        const page = await browser.openExtensionPage('reader.html');
        await (page.raw as PwPage).setViewportSize(SIZES[size]);
        await (page.raw as PwPage).emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
        await page.evaluate(async (t: string) => {
          type Local = { storage: { local: { set: (v: unknown) => Promise<void> } } };
          const g = globalThis as unknown as { chrome: Local };
          await g.chrome.storage.local.set({ 'lens:reader': { theme: t, size: 20, width: 'medium' } });
        }, theme);
        await page.evaluate(() => location.reload());
        await page.waitFor(
          () => document.querySelector('.lens-continue') && document.querySelector('.lens-entry-excerpt'),
        );
        await page.screenshot({ path: resolve(DOCS, `screenshot-reader-library-${theme}-${size}.png`) });
        await page.evaluate((id: string) => {
          location.hash = `post=${id}`;
        }, entropy.id);
        await page.waitFor(() => document.querySelector('.lens-post-body .katex'), undefined, { timeout: 30_000 });
        // A little way in: the outline marks the section being read, the bar and the time left show the progress.
        await page.evaluate(() => {
          document.querySelectorAll('.lens-post-body h2')[1]?.scrollIntoView({ block: 'start' });
          window.scrollBy(0, -60);
        });
        await page.waitFor(() => document.querySelector('.outline-entry[aria-current="location"]'));
        await page.screenshot({ path: resolve(DOCS, `screenshot-reader-post-${theme}-${size}.png`) });
        await page.close();
      });
    }
  }
});
