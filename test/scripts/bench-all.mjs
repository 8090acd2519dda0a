// Runs every benchmark, one process each so they don't share a heap, and prints a summary of their verdicts.
// Every bench runs even when an earlier one misses its budget; the exit code is non-zero if any did.
import { spawnSync } from 'node:child_process';

const BENCHES = [
  ['parseText', ['--import', 'tsx', 'test/bench/text.bench.ts']],
  ['parseDocument', ['--import', 'tsx', 'test/bench/document.bench.ts']],
  ['store', ['--import', 'tsx', 'test/bench/store.bench.ts']],
  ['store (Chromium)', ['--import', 'tsx', 'test/bench/store-chromium.bench.ts']],
  ['in-page (Chromium)', ['--import', 'tsx', 'test/bench/inpage.bench.ts']],
  ['page view (Chromium)', ['--import', 'tsx', 'test/bench/pageview.bench.ts']],
  ['sequence save (Chromium)', ['--import', 'tsx', 'test/bench/sequence.bench.ts']],
  ['EPUB export (Chromium)', ['--import', 'tsx', 'test/bench/epub.bench.ts']],
];

const results = [];
for (const [name, args] of BENCHES) {
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
  results.push([name, run.status === 0 ? 'within budget' : `MISSED a budget (exit ${run.status})`]);
}
console.log('\n=== summary ===');
for (const [name, verdict] of results) console.log(`${name}: ${verdict}`);
process.exit(results.every(([, v]) => v === 'within budget') ? 0 : 1);
