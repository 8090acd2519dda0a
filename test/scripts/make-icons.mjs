#!/usr/bin/env node
// Renders public/icon/lens.svg (the one source drawing) to public/icon/<size>.png with headless Chromium.
// WXT lists public/icon/<size>.png in the manifest `icons` by itself. Run: npm run icons (commit the PNGs).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const iconDir = join(root, 'public', 'icon');
const sizes = [16, 32, 48, 96, 128];
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`make-icons: no Chromium at ${executablePath} (set CHROMIUM_PATH)`);
  process.exit(1);
}

const svg = readFileSync(join(iconDir, 'lens.svg'), 'utf8');
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const size of sizes) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const img = `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${size}" height="${size}">`;
    await page.setContent(
      `<!doctype html><style>html,body{margin:0;background:transparent}img{display:block}</style>${img}`,
    );
    await page.locator('img').evaluate((el) => el.decode());
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    writeFileSync(join(iconDir, `${size}.png`), png);
    console.log(`public/icon/${size}.png  ${png.length} bytes`);
    await page.close();
  }
} finally {
  await browser.close();
}
