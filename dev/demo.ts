/**
 * The offline demo `npm start` opens and `npm run screenshots` photographs: the real post "Introduction to abstract
 * entropy" as www.lesswrong.com and www.greaterwrong.com serve it, the lesswrong.ru aggregator page with the real dump,
 * and a start page saying what to try. Everything is served by the fixture server; nothing reaches the network.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type FixtureServer, NEUTRAL_HOST } from './fixture-server';
import { START_TEXT, type StartLanguage } from './start-page-text';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = resolve(ROOT, 'test/fixtures');
const POST_PATH = '/posts/REA49tL5jsh69X3aM/introduction-to-abstract-entropy';
const AGGREGATOR_PATH = '/aggregator/sources/1';
const FIGURE_DIR = '/demo/figures';

/** The demo pages' addresses (as the browser sees them) and the start page's. */
export type DemoUrls = { start: string; post: string; greaterwrong: string; aggregator: string };

/** The real addresses `npm start -- --live` opens instead of the demo. */
export const LIVE_URLS: Omit<DemoUrls, 'start'> = {
  post: `https://www.lesswrong.com${POST_PATH}`,
  greaterwrong: `https://www.greaterwrong.com${POST_PATH}`,
  aggregator: `https://lesswrong.ru${AGGREGATOR_PATH}`,
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The lesswrong.ru aggregator page as Drupal serves it: the dump is what a reader copies out of it, one `<p>` a line. */
export function aggregatorPage(text: string, head = ''): string {
  const lines = text
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Новости LessWrong.com | LessWrong на русском</title>${head}</head><body><div id="page"><div id="main-wrapper"><main><div class="region-content">${lines}</div></main></div></div></body></html>`;
}

/** One figure of the post: where the original lives, its caption and the box it is drawn in. */
type Figure = { index: number; original: string; caption: string; width: number; height: number };

/** Replaces `search` in `text`, failing loudly when the fixture changed so the demo never shows test markers. */
function swap(text: string, search: string | RegExp, replacement: string): string {
  const out = text.replace(search, replacement);
  if (out === text) throw new Error(`demo: fixture changed, ${String(search).slice(0, 60)} not found`);
  return out;
}

/**
 * The post's images live on res.cloudinary.com, which the offline demo cannot reach and the fixtures do not hold: each
 * `<img>` points at a figure drawn here instead (its caption kept), and `srcset` goes.
 */
function localFigures(html: string, figures: Figure[]): string {
  return html.replace(/<img\b[^>]*>/gi, (tag) => {
    const original = /\bsrc="([^"]+)"/.exec(tag)?.[1] ?? '';
    const index = figures.length + 1;
    const rest = html.slice(html.indexOf(tag));
    const caption = /<figcaption>([\s\S]*?)<\/figcaption>/.exec(rest)?.[1]?.replace(/<[^>]+>/g, '') ?? '';
    // Three Rubik's-cube figures sit side by side at ~342 px (`image_resized`): square; the others are full width.
    const square = /Rubik|one-move|random state|solved state/i.test(caption);
    figures.push({ index, original, caption: caption.trim(), width: square ? 600 : 1000, height: square ? 600 : 560 });
    return `<img src="${FIGURE_DIR}/figure-${index}.svg" alt="" width="${square ? 600 : 1000}" height="${square ? 600 : 560}">`;
  });
}

function svgText(x: number, y: number, text: string, attrs = ''): string {
  return `<text x="${x}" y="${y}" ${attrs}>${escapeHtml(text)}</text>`;
}

/** Wraps `text` into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  // A 65-digit binary string in a caption is one "word": cut it to fit.
  const words = text.split(/\s+/).flatMap((word) => word.match(new RegExp(`.{1,${width}}`, 'g')) ?? []);
  for (const word of words) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The dice grid of the first figure, drawn from its caption: 36 outcomes, macrostates by sum as dashed diagonals. */
function diceGrid(w: number): string {
  const cell = 52;
  const x0 = (w - 6 * cell) / 2;
  const y0 = 70;
  let out = '';
  for (let r = 0; r < 6; r++)
    for (let c = 0; c < 6; c++)
      out += `<rect x="${x0 + c * cell + 3}" y="${y0 + r * cell + 3}" width="${cell - 6}" height="${cell - 6}" rx="6" class="cell"/>${svgText(x0 + c * cell + cell / 2, y0 + r * cell + cell / 2 + 6, `${r + 1},${c + 1}`, 'class="ink" font-size="15" text-anchor="middle"')}`;
  for (let s = 3; s <= 12; s++) {
    // The line between sum s-1 and sum s runs across the anti-diagonal.
    const k = s - 2;
    const a = { x: x0 + Math.min(k, 6) * cell, y: y0 + Math.max(0, k - 6) * cell };
    const b = { x: x0 + Math.max(0, k - 6) * cell, y: y0 + Math.min(k, 6) * cell };
    out += `<line x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}" class="cut" stroke-width="2" stroke-dasharray="6 5"/>`;
  }
  return out;
}

/** The first 31 binary strings of the third figure, drawn from its caption. */
function binaryStrings(w: number): string {
  const strings = [''];
  for (let len = 1; strings.length < 31; len++)
    for (let n = 0; n < 2 ** len && strings.length < 31; n++) strings.push(n.toString(2).padStart(len, '0'));
  let out = '';
  strings.forEach((s, i) => {
    const col = i < 1 ? 0 : i < 3 ? 1 : i < 7 ? 2 : i < 15 ? 3 : 4;
    const row = i - [0, 1, 3, 7, 15][col]!;
    const x = 90 + col * ((w - 180) / 4);
    const y = 80 + row * 27;
    out +=
      s === ''
        ? `<line x1="${x - 14}" y1="${y - 5}" x2="${x + 14}" y2="${y - 5}" class="line" stroke-width="2"/>`
        : svgText(x, y, s, 'class="ink" font-family="DejaVu Sans Mono, monospace" font-size="19" text-anchor="middle"');
  });
  return out;
}

/** Barcodes for the second figure ("binary string labels like barcodes"), drawn from its caption. */
function barcodes(w: number): string {
  const labels = ['0', '1', '00', '01', '10', '11', '000', '001', '010', '011', '100', '101'];
  let out = '';
  labels.forEach((label, i) => {
    const col = i % 6;
    const row = Math.floor(i / 6);
    const x0 = 70 + col * ((w - 140) / 6);
    const y0 = 90 + row * 200;
    [...label].forEach((bit, b) => {
      out += `<rect class="ink" x="${x0 + 20 + b * 26}" y="${y0}" width="${bit === '1' ? 16 : 6}" height="110"/>`;
    });
    out += svgText(
      x0 + 20 + (label.length * 26) / 2 - 5,
      y0 + 140,
      label,
      'class="ink" font-family="DejaVu Sans Mono, monospace" font-size="20" text-anchor="middle"',
    );
  });
  return out;
}

/** An SVG standing in for one of the post's images, labelled as what it is (light or dark with the page). */
export function figureSvg(figure: Figure): string {
  const { width: w, height: h, index } = figure;
  const file = figure.original.split('/').pop() ?? '';
  const drawing =
    index === 1
      ? diceGrid(w)
      : index === 2
        ? barcodes(w)
        : index === 3
          ? binaryStrings(w)
          : placeholderLines(figure.caption, w, h);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="DejaVu Sans, Arial, sans-serif">
<style>.bg{fill:#f4f6f8}.frame{fill:none;stroke:#c9d2d9}.ink{fill:#38424a}.line{stroke:#38424a}.cell{fill:#fff;stroke:#8a9aa6}.muted{fill:#6b767e}.cut{stroke:#5f8fb0}
@media (prefers-color-scheme:dark){.bg{fill:#26292c}.frame{stroke:#42484d}.ink{fill:#d4d8db}.line{stroke:#d4d8db}.cell{fill:#303438;stroke:#5d6870}.muted{fill:#9aa4ab}.cut{stroke:#7fb0d0}}</style>
<rect class="bg" width="${w}" height="${h}"/>
<rect class="frame" x="1" y="1" width="${w - 2}" height="${h - 2}" stroke-width="2"/>
${svgText(24, 38, `Figure ${index} · drawn locally for the offline demo`, 'class="muted" font-size="17"')}
${drawing}
${svgText(24, h - 22, `Original: res.cloudinary.com/…/${file} (not included offline)`, 'class="muted" font-size="14"')}
</svg>`;
}

function placeholderLines(caption: string, w: number, h: number): string {
  const lines = wrap(caption, w > 700 ? 58 : 34).slice(0, 6);
  const y0 = h / 2 - (lines.length * 30) / 2 + 10;
  return lines
    .map((line, i) =>
      svgText(w / 2, y0 + i * 30, line, `class="ink" font-size="${w > 700 ? 22 : 24}" text-anchor="middle"`),
    )
    .join('');
}

const LW_STYLE = `<style>
body{margin:0;background:#f8f4ee;color:rgba(0,0,0,.87);font-family:Georgia,"DejaVu Serif",serif}
.Header-root{position:sticky;top:0;z-index:5;background:#f8f4ee;border-bottom:1px solid rgba(0,0,0,.08)}
.Header-appBar{display:flex;align-items:center;gap:24px;height:56px;padding:0 24px;font-family:"DejaVu Sans",Arial,sans-serif;font-size:15px}
.Header-titleLink{color:rgba(0,0,0,.75);text-decoration:none;letter-spacing:.12em;font-weight:500;font-size:17px}
.Header-nav a{color:rgba(0,0,0,.55);text-decoration:none;margin-right:18px}
.demo-note{margin-left:auto;color:#5f7f5f;font-size:13px}
.PostsPage-postBody{max-width:700px;margin:0 auto;padding:48px 24px 96px}
.PostsPageTitle-root{font-size:42px;line-height:1.2;font-weight:400;margin:0 0 16px}.PostsPageTitle-link{color:inherit;text-decoration:none}
.LWPostsPageHeader-authorInfo,.LWPostsPageHeader-date{font-family:"DejaVu Sans",Arial,sans-serif;font-size:15px;color:rgba(0,0,0,.55);display:inline-block;margin:0 16px 40px 0}
.LWPostsPageHeader-authorInfo a{color:inherit}
#postContent{font-size:19px;line-height:1.6}
#postContent a{color:#5f9b65;text-decoration:none}
#postContent h1,#postContent h2,#postContent h3{font-weight:500;line-height:1.25;margin:1.6em 0 .6em}
#postContent figure{margin:2em auto;text-align:center}#postContent figure img{max-width:100%;height:auto}
#postContent figcaption{overflow-wrap:anywhere;font-size:15px;color:rgba(0,0,0,.55);margin-top:.6em}
#postContent .image_resized{display:inline-block;margin:1em 4px;vertical-align:top}
#postContent .footnote-reference a{font-size:.8em}
.PostsPagePostFooter-root{max-width:700px;margin:48px auto 0;font-family:"DejaVu Sans",Arial,sans-serif}
.FooterTag-name{display:inline-block;padding:4px 10px;border:1px solid rgba(0,0,0,.15);border-radius:4px;color:rgba(0,0,0,.6);text-decoration:none;font-size:14px}
@media (prefers-color-scheme:dark){body,.Header-root{background:#1e1e1e;color:#ddd}.Header-titleLink,.Header-nav a,.LWPostsPageHeader-authorInfo,.LWPostsPageHeader-date,#postContent figcaption,.FooterTag-name{color:#aaa}#postContent a{color:#7fc08a}}
</style>`;

/**
 * The post page as www.lesswrong.com serves it: the corpus page shell (real body, hand-built frame) with its test
 * markers (text that must not leak into Lens) replaced by what the real site shows there, and LessWrong-like styling.
 */
function lesswrongPage(figures: Figure[]): string {
  let html = readFileSync(resolve(FIXTURES, 'lw-abstract-entropy-page-shell/input.html'), 'utf8');
  html = swap(html, /<style>[^<]*PAGE_STYLE_LEAK[^<]*<\/style>/, LW_STYLE);
  html = swap(html, /<script>window\.__APOLLO_STATE__[^<]*<\/script>/, '');
  html = swap(html, '<a href="/users/me">HEADER CHROME LEAK</a>', '<a href="/users/me">Alex_Altair</a>');
  html = swap(html, '</nav></div></header>', '</nav><span class="demo-note">Lens offline demo</span></div></header>');
  html = swap(html, /<div class="MultiToCLayout-toc">[\s\S]*?TOC CHROME LEAK<\/a><\/div><\/div><\/div>/, '');
  html = swap(html, /, "comment": \[\{[^\]]*\]/, '');
  html = swap(html, 'FOOTER CHROME LEAK', 'Entropy');
  html = swap(html, /<div class="CommentsListSection-root">[\s\S]*?<\/div><\/div><\/div><\/div><\/div>\n/, '');
  html = swap(html, /<script>console\.log\("PAGE_SCRIPT_LEAK"\)<\/script>/, '');
  html = localFigures(html, figures);
  if (/LEAK/.test(html)) throw new Error('demo: a test marker is left in the LessWrong page');
  return html;
}

const GW_STYLE = `body{margin:0;background:#fff;color:#000;font-family:"DejaVu Serif",Georgia,serif}
#content{max-width:760px;margin:0 auto;padding:0 30px 60px;border-left:1px solid #ddd;border-right:1px solid #ddd;min-height:100vh}
.nav-bar{display:flex;gap:0;border-bottom:1px solid #ddd;margin:0 -30px 30px;font-family:"DejaVu Sans",Arial,sans-serif;font-size:15px}
.nav-bar a{padding:10px 18px;color:#00e;text-decoration:none;border-right:1px solid #ddd}
.post-title{font-size:34px;font-weight:600;text-align:center;margin:20px 0 10px}
.post-meta{text-align:center;font-family:"DejaVu Sans",Arial,sans-serif;font-size:14px;color:#666}.post-meta>*{margin:0 8px}
.post-body{font-size:18px;line-height:1.55;margin-top:30px}.post-body a{color:#00e}
.contents{float:right;margin:0 0 20px 20px;padding:10px 14px;border:1px solid #ddd;background:#f9f9f9;font-size:14px;max-width:260px}
.contents-head{font-weight:bold;text-align:center}.contents-list{padding-left:18px;margin:6px 0}
.post-body figure{margin:1.5em auto;text-align:center}.post-body img{max-width:100%;height:auto}
.post-body figcaption{font-size:14px;color:#555}.post-body .image_resized{display:inline-block;margin:8px 4px;vertical-align:top}`;

/** The post page as www.greaterwrong.com serves it (corpus shell, test markers replaced, GreaterWrong-like CSS). */
function greaterwrongPage(figures: Figure[]): string {
  let html = readFileSync(resolve(FIXTURES, 'gw-abstract-entropy-page-shell/input.html'), 'utf8');
  html = swap(html, /<script>var loggedInUserId = ""; \/\* GW_SCRIPT_LEAK \*\/<\/script>/, '');
  html = swap(html, '>NAV CHROME LEAK</a>', '>Featured</a> <a href="/index?view=all">All</a> <a href="/tags">Tags</a>');
  html = swap(html, /<div id="comments" class="comments">[\s\S]*<\/div><\/body>/, '</div></body>');
  // GreaterWrong's MathJax CSS names cdnjs fonts; the page's own local() fallbacks suffice offline.
  html = html.replace(/url\('https:\/\/cdnjs\.cloudflare\.com[^']*'\)( format\('[a-z]+'\))?/g, "local('none')");
  html = localFigures(html, figures);
  if (/LEAK/.test(html)) throw new Error('demo: a test marker is left in the GreaterWrong page');
  return html;
}

/** The start page: what the demo holds and what to try, in the order a newcomer would, in `lang`. */
export function startPage(
  urls: Omit<DemoUrls, 'start'>,
  mode: 'demo' | 'live',
  figureCount: number,
  lang: StartLanguage = 'en',
): string {
  const template = readFileSync(resolve(ROOT, 'dev/start-page.html'), 'utf8');
  const words = START_TEXT[lang];
  const fill: Record<string, string> = {
    POST: urls.post,
    GREATERWRONG: urls.greaterwrong,
    AGGREGATOR: urls.aggregator,
    FIGURES: String(figureCount),
  };
  const placeholders = (html: string) =>
    html.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => escapeHtml(fill[key] ?? ''));
  // Our own words first (HTML we wrote, with placeholders of their own), then the addresses, escaped.
  return placeholders(
    template
      .replace('<html lang="en">', `<html lang="${lang}">`)
      .replace('{{MODE_NOTE}}', mode === 'demo' ? words.demoNote : words.liveNote)
      .replace(/\{\{t:([A-Za-z]+)\}\}/g, (_, key: string) => words[key as keyof typeof words] ?? ''),
  );
}

/** Registers the demo's pages on `server` and returns their addresses; the start page is at `http://127.0.0.1:PORT/`. */
export function registerDemo(
  server: FixtureServer,
  mode: 'demo' | 'live' = 'demo',
  lang: StartLanguage = 'en',
): DemoUrls {
  const figures: Figure[] = [];
  const urls =
    mode === 'live'
      ? LIVE_URLS
      : {
          post: server.html('www.lesswrong.com', POST_PATH, lesswrongPage(figures)),
          greaterwrong: server.html('www.greaterwrong.com', POST_PATH, greaterwrongPage([])),
          aggregator: server.html(
            'lesswrong.ru',
            AGGREGATOR_PATH,
            aggregatorPage(readFileSync(resolve(FIXTURES, 'dump-lesswrong-ru-aggregator/input.txt'), 'utf8')),
          ),
        };
  for (const figure of figures) {
    const svg = figureSvg(figure);
    for (const host of ['www.lesswrong.com', 'www.greaterwrong.com'])
      server.route(host, `${FIGURE_DIR}/figure-${figure.index}.svg`, svg, { contentType: 'image/svg+xml' });
  }
  server.route('www.greaterwrong.com', '/css/style.css', GW_STYLE, { contentType: 'text/css; charset=utf-8' });
  server.route('www.lesswrong.com', '/favicon.ico', new Uint8Array(), { status: 204 });
  server.html(NEUTRAL_HOST, '/', startPage(urls, mode, figures.length, lang));
  return { start: `http://127.0.0.1:${server.port}/`, ...urls };
}
