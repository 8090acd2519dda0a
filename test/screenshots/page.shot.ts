// The README's pictures of Lens on a post page and on the aggregator (the library and post view are reader.shot.ts's).
import type { Page as PwPage } from 'playwright-core';
import type { LensPage } from '../e2e/browsers';
import type { Shot, ShotContext } from './shots';

const previewText = () =>
  document.getElementById('lens-preview-host')?.shadowRoot?.querySelector('.lens-preview')?.textContent || null;

/** Waits for Lens on the post, every figure loaded and fonts ready. */
async function postReady(page: LensPage): Promise<void> {
  await page.waitFor(() => performance.getEntriesByName('lens:previews-ready').length > 0, undefined, {
    timeout: 30_000,
  });
  await page.waitFor(() =>
    [...document.querySelectorAll<HTMLImageElement>('#postContent img')].every((i) => i.complete && i.naturalWidth > 0),
  );
  await page.evaluate(() => document.fonts.ready.then(() => true));
}

/** Scrolls so the reference to note `id` sits `top` pixels below the top of the screen; returns its selector. */
async function scrollToNote(page: LensPage, id: string, top: number): Promise<string> {
  const selector = `#postContent .footnote-reference a[href="#${id}"]`;
  await page.evaluate(
    ([sel, y]) => {
      const ref = document.querySelector(sel as string);
      if (!ref) throw new Error(`no ${sel}`);
      window.scrollTo(0, ref.getBoundingClientRect().top + window.scrollY - (y as number));
    },
    [selector, top],
  );
  return selector;
}

async function openPreview(page: LensPage, selector: string): Promise<void> {
  await page.hover(selector);
  await page.waitFor(previewText, undefined, { timeout: 15_000 });
  // The preview fades in; a picture mid-fade shows it half transparent.
  await page.waitFor(() => {
    const el = document.getElementById('lens-preview-host')?.shadowRoot?.querySelector('.lens-preview');
    return el ? getComputedStyle(el).opacity === '1' && el.getAnimations().length === 0 : false;
  });
}

async function postWithPanel(ctx: ShotContext, dark: boolean): Promise<[LensPage, LensPage]> {
  const page = await ctx.browser.newPage();
  if (dark) await (page.raw as PwPage).emulateMedia({ colorScheme: 'dark' });
  // 899 + 1 + 380 = 1280 by 800: the size the Chrome Web Store takes.
  await (page.raw as PwPage).setViewportSize({ width: 899, height: 800 });
  await page.goto(ctx.demo.post);
  await postReady(page);
  const panel = await ctx.browser.openExtensionPage(`sidepanel.html?tab=${await ctx.browser.tabId(page)}`);
  if (dark) await (panel.raw as PwPage).emulateMedia({ colorScheme: 'dark' });
  await (panel.raw as PwPage).setViewportSize({ width: 380, height: 800 });
  await page.bringToFront();
  await page.evaluate((text: string) => {
    const h = [...document.querySelectorAll('#postContent h2, #postContent h3')].find(
      (el) => el.textContent?.trim() === text,
    );
    if (!h) throw new Error(`no heading ${text}`);
    window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 70);
  }, 'Binary string labels');
  await panel.waitFor(() => document.querySelector('[aria-current="location"]') !== null, undefined, {
    timeout: 20_000,
  });
  await panel.evaluate(() => document.fonts.ready.then(() => true));
  return [page, panel];
}

export const shots: Shot[] = [
  {
    file: 'screenshot-preview.png',
    async take(ctx) {
      const page = await ctx.browser.newPage();
      await page.goto(ctx.demo.post);
      await postReady(page);
      // Note 7 sits just above the figure of the first 31 binary strings (drawn by the demo, as all its figures).
      await openPreview(page, await scrollToNote(page, 'fn0qfkbz6qhwj', 260));
      await page.screenshot({ path: ctx.out(this.file) });
      await page.close();
    },
  },
  {
    file: 'screenshot-sidepanel.png',
    async take(ctx) {
      const [page, panel] = await postWithPanel(ctx, false);
      await ctx.sideBySide(page, panel, this.file);
      await panel.close();
      await page.close();
    },
  },
  {
    file: 'screenshot-dark.png',
    async take(ctx) {
      const [page, panel] = await postWithPanel(ctx, true);
      await openPreview(page, '#postContent .footnote-reference a[href="#fnmh08kmzx85q"]');
      await ctx.sideBySide(page, panel, this.file);
      await panel.close();
      await page.close();
    },
  },
];

/** The aggregator with Lens's reading view open and every post rendered. */
async function readingView(ctx: ShotContext): Promise<LensPage> {
  const page = await ctx.browser.newPage();
  await page.goto(ctx.demo.aggregator);
  await page.waitFor(
    () => {
      const root = document.querySelector('lens-reading-view')?.shadowRoot;
      return root && !root.querySelector('progress') && root.querySelectorAll('article').length === 20;
    },
    undefined,
    { timeout: 30_000 },
  );
  await page.evaluate(() => document.fonts.ready.then(() => true));
  return page;
}

/** Scrolls the reading view so `selector` (in its shadow root) sits `top` pixels below the top of the screen. */
async function scrollViewTo(page: LensPage, selector: string, top: number): Promise<void> {
  await page.evaluate(
    ([sel, y]) => {
      const el = document.querySelector('lens-reading-view')?.shadowRoot?.querySelector(sel as string);
      if (!el) throw new Error(`no ${sel} in the reading view`);
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - (y as number));
    },
    [selector, top],
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

shots.push(
  {
    // "Elementary Condensation" (post 5 of the dump) opens with headings the dump glued to their paragraphs.
    file: 'screenshot-reading-view.png',
    async take(ctx) {
      const page = await readingView(ctx);
      await scrollViewTo(page, 'article[data-index="4"] .lens-post-header', 72);
      await page.screenshot({ path: ctx.out(this.file) });
      await page.close();
    },
  },
  {
    // The dump's one surviving formula ($N$) is in that post's note 21: its preview renders it with KaTeX.
    file: 'screenshot-reading-view-math.png',
    async take(ctx) {
      const page = await readingView(ctx);
      const ref = 'a[href="#0tb00ex2ij3-fn21"]';
      await scrollViewTo(page, ref, 330);
      const [x, y] = await page.evaluate((sel: string) => {
        const box = document
          .querySelector('lens-reading-view')!
          .shadowRoot!.querySelector(sel)!
          .getBoundingClientRect();
        return [box.x + box.width / 2, box.y + box.height / 2];
      }, ref);
      await page.mouseMove(x!, y!);
      // Settled: the preview with its rendered formula is in, and its fade-in is over.
      await page.waitFor(
        () => {
          const roots = [document, document.querySelector('lens-reading-view')?.shadowRoot];
          const previews = roots.flatMap((root) =>
            [...(root?.querySelectorAll('*') ?? [])].flatMap((el) => [
              ...(el.shadowRoot?.querySelectorAll<HTMLElement>('.lens-preview') ?? []),
            ]),
          );
          return previews.some(
            (p) => p.querySelector('.katex') && getComputedStyle(p).opacity === '1' && p.getAnimations().length === 0,
          );
        },
        undefined,
        { timeout: 15_000 },
      );
      await page.screenshot({ path: ctx.out(this.file) });
      await page.close();
    },
  },
);
