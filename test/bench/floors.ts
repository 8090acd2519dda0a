// The floors the Chromium benches print beside their figures, written into their own copy of the build (never into
// .output, which `npm run zip` packs), and the paint observer they read paints with.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A blank extension page (no script, one heading): the browser's own floor for any page. */
export const FLOOR_PAGE = 'bench-floor.html';
/** The least a page that shows data from script does: its one classic script marks its start, then writes its text. */
export const FLOOR_SCRIPT_PAGE = 'bench-floor-script.html';
/** The mark the scripted floor's script sets as it starts. */
export const FLOOR_SCRIPT_MARK = 'floor:script';

/** Writes both floor pages into `dir`, each showing `title` as its heading. */
export function writeFloorPages(dir: string, title: string): void {
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>`;
  writeFileSync(join(dir, FLOOR_PAGE), `${head}</head><body><h1>${title}</h1></body></html>`);
  writeFileSync(
    join(dir, FLOOR_SCRIPT_PAGE),
    `${head}<script src="bench-floor.js"></script></head><body></body></html>`,
  );
  writeFileSync(
    join(dir, 'bench-floor.js'),
    `performance.mark('${FLOOR_SCRIPT_MARK}'); addEventListener('DOMContentLoaded', () => { document.body.innerHTML = '<h1>${title}</h1>'; });`,
  );
}

/**
 * Records Element Timing entries in `window.__painted` from a page's first script (a context init script): an observer
 * made later, after a page opened with its load awaited, may find the browser kept none of them.
 */
export const PAINT_OBSERVER = `window.__painted = []; new PerformanceObserver((l) => window.__painted.push(...l.getEntries())).observe({ type: 'element', buffered: true });`;
