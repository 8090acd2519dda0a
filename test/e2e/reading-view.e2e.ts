import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { aggregatorPage } from '../../dev/demo';
import { BROWSERS, type LensBrowser, type LensPage, launch } from './browsers';
import { type FixtureServer, NEUTRAL_HOST, startFixtureServer } from './server';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CORPUS = resolve(ROOT, 'test/fixtures/dump-lesswrong-ru-aggregator/input.txt');
const DUMP = readFileSync(existsSync(CORPUS) ? CORPUS : '/work/shared/fixtures/dumps/000_9d9642a96f038558.txt', 'utf8');

// Counts timer ticks from the first parsed byte, so the test sees whether the page stayed responsive while Lens read it.
const HEARTBEAT = `<script>window.__beats=0;window.__maxGap=0;window.__lensGap=0;(function(){var last=performance.now();setInterval(function(){var n=performance.now(),gap=n-last;window.__maxGap=Math.max(window.__maxGap,gap);if(document.querySelector('lens-reading-view'))window.__lensGap=Math.max(window.__lensGap,gap);last=n;window.__beats++;},20);})();</script>`;

// The fixture server has no favicon; the browser's request for it is not the extension's error.
function pageErrors(page: LensPage) {
  return page.errors.filter((e) => !e.url?.endsWith('/favicon.ico'));
}

type ViewState = { articles: number; status: string; loading: boolean };

async function viewState(page: LensPage): Promise<ViewState | null> {
  return page.evaluate(() => {
    const root = document.querySelector('lens-reading-view')?.shadowRoot;
    if (!root) return null;
    return {
      articles: root.querySelectorAll('article').length,
      status: root.querySelector('[role="status"]')?.textContent ?? '',
      loading: root.querySelector('progress') !== null,
    };
  });
}

async function waitForPosts(page: LensPage, timeout = 30_000): Promise<ViewState> {
  return (await page.waitFor(
    () => {
      const root = document.querySelector('lens-reading-view')?.shadowRoot;
      if (!root || root.querySelector('progress') || !root.querySelector('article')) return null;
      return {
        articles: root.querySelectorAll('article').length,
        status: root.querySelector('[role="status"]')?.textContent ?? '',
        loading: false,
      };
    },
    undefined,
    { timeout },
  )) as ViewState;
}

describe.each(BROWSERS)('%s: the dump reading view', (name) => {
  let server: FixtureServer;
  let browser: LensBrowser;
  let aggregator: string;

  beforeAll(async () => {
    server = await startFixtureServer();
    aggregator = server.html('lesswrong.ru', '/aggregator/sources/1', aggregatorPage(DUMP));
    server.text(NEUTRAL_HOST, '/dumps/lesswrong-ru.txt', DUMP);
    let big = DUMP;
    while (big.length < 10_000_000) big += `\n${DUMP}`;
    server.html('lesswrong.ru', '/aggregator/big', aggregatorPage(big, HEARTBEAT));
    browser = await launch(name, { server });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the aggregator page turns into 20 readable posts, and [1] in the first post with notes previews its note', async () => {
    const page = await browser.newPage();
    await page.goto(aggregator);
    const state = await waitForPosts(page);
    expect(state.articles).toBe(20);
    expect(state.status).toBe('20 posts');
    const titles = await page.evaluate(() =>
      [...(document.querySelector('lens-reading-view')?.shadowRoot?.querySelectorAll('article h2') ?? [])].map(
        (h) => h.textContent,
      ),
    );
    expect(titles[0]).toBe('Telescopes Need Good Lenses');
    // The original page is still there, only hidden.
    expect(await page.evaluate(() => document.querySelectorAll('.region-content p').length)).toBeGreaterThan(900);

    // Fonts and math arriving (and posts near the viewport being laid out) move the reference; measure until it is still.
    const locate = () =>
      page.evaluate(async () => {
        const root = document.querySelector('lens-reading-view')!.shadowRoot!;
        const article = [...root.querySelectorAll('article')].find((a) => a.querySelector('.lens-footnotes li'))!;
        const ref = article.querySelector<HTMLAnchorElement>('a.lens-fnref')!;
        ref.scrollIntoView({ block: 'center' });
        await document.fonts.ready;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const box = ref.getBoundingClientRect();
        const note = [...article.querySelectorAll('.lens-footnotes li')].find(
          (li) => li.id === ref.getAttribute('data-lens-footnote'),
        );
        return {
          x: Math.round(box.left + box.width / 2),
          y: Math.round(box.top + box.height / 2),
          ref: ref.textContent,
          note: (note?.querySelector('.lens-note-body')?.textContent ?? '').trim().slice(0, 40),
        };
      });
    let target = await locate();
    for (let i = 0; i < 10; i++) {
      const again = await locate();
      if (again.x === target.x && again.y === target.y) break;
      target = again;
    }
    expect(target.ref).toContain('1');
    expect(target.note.length).toBeGreaterThan(10);
    // Hover first; headless Chromium only computes pointerover on the first step of a move, so arrive, let the page
    // render two frames (input is handled frame by frame), nudge.
    await page.mouseMove(target.x - 2, target.y);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.mouseMove(target.x, target.y);
    const previewText = () =>
      document.getElementById('lens-preview-host')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') || null;
    let preview = await page.waitFor(previewText, undefined, { timeout: 3_000 }).catch(() => null);
    if (!preview) {
      // Keyboard focus is the other way a preview opens (and the one headless runs deliver reliably).
      await page.press('Shift');
      await page.evaluate(() =>
        document
          .querySelector('lens-reading-view')!
          .shadowRoot!.querySelector<HTMLElement>('article:has(.lens-footnotes li) a.lens-fnref')!
          .focus(),
      );
      preview = await page.waitFor(previewText, undefined, { timeout: 10_000 });
    }
    expect(preview).toContain(target.note.replace(/\s+/g, ' ').slice(0, 30));

    // One click returns to the original page with nothing lost.
    await page.mouseMove(5, 5);
    await page.evaluate(() =>
      document.querySelector('lens-reading-view')!.shadowRoot!.querySelector<HTMLButtonElement>('.lens-back')!.click(),
    );
    expect(await page.evaluate(() => getComputedStyle(document.body).display)).not.toBe('none');
    expect(await page.evaluate(() => document.querySelector('.region-content p')?.textContent)).toBe('Вы здесь');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  test('KaTeX renders $N$ with its fonts loaded', async () => {
    const page = await browser.newPage();
    await page.goto(aggregator);
    await waitForPosts(page);
    const math = await page.waitFor(
      async () => {
        const root = document.querySelector('lens-reading-view')?.shadowRoot;
        const equation = root?.querySelector('.lens-math[data-lens-tex="N"]');
        if (!equation?.querySelector('.katex')) return null;
        await document.fonts.load('12px KaTeX_Main');
        await document.fonts.load('italic 12px KaTeX_Math');
        await document.fonts.ready;
        const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, '').startsWith('KaTeX'));
        return {
          html: equation.querySelector('.katex-html')?.textContent,
          main: document.fonts.check('12px KaTeX_Main'),
          loaded: faces.filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')),
          faces: faces.length,
          width: (equation.querySelector('.katex-html') as HTMLElement | null)?.getBoundingClientRect().width ?? 0,
        };
      },
      undefined,
      { timeout: 20_000 },
    );
    expect(math?.html).toBe('N');
    expect(math?.faces).toBe(20);
    expect(math?.main).toBe(true);
    expect(math?.loaded).toContain('KaTeX_Math');
    expect(math?.width).toBeGreaterThan(0);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  test('a LessWrong post whose math MathJax already rendered does not load KaTeX', async () => {
    const url = server.route(
      'www.lesswrong.com',
      '/posts/REA49tL5jsh69X3aM/introduction-to-abstract-entropy',
      {
        file: resolve(ROOT, 'test/fixtures/lw-abstract-entropy-page-shell/input.html'),
      },
      { contentType: 'text/html; charset=utf-8' },
    );
    const page = await browser.newPage();
    await page.goto(url);
    expect(await page.evaluate(() => document.querySelectorAll('.mjx-math').length)).toBeGreaterThan(0);
    // Lens marks the end of the work a post page's load starts (previews, the side panel's handshake and outline);
    // a request for KaTeX by any of it would be marked before that.
    await page.waitFor(() => performance.getEntriesByName('lens:settled').length > 0, undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => performance.getEntriesByName('lens:katex-requested').length)).toBe(0);
    // KaTeX's stylesheet and fonts arrive with KaTeX itself; none of them means KaTeX was never injected.
    expect(await page.evaluate(() => document.querySelectorAll('#lens-katex-fonts, #lens-katex-css').length)).toBe(0);
    // The fixture's own MathJax fonts (a CDN) fail offline; extension errors are checked at the end.
    expect(pageErrors(page).filter((e) => e.text.includes('[Lens]'))).toEqual([]);
    await page.close();
  });

  test('a dump served as a text/plain file is read after the toolbar action', async () => {
    const page = await browser.newPage();
    await page.goto(`http://${NEUTRAL_HOST}/dumps/lesswrong-ru.txt`);
    expect(await viewState(page)).toBeNull();
    await page.bringToFront();
    await browser.triggerAction(page);
    const mounted = await page
      .waitFor(() => document.querySelector('lens-reading-view') !== null, undefined, { timeout: 10_000 })
      .catch(() => false);
    if (!mounted) {
      // Seen in Chromium only, rarely: the first synthetic action click is not delivered; a reader would click again.
      console.warn(`${name}: no reading view 10 s after the toolbar action; clicking it again`);
      await browser.triggerAction(page);
    }
    const state = await waitForPosts(page);
    expect(state.articles).toBe(20);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  test('a 10 MB dump page keeps working while it is read', async () => {
    const page = await browser.newPage();
    await page.goto(server.url('lesswrong.ru', '/aggregator/big'), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const start = (await page.waitFor(() => (window as unknown as { __beats: number }).__beats || null)) as number;
    const state = await waitForPosts(page, 120_000);
    const end = await page.evaluate(() => ({
      beats: (window as unknown as { __beats: number }).__beats,
      maxGap: Math.round((window as unknown as { __maxGap: number }).__maxGap),
      lensGap: Math.round((window as unknown as { __lensGap: number }).__lensGap),
    }));
    console.log(
      `${name}: 10 MB dump → ${state.articles} posts; heartbeat ${end.beats - start} ticks; longest gap ${end.lensGap} ms while Lens read it (${end.maxGap} ms counting the browser's own page load)`,
    );
    expect(state.articles).toBeGreaterThan(700);
    expect(end.beats - start).toBeGreaterThan(10);
    // Not a budget (those belong to the benchmark scripts), only a guard against a freeze: the measured longest gap is
    // ~0.3–0.5 s for Lens's own work on 2 busy cores, plus what the side panel's first announcement of 800 posts costs.
    expect(end.lensGap).toBeLessThan(2_500);
    // Posts start as placeholders; the last one gets its body once the reader scrolls to it.
    const last = await page.waitFor(
      () => {
        const root = document.querySelector('lens-reading-view')!.shadowRoot!;
        const articles = root.querySelectorAll('article');
        const article = articles[articles.length - 1]!;
        article.scrollIntoView({ block: 'start' });
        const body = article.querySelector('.lens-post-body');
        return body?.textContent ? { index: article.dataset.index, text: body.textContent.length } : null;
      },
      undefined,
      { timeout: 20_000 },
    );
    expect(Number(last?.index)).toBe(state.articles - 1);
    expect(last?.text).toBeGreaterThan(100);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 180_000);

  test('the extension reported no errors', async () => {
    expect(await browser.extensionErrors()).toEqual([]);
  });
});
