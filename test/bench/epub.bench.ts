// EPUB export in real Chromium (issue 14 budget): a 50-post book of real-sized posts built in ≤ 2 s, with the JS heap's
// peak during the build reported. The posts are the repository's real ones (the 222 KB post, the five RSS items, the
// dump's 20 posts) parsed in Node and cycled to 50; lib/export/epub.ts is bundled as it ships (fflate, KaTeX,
// DOMPurify) and run in a blank Chromium page, where the cover is drawn on a real canvas. The last book built is
// checked by epubcheck too, so the canvas cover is validated as well.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import type { Post } from '../../lib/model';
import { parseDocument } from '../../lib/parse/document';
import { parseText } from '../../lib/parse/text';
import { median, report } from './corpus';

const POSTS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

function realPosts(): Post[] {
  const out: Post[] = [];
  for (const dir of readdirSync(FIXTURES).filter((d) => /^(rss-|lw-abstract-entropy)/.test(d))) {
    const { url } = JSON.parse(readFileSync(join(FIXTURES, dir, 'meta.json'), 'utf8')) as { url: string };
    const win = new Window({ url });
    const doc = new win.DOMParser().parseFromString(
      readFileSync(join(FIXTURES, dir, 'input.html'), 'utf8'),
      'text/html',
    );
    const post = parseDocument(doc as unknown as Document, url);
    if (post) out.push(post);
  }
  out.push(...parseText(readFileSync(join(FIXTURES, 'dump-lesswrong-ru-aggregator', 'input.txt'), 'utf8')));
  return Array.from({ length: POSTS }, (_, i) => {
    const p = out[i % out.length]!;
    return { ...p, id: `${p.id.slice(0, 12)}${String(i).padStart(5, '0')}` };
  });
}

async function bundle(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      lib: {
        entry: join(import.meta.dirname, 'epub-entry.ts'),
        formats: ['iife'],
        name: 'LensEpub',
      },
      write: false,
      minify: true,
    },
  });
  const result = (Array.isArray(out) ? out[0] : out) as { output: { code: string }[] };
  return result.output[0]!.code;
}

type Run = { ms: number; peakMb: number; baseMb: number; bytes: number; cover: string; posts: number; math: number };

async function main() {
  const posts = realPosts();
  const html = posts.reduce((n, p) => n + p.html.length + p.footnotes.reduce((m, f) => m + f.html.length, 0), 0);
  console.log(`EPUB export in Chromium: ${POSTS} real posts, ${(html / 1024).toFixed(0)} KB of HTML in all`);
  const code = await bundle();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  let ok = true;
  const dir = mkdtempSync(join(tmpdir(), 'lens-epub-bench-'));
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    // tsx names the functions handed to evaluate with its __name helper, which the page must have.
    await page.addScriptTag({ content: `window.__name = (f) => f;\n${code}` });
    await page.evaluate((p) => {
      (globalThis as unknown as { benchPosts: unknown }).benchPosts = p;
    }, posts);
    const runs: Run[] = [];
    let last: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await page.evaluate(async () => {
        const g = globalThis as unknown as {
          benchPosts: Post[];
          gc?: () => void;
          LensEpub: typeof import('../../lib/export/epub');
        };
        const heap = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
        g.gc?.();
        const base = heap();
        let peak = base;
        const chunks: Uint8Array[] = [];
        const t0 = performance.now();
        const result = await g.LensEpub.writeEpub(
          g.benchPosts,
          { title: 'Bench book', onProgress: () => (peak = Math.max(peak, heap())) },
          (c) => {
            chunks.push(c);
          },
        );
        const ms = performance.now() - t0;
        peak = Math.max(peak, heap());
        const bytes = chunks.reduce((n, c) => n + c.length, 0);
        const all = new Uint8Array(bytes);
        let at = 0;
        for (const c of chunks) {
          all.set(c, at);
          at += c.length;
        }
        (globalThis as unknown as { lastBook: number[] }).lastBook = Array.from(all);
        return {
          ms,
          peakMb: (peak - base) / 1024 / 1024,
          baseMb: base / 1024 / 1024,
          bytes,
          cover: result.cover,
          posts: result.posts,
          math: result.counts.math,
        };
      });
      runs.push(r);
      console.log(
        `  run ${i + 1}: ${r.ms.toFixed(0)} ms, JS heap peak +${r.peakMb.toFixed(1)} MB over ${r.baseMb.toFixed(1)} MB, ` +
          `book ${(r.bytes / 1024).toFixed(0)} KB, ${r.posts} posts, ${r.math} equations as MathML, cover: ${r.cover}`,
      );
    }
    last = await page.evaluate(() => (globalThis as unknown as { lastBook: number[] }).lastBook);
    ok =
      report(
        '50-post book built (Chromium), median',
        median(runs.map((r) => r.ms)),
        2000,
        runs.map((r) => r.ms),
      ) && ok;
    console.log(
      `  JS heap peak during a build (max over runs): +${Math.max(...runs.map((r) => r.peakMb)).toFixed(1)} MB`,
    );
    if (runs.some((r) => r.cover !== 'canvas')) {
      console.log('  FAIL: the cover was not drawn on canvas in Chromium');
      ok = false;
    }
    const file = join(dir, 'bench.epub');
    writeFileSync(file, Uint8Array.from(last));
    const check = spawnSync('java', ['-jar', '/usr/share/java/epubcheck.jar', file], { encoding: 'utf8' });
    const verdict = /No errors or warnings detected/.test(check.stdout);
    console.log(`  epubcheck on the Chromium-built book: ${verdict ? 'no errors or warnings' : 'FAIL'}`);
    if (!verdict) {
      console.log(check.stdout, check.stderr);
      ok = false;
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(ok ? 0 : 1);
}

void main();
