// The reader page (issue 12): the library and a saved post, light and dark, wide and narrow.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import type { Post } from '../../lib/model';
import type { LensBrowser } from '../e2e/browsers';
import { parsePage } from '../e2e/parse-page';
import type { Shot, ShotContext } from './shots';

const ROOT = resolve(import.meta.dirname, '..', '..');

function fixturePost(dir: string): Post {
  const base = resolve(ROOT, 'test/fixtures', dir);
  const url = (JSON.parse(readFileSync(resolve(base, 'meta.json'), 'utf8')) as { url: string }).url;
  return parsePage(readFileSync(resolve(base, 'input.html'), 'utf8'), url);
}

const SIZES = { wide: { width: 1400, height: 900 }, narrow: { width: 420, height: 860 } } as const;
let seeded: Promise<Post> | undefined;

/** Saves three real posts once, with a reading place and tags, as a used library has them. */
function seed(browser: LensBrowser): Promise<Post> {
  seeded ??= (async () => {
    const entropy = fixturePost('lw-abstract-entropy-page-shell');
    const other = fixturePost('af-interpretability-sequence-page-shell');
    const page = await browser.openExtensionPage('reader.html');
    // Strings, not functions: tsx adds name helpers to functions that do not exist in the page.
    const raw = page.raw as PwPage;
    for (const post of [fixturePost('ea-distinguish-page-shell'), other, entropy])
      await raw.evaluate(`chrome.runtime.sendMessage(${JSON.stringify({ type: 'save-post', post })})`);
    await raw.evaluate(`new Promise((done) => {
      const open = indexedDB.open('lens-library');
      open.onsuccess = () => {
        const tx = open.result.transaction('entries', 'readwrite');
        const store = tx.objectStore('entries');
        const changes = ${JSON.stringify({
          [entropy.id]: { progress: 0.42, readAt: Date.now(), tags: ['physics', 'information theory'] },
          [other.id]: { read: true, tags: ['alignment'] },
        })};
        for (const [id, change] of Object.entries(changes)) {
          const get = store.get(id);
          get.onsuccess = () => store.put({ ...get.result, ...change });
        }
        tx.oncomplete = () => done(true);
      };
    })`);
    await page.close();
    return entropy;
  })();
  return seeded;
}

async function take(ctx: ShotContext, view: 'library' | 'post', theme: 'light' | 'dark', size: keyof typeof SIZES) {
  const entropy = await seed(ctx.browser);
  const page = await ctx.browser.openExtensionPage('reader.html');
  await (page.raw as PwPage).setViewportSize(SIZES[size]);
  await (page.raw as PwPage).emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
  await (page.raw as PwPage).evaluate(
    `chrome.storage.local.set(${JSON.stringify({ 'lens:reader': { theme, size: 20, width: 'medium' } })})`,
  );
  await page.evaluate(() => location.reload());
  await page.waitFor(() => document.querySelector('.lens-continue') && document.querySelector('.lens-entry-excerpt'));
  if (view === 'post') {
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
  }
  await page.screenshot({ path: ctx.out(`screenshot-reader-${view}-${theme}-${size}.png`) });
  await page.close();
}

/** The reader's pictures for the README. */
export const shots: Shot[] = (['library', 'post'] as const).flatMap((view) =>
  (['light', 'dark'] as const).flatMap((theme) =>
    (['wide', 'narrow'] as const).map((size) => ({
      file: `screenshot-reader-${view}-${theme}-${size}.png`,
      take: (ctx: ShotContext) => take(ctx, view, theme, size),
    })),
  ),
);
