// The saved-post store on fake-indexeddb in Node (issue 4 budgets): save a 200 KB post ≤ 20 ms; with 5,000 saved
// posts a search query ≤ 30 ms median and the library's first screen (first page of the list) ≤ 150 ms.
// `npx tsx test/bench/store.bench.ts`. Real-browser figures: test/bench/store-chromium.bench.ts.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { sanitizeFully } from '../../lib/store/clean';
import { openLensDB } from '../../lib/store/db';
import { listEntries, savePost } from '../../lib/store/saved-posts';
import { LibrarySearch } from '../../lib/store/search';
import { bigPost, median, QUERIES, synthetic, syntheticNow } from './corpus';

const big = bigPost(200);

async function time(runs: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn(-1 - i);
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    xs.push(performance.now() - t);
  }
  return median(xs);
}

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const N = Number(process.env.BENCH_POSTS ?? 5000);
let failed = false;
function report(label: string, ms: number, budget?: number) {
  const verdict = budget === undefined ? '' : `  budget ≤ ${budget} ms  ${ms <= budget ? 'PASS' : 'FAIL'}`;
  if (budget !== undefined && ms > budget) failed = true;
  console.log(`  ${label.padEnd(46)} ${ms.toFixed(1).padStart(8)} ms${verdict}`);
}

async function main() {
  console.log(
    `store: fake-indexeddb in Node, ${RUNS} runs each (median); load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`,
  );
  const db = await openLensDB('bench-save', new IDBFactory());
  const kb = (big.html.length + big.footnotes.reduce((n, f) => n + f.html.length, 0)) / 1024;
  report(
    `save a ${kb.toFixed(0)} KB post (new entry)`,
    await time(RUNS, (i) => savePost(db, { ...big, id: `big${i}` })),
    20,
  );
  const resave: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await savePost(db, { ...big, id: `again${i}` });
    const t = performance.now();
    await savePost(db, { ...big, id: `again${i}`, title: 'changed' });
    resave.push(performance.now() - t);
  }
  report('save it again with changed content (keeps a version)', median(resave));
  report(`  + DOMPurify (sanitizeFully) on a page, for reference`, await time(5, async () => sanitizeFully(big.html)));

  const name = 'bench-library';
  const factory = new IDBFactory();
  const fill = await openLensDB(name, factory);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await savePost(fill, synthetic(i), { now: syntheticNow(i) });
  console.log(`  (filled ${N} posts in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  fill.close();

  const firstScreen = await time(RUNS, async () => {
    const fresh = await openLensDB(name, factory);
    await listEntries(fresh, { limit: 50 });
    fresh.close();
  });
  report(`first screen with ${N} posts (open + first 50, newest first)`, firstScreen, 150);

  const lib = await openLensDB(name, factory);
  const tr = performance.now();
  await lib.getAll('records');
  report(`  read all ${N} records (fake-indexeddb)`, performance.now() - tr);
  const tb = performance.now();
  const search = new LibrarySearch(lib);
  await search.ready();
  report(`search index build from the database (${N} posts, lazy, once)`, performance.now() - tb);
  const queries = QUERIES;
  report(
    `search query with ${N} posts`,
    await time(RUNS * 2, async (i) => search.search(queries[Math.abs(i) % queries.length]!, 50)),
    30,
  );
  const tp = performance.now();
  await search.persist();
  report(`  write the search index to the database (${await lib.count('search')} records)`, performance.now() - tp);
  const tl = performance.now();
  const stored = new LibrarySearch(lib);
  const first = await stored.search(queries[0]!, 50);
  report(`first query on opening, index from the database (${stored.origin?.from})`, performance.now() - tl);
  if (stored.origin?.from !== 'stored' || first.length === 0) throw new Error('the stored index was not used');
  stored.dispose();
  search.dispose();
  lib.close();
  if (failed) process.exitCode = 1;
}

void main();
