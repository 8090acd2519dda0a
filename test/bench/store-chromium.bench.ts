// The saved-post store in real Chromium with the built extension (issue 4 budgets; `npm run build` first):
// - save a 200 KB post ≤ 100 ms (issue 15's restatement of issue 4's 20 ms), read as strictly as it can be: the whole save-post round trip a content script makes
//   (message in, the worker → offscreen document: DOMPurify and the IndexedDB transaction, the image check, the
//   reply), with three floors under it measured in the same browser: a message round trip carrying the post, one
//   IndexedDB write of it, and Lens's sanitiser (DOMPurify) on it;
// - with 5,000 saved posts, the library's first screen: the reader's own share (its first script → list painted)
//   ≤ 50 ms (issue 15's restatement of issue 4's 150 ms from navigation start), beside reader.html navigation start →
//   the list's first rows painted (mark lens:library-shown, set after the paint), the presented frame (first-contentful-paint), and a blank extension page's own figures as the floor;
// - a search query ≤ 30 ms median: typing into the search box → results painted (measure lens:search);
// - plus how long after opening the reader the first query is answered (cold index), for the record.
// The bench runs a copy of the build with one page of its own added (bench-floor.html, blank: the floor, and the page
// the saves are sent from). The 5,000 posts are saved by the real savePost into fake-indexeddb in Node, then copied as
// they are into the extension's IndexedDB from that page, one transaction per 500 posts: nothing new is exposed in
// production.
import 'fake-indexeddb/auto';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import type { Page as PwPage } from 'playwright-core';
import { build } from 'vite';
import { openLensDB } from '../../lib/store/db';
import { savePost } from '../../lib/store/saved-posts';
import { BUILD_DIRS, type LensBrowser, type LensPage, launch } from '../e2e/browsers';
import { startFixtureServer } from '../e2e/server';
import { bigPost, median, QUERIES, report, synthetic, syntheticNow } from './corpus';
import { FLOOR_PAGE, FLOOR_SCRIPT_MARK, FLOOR_SCRIPT_PAGE, PAINT_OBSERVER, writeFloorPages } from './floors';

const N = Number(process.env.BENCH_POSTS ?? 5000);
const SAVES = Number(process.env.BENCH_RUNS ?? 20);
const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const COLD = Number(process.env.BENCH_COLD ?? 3);
const QUERY_ROUNDS = 5;
const BATCH = 500;
/** The library's first screen as a static page (its DOM after the first render, no script): painting it alone. */
const FLOOR_STATIC_PAGE = 'bench-floor-static.html';

let ok = true;
const note = (label: string, xs: number[], budget?: number) => {
  ok = report(label, median(xs), budget, xs) && ok;
};

type FirstScreen = {
  page: LensPage;
  /** Navigation start → the list's first rows painted (lens:library-shown, set after the paint). */
  shown: number;
  /** Navigation start → DOMContentLoaded ended: the page's modules fetched and run. */
  scripts: number;
  /** Navigation start → first contentful paint as the browser reports it (the frame presented). */
  fcp: number;
  /** The reader's first script running (lens:reader-boot) → list painted: the reader's own share. */
  own: number;
  /** Of which: its first script → the first render done (lens:reader-rendered): the reader's script and reads. */
  script: number;
  /** And: the first render done → the list painted: the browser producing and presenting that frame. */
  present: number;
};

/** The reader's library page, opened fresh, with when its first screen was painted (ms from navigation start). */
async function openLibrary(browser: LensBrowser): Promise<FirstScreen> {
  const page = await browser.openExtensionPage('reader.html');
  const r = await page.waitFor(
    () => {
      // The first title carries `elementtiming`: its paint time (Element Timing's renderTime, recorded from the page's
      // start by PAINT_OBSERVER) is "list painted", as exact as the floor's first-contentful-paint; builds without it
      // fall back to the mark set after the paint.
      const w = window as unknown as { __painted?: PerformanceEntry[] };
      const element = w.__painted?.find((e) => (e as unknown as { identifier: string }).identifier === 'lens-library');
      if (document.querySelector('[elementtiming="lens-library"]') && !element) return null;
      const mark = performance.getEntriesByName('lens:library-shown')[0];
      const m = element ? { startTime: (element as unknown as { renderTime: number }).renderTime } : mark;
      const boot = performance.getEntriesByName('lens:reader-boot')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      // The page's rows beyond the first screen follow a frame later; the check below waits for all 50.
      const rendered = performance.getEntriesByName('lens:reader-rendered')[0]?.startTime;
      return m && nav && fcp
        ? {
            shown: m.startTime,
            scripts: nav.domContentLoadedEventEnd,
            fcp: fcp.startTime,
            boot: boot?.startTime,
            rendered,
          }
        : null;
    },
    undefined,
    { timeout: 60_000 },
  );
  if (process.env.BENCH_TIMELINE)
    console.log(
      await page.evaluate(() =>
        [
          'lens:reader-boot',
          'lens:reader-first-page',
          'lens:reader-modules',
          'lens:reader-rendered',
          'first-contentful-paint',
        ]
          .map((n) => `${n.replace('lens:reader-', '')} ${performance.getEntriesByName(n)[0]?.startTime.toFixed(0)}`)
          .join('  '),
      ),
    );
  const rows = await page.waitFor(() => {
    const n = document.querySelectorAll('section[aria-label="Saved posts"] h3 a').length;
    return n >= 50 ? n : null;
  });
  if (rows !== 50) throw new Error(`first screen lists ${rows} posts, expected 50`);
  return {
    page,
    shown: r?.shown ?? Number.NaN,
    scripts: r?.scripts ?? Number.NaN,
    fcp: r?.fcp ?? Number.NaN,
    own: r?.boot === undefined ? Number.NaN : r.shown - r.boot,
    script: r?.boot === undefined || r.rendered === undefined ? Number.NaN : r.rendered - r.boot,
    present: r?.rendered === undefined ? Number.NaN : r.shown - r.rendered,
  };
}

/** A blank page of the extension (no script, one heading), opened as the library is: the browser's own floor. */
async function openFloor(browser: LensBrowser): Promise<{ fcp: number; scripts: number }> {
  const page = await browser.openExtensionPage(FLOOR_PAGE);
  const r = await page.waitFor(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return fcp && nav ? { fcp: fcp.startTime, scripts: nav.domContentLoadedEventEnd } : null;
  });
  await page.close();
  return { fcp: r?.fcp ?? Number.NaN, scripts: r?.scripts ?? Number.NaN };
}

/** The scripted floor: its script's start → its text painted (first-contentful-paint), as the reader's own share is read. */
async function openScriptFloor(browser: LensBrowser): Promise<number> {
  const page = await browser.openExtensionPage(FLOOR_SCRIPT_PAGE);
  const r = await page.waitFor((mark: string) => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const start = performance.getEntriesByName(mark)[0];
    return fcp && start ? fcp.startTime - start.startTime : null;
  }, FLOOR_SCRIPT_MARK);
  await page.close();
  return r ?? Number.NaN;
}

/** The static copy of the first screen: its parse done (domInteractive) → painted (first-contentful-paint). */
async function openStaticFloor(browser: LensBrowser): Promise<number> {
  const page = await browser.openExtensionPage(FLOOR_STATIC_PAGE);
  const r = await page.waitFor(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return fcp && nav ? fcp.startTime - nav.domInteractive : null;
  });
  await page.close();
  return r ?? Number.NaN;
}

/** Types `query` into the search box (one input event, as a paste would) and waits until its results are painted. */
async function searchOnce(
  page: LensPage,
  query: string,
): Promise<{ typing: number; fromStart: number; total: number; index: number }> {
  const before = await page.evaluate(() => performance.getEntriesByName('lens:search').length);
  await (page.raw as PwPage).fill('#lens-search-input', query);
  const r = await page.waitFor(
    (a: { before: number; query: string }) => {
      const all = performance.getEntriesByName('lens:search') as PerformanceMeasure[];
      const m = all.slice(a.before).find((e) => (e.detail as { query: string }).query === a.query);
      const i = (performance.getEntriesByName('lens:search-index') as PerformanceMeasure[]).findLast(
        (e) => (e.detail as { query: string }).query === a.query,
      );
      return m
        ? {
            typing: m.duration,
            fromStart: m.startTime + m.duration,
            total: (m.detail as { total: number }).total,
            index: i ? i.duration : Number.NaN,
          }
        : null;
    },
    { before, query },
    { timeout: 60_000 },
  );
  if (!r) throw new Error(`no lens:search measure for ${query}`);
  // The rows below the first screen follow a frame later; the next query is typed once they are there, as a reader
  // typing at a human pace would, so that each query is measured on its own.
  await page.waitFor(
    (want: number) => document.querySelectorAll('section[aria-label="Saved posts"] h3 a').length === want,
    Math.min(r.total, 50),
  );
  return r;
}

/** Empties the persisted search index (if this build has one), so the next reader page must build it from scratch. */
async function dropPersistedIndex(page: LensPage): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('lens-library');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('search')) {
            db.close();
            resolve();
            return;
          }
          const tx = db.transaction('search', 'readwrite');
          tx.objectStore('search').clear();
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** True once a persisted search index is stored (always false for a build without one). */
function hasPersistedIndex(page: LensPage): Promise<boolean> {
  return page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open('lens-library');
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('search')) {
            db.close();
            resolve(false);
            return;
          }
          const get = db.transaction('search').objectStore('search').count();
          get.onsuccess = () => {
            db.close();
            resolve(get.result > 0);
          };
        };
        open.onerror = () => resolve(false);
      }),
  );
}

/** Saves the synthetic library with the real savePost into fake-indexeddb, then copies it into the extension's. */
async function seed(setup: LensPage): Promise<void> {
  const fake = await openLensDB('seed', new IDBFactory());
  for (let i = 0; i < N; i++) await savePost(fake, synthetic(i), { now: syntheticNow(i) });
  const [entries, records] = await Promise.all([fake.getAll('entries'), fake.getAll('records')]);
  const generation = await fake.get('meta', 'generation');
  fake.close();
  for (let from = 0; from < N; from += BATCH) {
    await setup.evaluate(
      (a: { entries: unknown[]; records: unknown[]; generation: unknown }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('lens-library');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['entries', 'records', 'meta'], 'readwrite');
            for (const e of a.entries) tx.objectStore('entries').put(e);
            for (const r of a.records) tx.objectStore('records').put(r);
            tx.objectStore('meta').put(a.generation, 'generation');
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      { entries: entries.slice(from, from + BATCH), records: records.slice(from, from + BATCH), generation },
    );
  }
}

/** The store's operations (store-page.ts) bundled as a script for a page (global LensStore), by the project's Vite. */
async function storeBundle(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      lib: { entry: join(import.meta.dirname, 'store-page.ts'), formats: ['iife'], name: 'LensStore' },
      write: false,
      minify: true,
    },
  });
  const result = (Array.isArray(out) ? out[0] : out) as { output: { code: string }[] };
  return result.output[0]!.code;
}

/** The bundle's exports, as the page sees them. */
type StorePage = typeof import('./store-page');

async function main() {
  const server = await startFixtureServer();
  // BENCH_PROFILE=<dir> keeps the profile (and its seeded library) for repeated runs while working on the store.
  const profileDir = process.env.BENCH_PROFILE;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  // A fixed path keeps the extension's id (derived from it) and so a kept profile's library across runs.
  const extensionDir = join(tmpdir(), 'lens-bench-chromium-build');
  rmSync(extensionDir, { recursive: true, force: true });
  cpSync(BUILD_DIRS.chromium, extensionDir, { recursive: true });
  writeFloorPages(extensionDir, 'Lens library');
  const browser = await launch('chromium', { server, profileDir, extensionDir });
  console.log(
    `store in Chromium (built extension): ${N} posts, ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    "  previous figures (issue 4's closing note, npm run bench on main, load 2.8-4.1): save 92.9 ms, first screen 215.8 ms, the reader's own share 82 ms",
  );
  try {
    const big = bigPost(200);
    const kb = (big.html.length + big.footnotes.reduce((n, f) => n + f.html.length, 0)) / 1024;
    // The saves are sent from the bench's blank extension page: a reader.html here would also be told of every save
    // and re-render, on the main thread it shares with the offscreen document (one process for all extension pages).
    const setup = await browser.openExtensionPage(FLOOR_PAGE);
    // Element Timing entries reach an observer made after the paint only within a small buffer the browser may not
    // keep for a page opened with load awaited: every page of the bench records them from its first script.
    await (setup.raw as PwPage).context().addInitScript(PAINT_OBSERVER);
    await setup.evaluate((p: unknown) => {
      (globalThis as { __post?: unknown }).__post = p;
    }, big);
    // The content script's save: a save-post message to the background, which saves and replies. This is the whole
    // round trip the budget names, the strictest reading: runtime message in (the post), the worker → offscreen
    // document (the post again: DOMPurify, then the IndexedDB transaction there), its short answer, the image check in
    // the worker (these posts' images are on a host without permission: no fetch), the reply. Sent from an extension
    // page: the same runtime.sendMessage route a content script's message takes.
    const saves = await setup.evaluate(async (runs: number) => {
      type Runtime = { runtime: { sendMessage: (m: unknown) => Promise<{ ok: boolean; error?: string }> } };
      const g = globalThis as unknown as { chrome: Runtime; __post: { id: string } };
      const times: number[] = [];
      for (let i = -3; i < runs; i++) {
        const post = { ...g.__post, id: `bench${String(i + 3).padStart(12, '0')}` };
        const t = performance.now();
        const reply = await g.chrome.runtime.sendMessage({ type: 'save-post', post });
        if (!reply.ok) throw new Error(reply.error);
        if (i >= 0) times.push(performance.now() - t);
      }
      for (let i = 0; i < runs + 3; i++)
        await g.chrome.runtime.sendMessage({ type: 'unsave-post', id: `bench${String(i).padStart(12, '0')}` });
      return times;
    }, SAVES);
    // Issue 15 restates issue 4's 20 ms as 100 ms, the point where a reply still feels instant, with the floors beside.
    note(`save a ${kb.toFixed(0)} KB post (save-post message → saved → reply)`, saves, 100);
    // Two floors under that figure: the message round trip carrying the post, and one IndexedDB write of it.
    const floors = await setup.evaluate(async (runs: number) => {
      type Runtime = { runtime: { sendMessage: (m: unknown) => Promise<unknown> } };
      const g = globalThis as unknown as { chrome: Runtime; __post: { id: string } };
      const message: number[] = [];
      const put: number[] = [];
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('lens-bench-floor');
        open.onupgradeneeded = () => open.result.createObjectStore('x');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (let i = -3; i < runs; i++) {
        let t = performance.now();
        await g.chrome.runtime.sendMessage({ type: 'is-saved', id: 'none', post: g.__post });
        if (i >= 0) message.push(performance.now() - t);
        t = performance.now();
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('x', 'readwrite');
          tx.objectStore('x').put({ id: i, post: g.__post }, i);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        if (i >= 0) put.push(performance.now() - t);
      }
      db.close();
      indexedDB.deleteDatabase('lens-bench-floor');
      return { message, put };
    }, SAVES);
    note('  floor: a message round trip carrying the post', floors.message);
    note('  floor: one IndexedDB write of the post (extension page)', floors.put);
    // A third: Lens's own sanitiser (DOMPurify under Lens's rules), bundled into this page, on the post's HTML. Every
    // save runs it in the extension's origin (the offscreen document in Chrome) before storing.
    await (setup.raw as PwPage).evaluate(await storeBundle());
    const inPage = await setup.evaluate(async (runs: number) => {
      const g = globalThis as unknown as { LensStore: StorePage; __post: Parameters<StorePage['savePost']>[1] };
      const { openLensDB, savePost, sanitizeFully } = g.LensStore;
      const purify: number[] = [];
      const store: number[] = [];
      const storeClean: number[] = [];
      const db = await openLensDB('lens-bench-store');
      for (let i = -3; i < runs; i++) {
        let t = performance.now();
        sanitizeFully(g.__post.html);
        if (i >= 0) purify.push(performance.now() - t);
        t = performance.now();
        const a = await savePost(
          db,
          { ...g.__post, id: `store${String(i + 3).padStart(12, '0')}` },
          { sanitize: sanitizeFully },
        );
        if (i >= 0) store.push(performance.now() - t);
        t = performance.now();
        const b = await savePost(db, { ...g.__post, id: `clean${String(i + 3).padStart(12, '0')}` });
        if (i >= 0) storeClean.push(performance.now() - t);
        if (!a.ok || !b.ok) throw new Error('the store refused the bench post');
      }
      db.close();
      indexedDB.deleteDatabase('lens-bench-store');
      return { purify, store, storeClean };
    }, SAVES);
    note("  floor: DOMPurify on the post (Lens's sanitiser, same page)", inPage.purify);
    note("  the store's own save in this page: savePost with DOMPurify", inPage.store);
    note("  the store's own save in this page: savePost of a clean post", inPage.storeClean);

    // The library: saved by the real code in Node, copied into the extension's database in big transactions.
    const t0 = performance.now();
    const present = await setup.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('lens-library');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction('entries').objectStore('entries').count();
            count.onsuccess = () => {
              open.result.close();
              resolve(count.result);
            };
          };
        }),
    );
    if (present === 0) await seed(setup);
    else if (present !== N) throw new Error(`the kept profile holds ${present} posts, not ${N}`);
    console.log(`  (seeded ${N} posts in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    // The store's own first screen, in that page: open the library and read its first page (what the unit bench times
    // on fake-indexeddb), without the reader page's loading and painting around it.
    const storeFirst = await setup.evaluate(async (runs: number) => {
      const { openLensDB, listEntries } = (globalThis as unknown as { LensStore: StorePage }).LensStore;
      const times: number[] = [];
      for (let i = -2; i < runs; i++) {
        const t = performance.now();
        const db = await openLensDB();
        const page = await listEntries(db, { limit: 50 });
        if (i >= 0) times.push(performance.now() - t);
        db.close();
        if (page.entries.length !== 50) throw new Error(`the first page holds ${page.entries.length} posts`);
      }
      return times;
    }, LOADS);
    await setup.close();

    // The first screen, with whatever search index state the loads leave (the index never gates the list). Each load
    // of the library follows one of a blank extension page, the floor the browser sets for any page on this machine.
    const shown: number[] = [];
    const scripts: number[] = [];
    const fcps: number[] = [];
    const own: number[] = [];
    const floorFcp: number[] = [];
    const floorScripts: number[] = [];
    const floorOwn: number[] = [];
    const floorStatic: number[] = [];
    const ownScript: number[] = [];
    const ownPresent: number[] = [];
    {
      // The first screen as the reader rendered it, saved as a page of its own with its scripts taken out.
      const { page } = await openLibrary(browser);
      const html = await page.evaluate(() => {
        const copy = document.documentElement.cloneNode(true) as HTMLElement;
        for (const s of copy.querySelectorAll('script, link[rel="modulepreload"]')) s.remove();
        return `<!doctype html>${copy.outerHTML}`;
      });
      await page.close();
      writeFileSync(join(extensionDir, FLOOR_STATIC_PAGE), html);
    }
    for (let i = 0; i < LOADS; i++) {
      floorOwn.push(await openScriptFloor(browser));
      floorStatic.push(await openStaticFloor(browser));
      const floor = await openFloor(browser);
      floorFcp.push(floor.fcp);
      floorScripts.push(floor.scripts);
      const first = await openLibrary(browser);
      shown.push(first.shown);
      scripts.push(first.scripts);
      fcps.push(first.fcp);
      own.push(first.own);
      ownScript.push(first.script);
      ownPresent.push(first.present);
      await first.page.close();
    }
    note(`library first screen with ${N} posts (navigation → list painted)`, shown);
    note('  of which the reader bundle loaded and run (DOMContentLoaded)', scripts);
    // Issue 15 restates issue 4's 150 ms from navigation start (a blank extension page's floor takes most of it here)
    // as the reader's own share, with the floor printed below.
    note("  the reader's own share (its first script → list painted)", own, 50);
    note('  the frame presented (first-contentful-paint)', fcps);
    note('  floor: a blank extension page, DOMContentLoaded', floorScripts);
    note('      of which its script and reads (first script → first render done)', ownScript);
    note('      and the frame made and shown (first render done → painted)', ownPresent);
    note('  floor: a blank extension page, first-contentful-paint', floorFcp);
    note("  floor: a page's one classic script starts → its text painted", floorOwn);
    note('  floor: the same first screen as a static page, parsed → painted', floorStatic);
    // The share's own floor: what painting this first screen costs the browser alone, plus the store's read of its
    // page in a quiet page (measured below); no code could show the list in less here.
    {
      const floorShare = median(floorStatic) + median(storeFirst);
      console.log(
        `    floor of the share: the static first screen's paint + the store's first read = ${floorShare.toFixed(1)} ms${floorShare > 50 ? ' (above the 50 ms budget)' : ''}`,
      );
    }
    note("  the store's own first screen in a page: open + first 50 newest", storeFirst);

    // The first query right after opening, with no stored index: the index is built from every post.
    const coldBuild: number[] = [];
    for (let i = 0; i < COLD; i++) {
      const blank = await browser.openExtensionPage('reader.html#blank');
      await dropPersistedIndex(blank);
      await blank.close();
      const { page } = await openLibrary(browser);
      const r = await searchOnce(page, 'entropy');
      coldBuild.push(r.fromStart);
      await page.close();
    }
    note('first query after opening, no stored index (navigation → results)', coldBuild);

    // Let one page keep its index (a build that persists it writes it after a pause), then open cold from it.
    const keeper = await openLibrary(browser);
    await searchOnce(keeper.page, 'entropy');
    let persisted = false;
    for (let waited = 0; waited < 30_000 && !persisted; waited += 500) {
      persisted = await hasPersistedIndex(keeper.page);
      if (!persisted) await new Promise((r) => setTimeout(r, 500));
    }
    await keeper.page.close();
    if (persisted) {
      const coldStored: number[] = [];
      for (let i = 0; i < LOADS; i++) {
        const { page } = await openLibrary(browser);
        const r = await searchOnce(page, 'entropy');
        coldStored.push(r.fromStart);
        await page.close();
      }
      note('first query after opening, stored index (navigation → results)', coldStored);
    } else {
      console.log('  (this build stores no search index: every reader page builds it)');
    }

    // Warm queries: each typed into the box of one open library, results painted.
    const { page } = await openLibrary(browser);
    const totals = new Map<string, number>();
    await searchOnce(page, 'warm up');
    const warm: number[] = [];
    const inIndex: number[] = [];
    for (let round = 0; round < QUERY_ROUNDS; round++) {
      for (const q of QUERIES) {
        const r = await searchOnce(page, q);
        if (round > 0) {
          warm.push(r.typing);
          inIndex.push(r.index);
        }
        totals.set(q, r.total);
      }
    }
    await page.close();
    note(`search query with ${N} posts (typing → results painted)`, warm, 30);
    note('  of which the index query (MiniSearch, lens:search-index)', inIndex);
    console.log(`  (results: ${[...totals].map(([q, n]) => `${q}: ${n}`).join(', ')})`);
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(`  load average after: ${loadavg()[0]!.toFixed(1)}`);
  if (!ok) process.exitCode = 1;
}

await main();
