// `npm run screenshots`: re-takes the README's pictures in real (headless) Chromium with the built extension, on the
// same offline demo `npm start` opens, so they show what a reader sees: the real post with its figures, Lens's UI on it.
// Every `*.shot.ts` file here exports `shots: Shot[]`; `npm run screenshots -- preview` takes only files matching.
import { mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import { registerDemo } from '../../dev/demo';
import { FixtureServer } from '../../dev/fixture-server';
import { launch } from '../e2e/browsers';
import type { Shot, ShotContext } from './shots';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DOCS = resolve(ROOT, 'docs');

const filters = process.argv.slice(2);
const shots: Shot[] = [];
for (const file of readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.shot.ts'))
  .sort()) {
  const mod = (await import(resolve(import.meta.dirname, file))) as { shots: Shot[] };
  shots.push(...mod.shots.filter((s) => filters.length === 0 || filters.some((f) => s.file.includes(f))));
}

const server = await new FixtureServer().start();
const demo = registerDemo(server);
const browser = await launch('chromium', { server, viewport: { width: 1280, height: 800 } });
mkdirSync(DOCS, { recursive: true });
const context: ShotContext = {
  browser,
  server,
  demo,
  out: (file) => resolve(DOCS, file),
  async sideBySide(left, right, file) {
    const a = Buffer.from(await left.screenshot()).toString('base64');
    const b = Buffer.from(await right.screenshot()).toString('base64');
    const sheet = server.html(
      'example.test',
      `/screenshots/${file}`,
      `<!doctype html><body style="margin:0;display:flex;background:#9aa3a9;gap:1px"><img src="data:image/png;base64,${a}"><img src="data:image/png;base64,${b}"></body>`,
    );
    const page = await browser.newPage();
    const size = await Promise.all([left, right].map((p) => p.evaluate(() => [innerWidth, innerHeight])));
    await (page.raw as PwPage).setViewportSize({
      width: size[0]![0]! + size[1]![0]! + 1,
      height: Math.max(size[0]![1]!, size[1]![1]!),
    });
    await page.goto(sheet);
    await page.screenshot({ path: resolve(DOCS, file) });
    await page.close();
  },
};
let failed = false;
for (const shot of shots) {
  try {
    await shot.take(context);
    console.log(`docs/${shot.file}`);
  } catch (error) {
    failed = true;
    console.error(`docs/${shot.file}: ${(error as Error).stack ?? error}`);
  }
}
await browser.close();
await server.stop();
process.exit(failed ? 1 : 0);
