// The saved-post store on fake-indexeddb in Node (issue 4 budgets): save a 200 KB post ≤ 20 ms; with 5,000 saved
// posts a search query ≤ 30 ms median and the library's first screen (first page of the list) ≤ 150 ms.
// `npx tsx test/bench/store.bench.ts`. Real-browser figures come from the e2e suite.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { Window } from 'happy-dom';
import type { Post } from '../../lib/model';
import { parseDocument } from '../../lib/parse/document';
import { sanitizeFully } from '../../lib/store/clean';
import { openLensDB } from '../../lib/store/db';
import { listEntries, savePost } from '../../lib/store/saved-posts';
import { LibrarySearch } from '../../lib/store/search';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'lw-abstract-entropy-page-shell');
const html = readFileSync(join(ROOT, 'input.html'), 'utf8');
const { url } = JSON.parse(readFileSync(join(ROOT, 'meta.json'), 'utf8')) as { url: string };
const win = new Window({ url });
const g = globalThis as Record<string, unknown>;
g.window = win;
g.document = win.document;
g.DOMParser = win.DOMParser;
const parsed = parseDocument(new win.DOMParser().parseFromString(html, 'text/html') as unknown as Document, url);
if (!parsed) throw new Error('parseDocument returned null on the bench page');
// The parsed body of the real post is ~55 KB (MathJax markup becomes TeX attributes); repeated to the budget's 200 KB.
const big: Post = {
  ...parsed,
  html: parsed.html.repeat(Math.ceil((200 * 1024) / parsed.html.length)).slice(0, 200 * 1024),
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

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

// A Zipf-like vocabulary of 20,000 pseudo-words plus some real ones, so term frequencies look like prose.
const SYL = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'ta',
  'vo',
  'shi',
  'en',
  'tro',
  'py',
  'al',
  'ign',
  'bay',
  'es',
  'pri',
  'or',
  'sca',
  'le',
  'int',
];
const REAL =
  'alignment bayes prior evidence entropy lens telescope cynicism interpretability circuit corrigible deception calibration'.split(
    ' ',
  );
const VOCAB = [
  ...REAL,
  ...Array.from({ length: 20_000 }, (_, i) => {
    let w = '';
    for (let n = i + 1; n > 0; n = Math.floor(n / SYL.length)) w += SYL[n % SYL.length];
    return w;
  }),
];
function words(seed: number, n: number): string {
  let x = (seed * 2654435761) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    // Zipf by inverse transform: rank ∝ exp(u·ln V), so low ranks (common words) dominate.
    const u = x / 2 ** 32;
    out.push(VOCAB[Math.min(VOCAB.length - 1, Math.floor(Math.exp(u * Math.log(VOCAB.length))) - 1)]!);
  }
  return out.join(' ');
}
function synthetic(i: number): Post {
  const id = `p${String(i).padStart(16, '0')}`;
  return {
    id,
    source: i % 5 === 0 ? 'alignmentforum' : 'lesswrong',
    url: `https://www.lesswrong.com/posts/${id}/x`,
    title: `Post ${i} on ${words(i, 4)}`,
    author: `Author ${i % 97}`,
    html: Array.from({ length: 8 }, (_, k) => `<p>${words(i * 31 + k, 60)}</p>`).join(''),
    headings: [],
    footnotes: [{ id: 'fn1', number: 1, html: `<p>${words(i + 7, 20)}</p>`, text: words(i + 7, 20), refIds: [] }],
    math: [],
  };
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
  for (let i = 0; i < N; i++) await savePost(fill, synthetic(i), { now: 1_700_000_000_000 + i * 1000 });
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
  const queries = [
    'entropy',
    'bayes prior',
    'interpretability circuit',
    'author 42',
    'telesc',
    'corrigible deception',
    'calibrat',
    'post 4999',
  ];
  report(
    `search query with ${N} posts`,
    await time(RUNS * 2, async (i) => search.search(queries[Math.abs(i) % queries.length]!, 50)),
    30,
  );
  const ts = performance.now();
  const json = JSON.stringify(await search.ready());
  report(
    `  (a persisted index would be ${(json.length / 1024 / 1024).toFixed(1)} MB; serialise)`,
    performance.now() - ts,
  );
  lib.close();
  if (failed) process.exitCode = 1;
}

void main();
