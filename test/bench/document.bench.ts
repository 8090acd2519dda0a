// parseDocument on a page shell around the real 222 KB post (test/fixtures/lw-abstract-entropy-page-shell) against
// Mozilla Readability's parse() on the same document, in Node with happy-dom. Budget (issue 2): ≤ 0.2× Readability.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { Window } from 'happy-dom';
import { parseDocument } from '../../lib/parse/document';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'lw-abstract-entropy-page-shell');
const html = readFileSync(join(ROOT, 'input.html'), 'utf8');
const { url } = JSON.parse(readFileSync(join(ROOT, 'meta.json'), 'utf8')) as { url: string };

const win = new Window({ url });
(globalThis as { window?: unknown }).window = win;
const doc = new win.DOMParser().parseFromString(html, 'text/html') as unknown as Document;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function time(runs: number, warm: number, fn: () => void): number {
  for (let i = 0; i < warm; i++) fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const post = parseDocument(doc, url);
if (!post) throw new Error('parseDocument returned null on the bench page');
const ours = time(RUNS, 3, () => parseDocument(doc, url));
// Readability mutates its input, so it gets a fresh clone each run; the clone is outside the timed part.
const readability = (() => {
  for (let i = 0; i < 2; i++) new Readability(doc.cloneNode(true) as Document).parse();
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const clone = doc.cloneNode(true) as Document;
    const t = performance.now();
    new Readability(clone).parse();
    xs.push(performance.now() - t);
  }
  return median(xs);
})();
const ratio = ours / readability;
console.log(`document: ${(html.length / 1024).toFixed(0)} KB page shell, ${RUNS} runs each (median)`);
console.log(
  `  parseDocument        ${ours.toFixed(1)} ms  (${post.footnotes.length} footnotes, ${post.math.length} equations)`,
);
console.log(`  Readability.parse()  ${readability.toFixed(1)} ms`);
console.log(`  ratio                ${ratio.toFixed(3)}×  budget ≤ 0.2×  ${ratio <= 0.2 ? 'PASS' : 'FAIL'}`);
if (ratio > 0.2) process.exitCode = 1;
