// Saving a whole sequence (issue 13) in real Chromium with the built extension (`npm run build` first):
// - a synthetic 340-post sequence (17 chapters of 20 posts, cycling through the corpus's real bodies) saved from the
//   side panel against the fixture server, whose /graphql answers every request after 50 ms by executing it with
//   graphql-js against LessWrong's schema: the time from the click to "Saved: 340 of 340", beside its polite floor
//   (340 request starts at least 250 ms apart: 85 s), for the record;
// - peak memory while it saves, sampled every 500 ms: the resident memory of the whole browser (every process of it:
//   worker, offscreen document, pages) and the side panel's JS heap; Chromium gives a service worker no
//   performance.memory, so the worker's own heap is printed only where it has one;
// - the sequence page's render time ≤ 100 ms median: the reader switching to #sequence=<id> → its chapters painted
//   (mark lens:sequence-rendered, set in an effect after the render), 340 posts listed.
import { execFileSync } from 'node:child_process';
import { performance as nodePerformance } from 'node:perf_hooks';
import { launch } from '../e2e/browsers';
import { startFixtureServer } from '../e2e/server';
import { answerGraphql, sequenceSite } from '../fixtures-store/lesswrong-api';
import { median, report } from './corpus';

const CHAPTERS = Number(process.env.BENCH_CHAPTERS ?? 17);
const PER_CHAPTER = Number(process.env.BENCH_PER_CHAPTER ?? 20);
const RENDERS = Number(process.env.BENCH_RENDERS ?? 7);
const LATENCY_MS = 50;
const TOTAL = CHAPTERS * PER_CHAPTER;

type Heap = { used: number } | null;

/** Resident memory of the whole launched browser (its main process, found by profile directory, and every descendant). */
function browserRss(profileDir: string): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), rss: Number(m[3]) * 1024, args: m[4]! }));
  const roots = rows.filter((r) => r.args.includes(profileDir) && !r.args.includes('--type='));
  const seen = new Set(roots.map((r) => r.pid));
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows)
      if (!seen.has(r.pid) && seen.has(r.ppid)) {
        seen.add(r.pid);
        grew = true;
      }
  }
  return rows.filter((r) => seen.has(r.pid)).reduce((n, r) => n + r.rss, 0);
}

async function main() {
  const server = await startFixtureServer();
  const site = sequenceSite({ chapterSizes: Array.from({ length: CHAPTERS }, () => PER_CHAPTER) });
  server.route(
    'www.lesswrong.com',
    '/graphql',
    async (_req, _url, body) => {
      await new Promise((r) => setTimeout(r, LATENCY_MS));
      return answerGraphql(site, body);
    },
    { contentType: 'application/json' },
  );
  const url = server.html(
    'www.lesswrong.com',
    '/s/fixtureSequence01',
    '<!doctype html><meta charset="utf-8"><title>A Fixture Sequence</title><h1>A Fixture Sequence</h1>',
  );
  const browser = await launch('chromium', { server });
  let ok = true;
  try {
    const tab = await browser.newPage();
    await tab.goto(url);
    const panel = await browser.openExtensionPage(`sidepanel.html?tab=${await browser.tabId(tab)}`);
    const label = `Save the whole sequence (${TOTAL} posts)`;
    await panel.waitFor(
      (l: string) => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === l),
      label,
      { timeout: 60_000 },
    );
    const workerHeap: number[] = [];
    const panelHeap: number[] = [];
    const rss: number[] = [browserRss(browser.profileDir)];
    let sampling = true;
    const sample = (async () => {
      while (sampling) {
        const w = (await browser
          .evaluateBackground(() => {
            const m = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
            return m ? { used: m.usedJSHeapSize } : null;
          })
          .catch(() => null)) as Heap;
        if (w) workerHeap.push(w.used);
        const p = (await panel
          .evaluate(() => {
            const m = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
            return m ? { used: m.usedJSHeapSize } : null;
          })
          .catch(() => null)) as Heap;
        if (p) panelHeap.push(p.used);
        rss.push(browserRss(browser.profileDir));
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const start = nodePerformance.now();
    await panel.evaluate((l: string) => {
      [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === l)!.click();
    }, label);
    await panel.waitFor(
      (want: string) => document.querySelector('.job-count')?.textContent === want,
      `Saved: ${TOTAL} of ${TOTAL}`,
      { timeout: 30 * 60_000 },
    );
    const saveMs = nodePerformance.now() - start;
    sampling = false;
    await sample;
    console.log(`  sequence of ${TOTAL} posts (${CHAPTERS} chapters), server answering in ${LATENCY_MS} ms:`);
    report('save the whole sequence, click → Saved: N of N', saveMs);
    report('  its polite floor (N starts ≥ 250 ms apart)', (TOTAL - 1) * 250);
    const mb = (xs: number[]) => (xs.length ? `${(Math.max(...xs) / 1e6).toFixed(1)} MB` : 'not measurable here');
    console.log(`  peak JS heap while saving: service worker ${mb(workerHeap)}, side panel ${mb(panelHeap)}`);
    console.log(
      `  browser resident memory (all its processes): before ${(rss[0]! / 1e6).toFixed(0)} MB, peak while saving ${(Math.max(...rss) / 1e6).toFixed(0)} MB, at the end ${(rss.at(-1)! / 1e6).toFixed(0)} MB`,
    );
    if (workerHeap.length) {
      console.log(
        `    worker heap first/last sample: ${(workerHeap[0]! / 1e6).toFixed(1)} / ${(workerHeap.at(-1)! / 1e6).toFixed(1)} MB (${workerHeap.length} samples)`,
      );
    }

    const reader = await browser.openExtensionPage('reader.html');
    await reader.waitFor(() => document.querySelector('.lens-sequence-card'), undefined, { timeout: 60_000 });
    const renders: number[] = [];
    const reads: number[] = [];
    for (let i = 0; i < RENDERS; i++) {
      // No named functions inside: tsx would wrap them in a helper the page does not have.
      const ms = await reader.evaluate(
        async (args: { id: string; total: number }) => {
          performance.clearMarks('lens:sequence-rendered');
          performance.clearMarks('lens:sequence-read');
          const t0 = performance.now();
          location.hash = `sequence=${args.id}`;
          for (;;) {
            const m = performance.getEntriesByName('lens:sequence-rendered')[0];
            if (m) {
              const n = document.querySelectorAll('.lens-sequence-chapter li').length;
              if (n !== args.total) throw new Error(`listed ${n} posts, expected ${args.total}`);
              const read = performance.getEntriesByName('lens:sequence-read')[0];
              return { total: m.startTime - t0, read: (read?.startTime ?? Number.NaN) - t0 };
            }
            await new Promise((r) => requestAnimationFrame(r));
          }
        },
        { id: 'fixtureSequence01', total: TOTAL },
      );
      renders.push(ms.total);
      reads.push(ms.read);
      await reader.evaluate(() => {
        location.hash = 'library';
      });
      await reader.waitFor(() => document.querySelector('.lens-sequence-card'));
    }
    ok = report(`sequence page render (${TOTAL} posts), hash → painted`, median(renders), 100, renders) && ok;
    report('  of which: hash → its data read from IndexedDB', median(reads), undefined, reads);
  } finally {
    await browser.close();
    await server.stop();
  }
  process.exit(ok ? 0 : 1);
}

void main();
