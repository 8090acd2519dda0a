// Shared by the store benches (fake-indexeddb in Node and real Chromium): the 200 KB post built from the real post,
// a Zipf-like synthetic library, and the median/report helpers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import type { Post } from '../../lib/model';
import { parseDocument } from '../../lib/parse/document';

const SHELL = join(import.meta.dirname, '..', 'fixtures', 'lw-abstract-entropy-page-shell');

/** The real post "Introduction to abstract entropy" parsed (happy-dom), its body repeated to `kb` KB. */
export function bigPost(kb = 200): Post {
  const html = readFileSync(join(SHELL, 'input.html'), 'utf8');
  const { url } = JSON.parse(readFileSync(join(SHELL, 'meta.json'), 'utf8')) as { url: string };
  const win = new Window({ url });
  const g = globalThis as Record<string, unknown>;
  g.window ??= win;
  g.document ??= win.document;
  g.DOMParser ??= win.DOMParser;
  const parsed = parseDocument(new win.DOMParser().parseFromString(html, 'text/html') as unknown as Document, url);
  if (!parsed) throw new Error('parseDocument returned null on the bench page');
  // The parsed body of the real post is ~55 KB (MathJax markup becomes TeX attributes); repeated to the budget's size.
  return { ...parsed, html: parsed.html.repeat(Math.ceil((kb * 1024) / parsed.html.length)).slice(0, kb * 1024) };
}

// A Zipf-like vocabulary of 20,000 pseudo-words plus some real ones, so term frequencies look like prose.
const SYL = 'ka lo mi ne ru ta vo shi en tro py al ign bay es pri or sca le int'.split(' ');
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

/** `n` pseudo-random words drawn Zipf-like from the vocabulary, the same for the same seed. */
export function words(seed: number, n: number): string {
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

/** The `i`-th post of the synthetic library: ~500 words of body in 8 paragraphs and a 20-word footnote. */
export function synthetic(i: number): Post {
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

/** The save time of the `i`-th synthetic post: one second apart, so the newest-first order is fixed. */
export const syntheticNow = (i: number) => 1_700_000_000_000 + i * 1000;

/** Queries over the synthetic library: real words, pseudo-words, prefixes being typed, author and title words. */
export const QUERIES = [
  'entropy',
  'bayes prior',
  'interpretability circuit',
  'author 42',
  'telesc',
  'corrigible deception',
  'calibrat',
  'post 4999',
];

/** The median (upper middle for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** Prints one figure with its budget and verdict; returns false on a miss. */
export function report(label: string, ms: number, budget?: number, runs?: number[]): boolean {
  const verdict = budget === undefined ? '' : `  budget ≤ ${budget} ms  ${ms <= budget ? 'PASS' : 'FAIL'}`;
  const all = runs ? `  (${runs.length} runs: ${runs.map((x) => x.toFixed(0)).join(' ')})` : '';
  console.log(`  ${label.padEnd(58)} ${ms.toFixed(1).padStart(8)} ms${verdict}${all}`);
  return budget === undefined || ms <= budget;
}
