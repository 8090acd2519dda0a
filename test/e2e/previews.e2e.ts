import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type Browser from 'webextension-polyfill';
import { BROWSERS, type LensBrowser, type LensPage, launch } from './browsers';
import { type FixtureServer, startFixtureServer } from './server';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHELL = readFileSync(resolve(ROOT, 'test/fixtures/lw-abstract-entropy-page-shell/input.html'), 'utf8');
const POST_PATH = '/posts/REA49tL5jsh69X3aM/introduction-to-abstract-entropy';

// Stands in for LessWrong's own footnote hover card (FM FootnotePreview + LWPopper): a main-world mouseover listener,
// as React's root listener is, that shows `.FootnotePreview-hovercard` for `#fn…` links.
const FAKE_LW_CARD = `<script>
window.__lwCards = 0;
document.addEventListener('mouseover', function (e) {
  var a = e.target && e.target.closest && e.target.closest('a[href^="#fn"]:not([href^="#fnref"])');
  if (!a) return;
  window.__lwCards++;
  if (document.querySelector('.FootnotePreview-hovercard')) return;
  var card = document.createElement('div');
  card.className = 'FootnotePreview-hovercard';
  card.textContent = 'LW NATIVE CARD';
  card.style.cssText = 'position:absolute;top:10px;left:10px;background:#fff;border:1px solid #000;padding:8px';
  document.body.appendChild(card);
});
</script>`;

const withCard = (html: string) => html.replace('</body>', `${FAKE_LW_CARD}</body>`);

// A small LessWrong post where note 1 cites note 2 (CKEditor shape, as LW stores it), for keyboard and nesting.
function smallPost(body: string, notes: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Nested notes — LessWrong</title>
<meta name="citation_title" content="Nested notes"></head><body><div id="__next">
<div id="postBody" class="PostsPage-centralColumn PostsPage-postBody"><h1 class="PostsPageTitle-root"><a class="PostsPageTitle-link" href="/posts/aaaaaaaaaaaaaaaaa/nested">Nested notes</a></h1>
<div class="PostsPage-postContent instapaper_body ContentStyles-base content ContentStyles-postBody"><div class="commentOnSelection">
<div id="postContent"><div><p><a id="before" href="/elsewhere">before</a> ${body}</p>
<ol class="footnote-section footnotes" data-footnote-section="" role="doc-endnotes">${notes}</ol></div></div></div></div></div></div></body></html>`;
}

const ref = (id: string, n: number) =>
  `<span class="footnote-reference" data-footnote-reference="" data-footnote-index="${n}" data-footnote-id="${id}" role="doc-noteref" id="fnref${id}"><sup><a href="#fn${id}">[${n}]</a></sup></span>`;
const note = (id: string, n: number, html: string) =>
  `<li class="footnote-item" data-footnote-item="" data-footnote-index="${n}" data-footnote-id="${id}" role="doc-endnote" id="fn${id}"><span class="footnote-back-link" data-footnote-back-link="" data-footnote-id="${id}"><sup><strong><a href="#fnref${id}">^</a></strong></sup></span><div class="footnote-content" data-footnote-content=""><p>${html}</p></div></li>`;

const NESTED = smallPost(
  `Claim one${ref('aaa111', 1)} and claim two${ref('bbb222', 2)}.`,
  note('aaa111', 1, `Outer note text, which leans on another${ref('bbb222', 2)}.`) +
    note('bbb222', 2, `Inner note text, citing the outer one${ref('aaa111', 1)} again.`),
);

// Broken on purpose: a reference to a missing note, ids with colons, a note citing itself, unclosed tags.
const MALFORMED = smallPost(
  `Dangling<sup><a href="#fnmissing">[9]</a></sup>, colon<sup class="footnote-ref"><a href="#fn:1" id="fnref:1">[1]</a></sup>, self${ref('self01', 2)} <b><i>unclosed`,
  `<li id="fn:1" class="footnote-item"><p>Colon-id note. <a href="#fnref:1" class="footnote-backref">↩︎</a></p></li>${note('self01', 2, `Self-citing note${ref('self01', 2)}.`)}<li id="fnbroken"><div><p>no close`,
);

const hostShadowText = () =>
  document.getElementById('lens-preview-host')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') || null;

async function lensReady(page: LensPage): Promise<void> {
  await page.waitFor(() => performance.getEntriesByName('lens:previews-ready').length > 0, undefined, {
    timeout: 20_000,
  });
}

// Firefox reports the page's own blocked MathJax font downloads (no network here) as page errors; those are not ours.
const PAGE_NOISE = /Cross-Origin Request Blocked|downloadable font/;

function lensErrors(page: LensPage) {
  return page.errors.filter((e) => e.text.includes('[Lens]') || (e.kind === 'pageerror' && !PAGE_NOISE.test(e.text)));
}

describe.each(BROWSERS)('%s: footnote previews on a live post page', (name) => {
  let server: FixtureServer;
  let browser: LensBrowser;
  let shellUrl: string;
  let nestedUrl: string;
  let darkUrl: string;
  let malformedUrl: string;
  let userUrl: string;

  beforeAll(async () => {
    server = await startFixtureServer();
    shellUrl = server.html('www.lesswrong.com', POST_PATH, withCard(SHELL));
    nestedUrl = server.html('www.lesswrong.com', '/posts/aaaaaaaaaaaaaaaaa/nested', withCard(NESTED));
    darkUrl = server.html(
      'www.lesswrong.com',
      '/posts/ddddddddddddddddd/dark',
      withCard(NESTED.replace('<body>', '<body style="background:#15171a;color:#e6e6e6">')),
    );
    malformedUrl = server.html('www.lesswrong.com', '/posts/bbbbbbbbbbbbbbbbb/malformed', withCard(MALFORMED));
    userUrl = server.html(
      'www.lesswrong.com',
      '/users/alex_altair',
      withCard(
        `<!doctype html><title>Alex_Altair — LessWrong</title><body><div id="__next"><h1>Alex_Altair</h1><p>Posts<sup><a href="#fn1">[1]</a></sup></p><ol><li id="fn1">Not a post.</li></ol></div></body>`,
      ),
    );
    browser = await launch(name, { server });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('hovering a reference in the real 222 KB post opens a preview with the note, and LW’s own card stays shut', async () => {
    const page = await browser.newPage();
    await page.goto(shellUrl);
    await lensReady(page);
    const selector = '#postContent a[href="#fna26yynbcolo"]';
    await page.hover(selector);
    const text = await page.waitFor(hostShadowText, undefined, { timeout: 10_000 });
    expect(text).toContain('Footnote 1');
    const noteStart = await page.evaluate(() =>
      (document.querySelector('#fna26yynbcolo .footnote-content')?.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 40),
    );
    expect(noteStart.length).toBeGreaterThan(10);
    expect(text).toContain(noteStart);
    expect(await page.evaluate(() => (window as unknown as { __lwCards: number }).__lwCards)).toBe(0);
    expect(await page.evaluate(() => document.querySelector('.FootnotePreview-hovercard'))).toBeNull();
    const aria = await page.evaluate(() => {
      const a = document.querySelector('#postContent a[href="#fna26yynbcolo"]')!;
      return [a.getAttribute('aria-expanded'), a.getAttribute('aria-describedby')];
    });
    expect(aria).toEqual(['true', 'lens-preview-host']);
    // Leaving closes it after the grace period.
    await page.mouseMove(5, 700);
    await page.waitFor(
      () =>
        (document.getElementById('lens-preview-host')?.shadowRoot?.querySelectorAll('.lens-preview').length ?? 0) === 0,
    );
    expect(lensErrors(page)).toEqual([]);
    await page.close();
  });

  test('math inside a note renders with KaTeX inside the preview, its fonts registered in the document', async () => {
    const page = await browser.newPage();
    await page.goto(shellUrl);
    await lensReady(page);
    await page.hover('#postContent a[href="#fn9i6jb0p1fl"]');
    const rendered = await page.waitFor(
      () => {
        const root = document.getElementById('lens-preview-host')?.shadowRoot;
        const katex = root?.querySelector('.lens-preview .katex');
        if (!katex) return null;
        return {
          css: !!root?.querySelector('style#lens-katex-css'),
          fonts: !!document.getElementById('lens-katex-fonts'),
          text: (katex.textContent ?? '').length > 0,
        };
      },
      undefined,
      { timeout: 15_000 },
    );
    expect(rendered).toEqual({ css: true, fonts: true, text: true });
    expect(lensErrors(page)).toEqual([]);
    await page.close();
  });

  test('an equation MathJax rendered on the page offers "Copy TeX", and the copy completes', async () => {
    const page = await browser.newPage();
    await page.goto(shellUrl);
    await lensReady(page);
    const tex = await page.evaluate(() => {
      const math = document.querySelector('#postContent .mjx-math[aria-label]')!;
      math.scrollIntoView({ block: 'center' });
      return math.getAttribute('aria-label');
    });
    await page.hover('#postContent .mjx-math[aria-label]');
    const shown = await page.waitFor(
      () => {
        const button = document.querySelector('lens-copy-tex')?.shadowRoot?.querySelector('button');
        return button && !button.hidden ? button.textContent : null;
      },
      undefined,
      { timeout: 10_000 },
    );
    expect(shown).toBe('Copy TeX');
    // The text written is the content script's (an isolated world the page can't observe); its format is unit-tested
    // in test/render/copy-tex.test.ts. Here: the action is offered on the site's own MathJax and completes.
    await page.evaluate(() => {
      (document.querySelector('lens-copy-tex')!.shadowRoot!.querySelector('button') as HTMLButtonElement).click();
    });
    const after = await page.waitFor(
      () => {
        const button = document.querySelector('lens-copy-tex')?.shadowRoot?.querySelector('button');
        return button?.textContent === 'Copy TeX' ? null : button?.textContent;
      },
      undefined,
      { timeout: 10_000 },
    );
    expect(after).toBe('Copied');
    expect(tex).toBeTruthy();
    expect(lensErrors(page)).toEqual([]);
    await page.close();
  });

  test('on a dark page the preview is dark too, and on a light page light', async () => {
    const look = async (url: string) => {
      const page = await browser.newPage();
      await page.goto(url);
      await lensReady(page);
      await page.hover('#postContent a[href="#fnaaa111"]');
      const seen = await page.waitFor(
        () => {
          const root = document.getElementById('lens-preview-host')?.shadowRoot;
          const card = root?.querySelector('.lens-preview');
          if (!card) return null;
          const rgb = (getComputedStyle(card).backgroundColor.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
          return { theme: (root!.querySelector('.lens-layer') as HTMLElement).dataset.theme, rgb };
        },
        undefined,
        { timeout: 10_000 },
      );
      await page.close();
      return seen!;
    };
    const brightness = (rgb: number[]) => (rgb[0]! + rgb[1]! + rgb[2]!) / 3;
    const dark = await look(darkUrl);
    const light = await look(nestedUrl);
    expect(dark.theme).toBe('dark');
    expect(light.theme).toBe('light');
    expect(brightness(dark.rgb)).toBeLessThan(100);
    expect(brightness(light.rgb)).toBeGreaterThan(155);
  });

  test('keyboard focus opens a preview; Esc closes it and focus stays on the reference', async () => {
    const page = await browser.newPage();
    await page.goto(nestedUrl);
    await lensReady(page);
    await page.focus('#before');
    await page.press('Tab');
    const text = await page.waitFor(hostShadowText, undefined, { timeout: 10_000 });
    expect(text).toContain('Outer note text');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#fnaaa111');
    await page.press('Escape');
    await page.waitFor(
      () =>
        (document.getElementById('lens-preview-host')?.shadowRoot?.querySelectorAll('.lens-preview').length ?? 0) === 0,
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#fnaaa111');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('false');
    expect(lensErrors(page)).toEqual([]);
    await page.close();
  });

  test('keyboard only: Alt+ArrowDown moves focus into the pinned preview, Tab to Close, Enter closes, focus is back', async () => {
    const page = await browser.newPage();
    await page.goto(nestedUrl);
    await lensReady(page);
    await page.focus('#before');
    await page.press('Tab');
    await page.waitFor(hostShadowText, undefined, { timeout: 10_000 });
    await page.press('Alt+ArrowDown');
    const inside = await page.waitFor(() => {
      const root = document.getElementById('lens-preview-host')?.shadowRoot;
      const el = root?.activeElement;
      return el ? { role: el.getAttribute('role'), label: el.getAttribute('aria-label') } : null;
    });
    expect(inside).toEqual({ role: 'dialog', label: 'Footnote 1' });
    const focusedClass = () =>
      document.getElementById('lens-preview-host')?.shadowRoot?.activeElement?.className ?? null;
    await page.press('Tab');
    expect(await page.evaluate(focusedClass)).toBe('lens-pin');
    await page.press('Tab');
    expect(await page.evaluate(focusedClass)).toBe('lens-close');
    await page.press('Enter');
    await page.waitFor(
      () =>
        (document.getElementById('lens-preview-host')?.shadowRoot?.querySelectorAll('.lens-preview').length ?? 0) === 0,
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#fnaaa111');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('false');
    expect(await page.url()).toContain('/posts/aaaaaaaaaaaaaaaaa/nested');
    expect(lensErrors(page)).toEqual([]);
    await page.close();
  });

  test('a note citing another opens a nested preview on top; the cycle back shows as a plain link', async () => {
    const page = await browser.newPage();
    await page.goto(nestedUrl);
    await lensReady(page);
    await page.hover('#postContent a[href="#fnaaa111"]');
    await page.waitFor(hostShadowText, undefined, { timeout: 10_000 });
    const inner = await page.evaluate(() => {
      const a = document
        .getElementById('lens-preview-host')!
        .shadowRoot!.querySelector<HTMLElement>('.lens-preview .lens-body a')!;
      const r = a.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    // Into the outer preview first (through its body), then onto the reference inside it.
    await page.mouseMove(inner.x - 30, inner.y);
    await page.mouseMove(inner.x, inner.y);
    await page.waitFor(
      () =>
        (document.getElementById('lens-preview-host')?.shadowRoot?.querySelectorAll('.lens-preview').length ?? 0) === 2,
      undefined,
      { timeout: 10_000 },
    );
    const stack = await page.evaluate(() =>
      [...document.getElementById('lens-preview-host')!.shadowRoot!.querySelectorAll('.lens-preview')].map((p) => ({
        text: p.textContent ?? '',
        cycles: p.querySelectorAll('a.lens-cycle').length,
        z: Number(getComputedStyle(p).zIndex) || 0,
      })),
    );
    expect(stack[0]!.text).toContain('Outer note text');
    expect(stack[1]!.text).toContain('Inner note text');
    expect(stack[1]!.cycles).toBe(1);
    expect(lensErrors(page)).toEqual([]);
    await page.close();
  });

  test('malformed footnote markup: the page keeps working and nothing escapes to the page', async () => {
    const page = await browser.newPage();
    await page.goto(malformedUrl);
    await lensReady(page);
    await page.hover('#postContent a[href="#fnmissing"]');
    await page.hover('#postContent a[href="#fn:1"]');
    const text = await page.waitFor(hostShadowText, undefined, { timeout: 10_000 });
    expect(text).toContain('Colon-id note.');
    await page.hover('#postContent a[href="#fnself01"]');
    await page.waitFor(() =>
      (document.getElementById('lens-preview-host')?.shadowRoot?.textContent ?? '').includes('Self-citing'),
    );
    expect(await page.evaluate(() => document.title)).toBe('Nested notes — LessWrong');
    expect(lensErrors(page)).toEqual([]);
    await page.close();
  });

  test('after a client-side navigation to another post, the new post’s notes preview', async () => {
    const page = await browser.newPage();
    await page.goto(nestedUrl);
    await lensReady(page);
    // What LessWrong's router does: push the new URL, then React swaps the body's children.
    await page.evaluate(() => {
      history.pushState({}, '', '/posts/ccccccccccccccccc/second');
      const body = document.getElementById('postContent')!;
      body.innerHTML =
        '<div><p>Second post<span class="footnote-reference" id="fnrefzzz999"><sup><a href="#fnzzz999">[1]</a></sup></span>.</p>' +
        '<ol class="footnotes"><li class="footnote-item" id="fnzzz999"><div class="footnote-content"><p>Second post note.</p></div></li></ol></div>';
    });
    await page.waitFor(() => performance.getEntriesByName('lens:previews-ready').length >= 2, undefined, {
      timeout: 15_000,
    });
    await page.hover('#postContent a[href="#fnzzz999"]');
    const text = await page.waitFor(hostShadowText, undefined, { timeout: 10_000 });
    expect(text).toContain('Second post note.');
    expect(lensErrors(page)).toEqual([]);
    await page.close();
  });

  test('a non-post page gets nothing injected', async () => {
    const page = await browser.newPage();
    await page.goto(userUrl);
    // Lens marks that it looked at the page and chose to add nothing; only then can "nothing" be checked.
    await page.waitFor(() => performance.getEntriesByName('lens:nothing-to-do').length > 0, undefined, {
      timeout: 20_000,
    });
    await page.hover('a[href="#fn1"]');
    // The site's own card opening shows the hover was delivered and Lens did not gate it (its previews would).
    await page.waitFor(() => document.querySelector('.FootnotePreview-hovercard'), undefined, { timeout: 5000 });
    expect(
      await page.evaluate(() => ({
        host: !!document.getElementById('lens-preview-host'),
        view: !!document.querySelector('lens-reading-view'),
        style: !!document.getElementById('lens-suppress-site-cards'),
        marks: performance.getEntriesByName('lens:previews-ready').length,
      })),
    ).toEqual({ host: false, view: false, style: false, marks: 0 });
    expect(lensErrors(page)).toEqual([]);
    await page.close();
  });

  test('with Lens previews off for LessWrong, LW’s own card works and Lens stays out of the way', async () => {
    await browser.evaluateBackground(async () => {
      const g = globalThis as unknown as { browser?: Browser.Browser; chrome: Browser.Browser };
      const api = g.browser ?? g.chrome;
      await api.storage.local.set({
        'lens:settings': { sites: { lesswrong: { enabled: true, previews: false } } },
      });
    });
    try {
      const page = await browser.newPage();
      await page.goto(nestedUrl);
      // Marked once Lens has read its settings and set up the page, previews or not: the hover comes after that.
      await lensReady(page);
      await page.hover('#postContent a[href="#fnaaa111"]');
      // Lens's previews keep the site's card shut (see the first test): its opening shows Lens is out of the way.
      await page.waitFor(() => document.querySelector('.FootnotePreview-hovercard'), undefined, { timeout: 5000 });
      expect(
        await page.evaluate(() => ({
          host: !!document.getElementById('lens-preview-host'),
          style: !!document.getElementById('lens-suppress-site-cards'),
        })),
      ).toEqual({ host: false, style: false });
      expect(lensErrors(page)).toEqual([]);
      await page.close();
    } finally {
      await browser.evaluateBackground(async () => {
        const g = globalThis as unknown as { browser?: Browser.Browser; chrome: Browser.Browser };
        await (g.browser ?? g.chrome).storage.local.remove('lens:settings');
      });
    }
  });

  test('no [Lens] errors reached the browser log', async () => {
    const errors = (await browser.extensionErrors()).filter((e) => e.text.includes('[Lens]'));
    expect(errors).toEqual([]);
  });
});
