// `npx tsx test/bench/text.bench.ts`: parseText on the real 257 KB dump against a floor (split lines, test one regex per
// line), and the ~10 MB generated dump per byte against the 257 KB one. Budgets from issue 2: ≤ 10× the floor, ≤ 1.3×
// per byte. Prints figures; never asserts inside the test suite (GUIDE §5).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseText } from '../../lib/parse/text';
import { generateDump } from '../fixtures/text-generated-10mb-dump/generate';

const real = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'dump-lesswrong-ru-aggregator', 'input.txt'),
  'utf8',
);
const big = generateDump();

let sink = 0;
const FLOOR_RE = /^Discuss$|\[\d+\]|\$/;
function floor(text: string): void {
  const lines = text.split('\n');
  for (const line of lines) if (FLOOR_RE.test(line)) sink++;
}

/** Median of `runs` timings (ms), each the mean of `iterations` calls, after `warmup` untimed calls. */
function median(fn: () => void, iterations: number, runs = 9, warmup = iterations): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    times.push((performance.now() - t0) / iterations);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const floorMs = median(() => floor(real), 400);
const realMs = median(() => {
  sink += parseText(real).length;
}, 40);
const bigMs = median(
  () => {
    sink += parseText(big).length;
  },
  1,
  7,
  2,
);

const kb = (s: string) => (s.length / 1024).toFixed(0);
const ratioFloor = realMs / floorMs;
const perByte = bigMs / big.length / (realMs / real.length);
console.log(`floor (split + one regex per line), ${kb(real)} KB: ${floorMs.toFixed(3)} ms`);
console.log(`parseText, ${kb(real)} KB real dump: ${realMs.toFixed(3)} ms (${ratioFloor.toFixed(2)}× floor)`);
console.log(
  `parseText, ${kb(big)} KB generated dump: ${bigMs.toFixed(1)} ms (${perByte.toFixed(2)}× per byte vs 257 KB)`,
);
console.log(`${ratioFloor <= 10 ? 'PASS' : 'FAIL'} parseText ≤ 10× floor (${ratioFloor.toFixed(2)}×)`);
console.log(`${perByte <= 1.3 ? 'PASS' : 'FAIL'} 10 MB per byte ≤ 1.3× 257 KB (${perByte.toFixed(2)}×)`);
if (sink < 0) console.log(sink);
