// The XSS canary in real browsers: every vector of test/security/xss-corpus.ts is saved (through the background's
// save-post message, the content script's path) in titles, authors, bodies, footnotes and tags, and the reader shows
// the library and the posts; `window.__pwned` must stay unset and no handler or script may appear.
import { describe, expect, test } from 'vitest';
import type { Post } from '../../lib/model';
import { XSS_VECTORS } from '../security/xss-corpus';
import { BROWSERS, type LensPage } from './browsers';
import { browserRun } from './run';

function hostile(payload: string, i: number): Post {
  return {
    id: `xss${String(i).padStart(14, '0')}`,
    source: 'lesswrong',
    url: `https://www.lesswrong.com/posts/xss${String(i).padStart(14, '0')}/x`,
    title: `T${i} ${payload}`,
    author: payload,
    html: `<h2 id="h${i}">${payload}</h2><p>before ${payload} after<sup><a class="lens-fnref" id="fnref1" href="#fn1" data-lens-footnote="fn1">[1]</a></sup></p>${payload}`,
    headings: [{ id: `h${i}`, level: 2, text: payload }],
    footnotes: [{ id: 'fn1', number: 1, html: `<p>${payload}</p>`, text: payload, refIds: ['fnref1'] }],
    math: [],
  };
}

const EVERY = hostile(XSS_VECTORS.map((v) => v.payload).join('\n'), 9999);
// The unclosed vectors swallow whatever follows them, so this post's reference comes first: its preview shows them all.
const ALL: Post = {
  ...EVERY,
  title: 'Everything at once',
  html: `<p>first<sup><a class="lens-fnref" href="#fn1" data-lens-footnote="fn1">[1]</a></sup></p>${EVERY.html}`,
};

// The reader's content and, when one is open, the body of the footnote preview (a shadow root outside main).
async function inert(page: LensPage): Promise<{ pwned: unknown; scripts: number; handlers: string[] }> {
  return page.evaluate(() => {
    const roots: ParentNode[] = [document.querySelector('main')!];
    const preview = document.getElementById('lens-preview-host')?.shadowRoot?.querySelector('.lens-body');
    if (preview) roots.push(preview);
    const handlers: string[] = [];
    let scripts = 0;
    for (const root of roots) {
      for (const el of root.querySelectorAll('*')) {
        for (const a of el.attributes) {
          if (a.name.startsWith('on') || /^\s*javascript:/i.test(a.value)) handlers.push(`${el.localName}[${a.name}]`);
        }
      }
      scripts += root.querySelectorAll('script, iframe, object, embed').length;
    }
    return { pwned: (window as unknown as { __pwned?: unknown }).__pwned, scripts, handlers };
  });
}

/**
 * Waits until every image in main (or, with `preview`, in the open preview's body) has loaded or failed and every
 * equation there is rendered: the events a surviving handler would have fired have then fired.
 */
async function settled(page: LensPage, preview: boolean): Promise<void> {
  await page.waitFor(
    (inPreview: boolean) => {
      const root = inPreview
        ? document.getElementById('lens-preview-host')?.shadowRoot?.querySelector('.lens-body')
        : document.querySelector('main');
      if (!root) return false;
      // In the preview case: the one open is the focused reference's (it says so), not one left from before.
      if (inPreview && document.activeElement?.getAttribute('aria-expanded') !== 'true') return false;
      const images = [...root.querySelectorAll('img')].every((img) => img.complete);
      const math = [...root.querySelectorAll('.lens-math')].every(
        (el) => el.getAttribute('data-lens-rendered') === 'true',
      );
      return images && math;
    },
    preview,
    { timeout: 30_000 },
  );
}

describe.each(BROWSERS)('%s: XSS canary in the reader', (name) => {
  const run = browserRun(name, { keepProfile: false });

  test('no vector runs in the library list or on a post page', async () => {
    const browser = await run.open();
    const reader = await browser.openExtensionPage('reader.html');
    const replies = await reader.evaluate(
      async (posts: Post[]) => {
        type Runtime = { runtime: { sendMessage: (m: unknown) => Promise<unknown> } };
        const g = globalThis as unknown as { browser?: Runtime; chrome: Runtime };
        const api = (g.browser ?? g.chrome).runtime;
        const out: unknown[] = [];
        for (const post of posts) out.push(await api.sendMessage({ type: 'save-post', post }));
        return out;
      },
      [...XSS_VECTORS.map((v, i) => hostile(v.payload, i)), ALL],
    );
    expect(replies.every((r) => (r as { ok: boolean }).ok)).toBe(true);
    await reader.goto(`${browser.extensionOrigin}/reader.html`);
    await reader.waitFor(
      () => document.querySelectorAll('section[aria-label="Saved posts"] li').length >= 50,
      undefined,
      {
        timeout: 30_000,
      },
    );
    await settled(reader, false);
    expect(await inert(reader)).toEqual({ pwned: undefined, scripts: 0, handlers: [] });

    for (const [id, title] of [
      [ALL.id, ALL.title],
      [hostile('', 5).id, 'T5 '],
      [hostile('', XSS_VECTORS.length - 1).id, `T${XSS_VECTORS.length - 1} `],
    ]) {
      await reader.evaluate((h: string) => {
        location.hash = h;
      }, `post=${id}`);
      // This post's own heading: the one before it (or the library's) may still be on screen for a moment.
      await reader.waitFor((t: string) => document.querySelector('main h1')?.textContent?.startsWith(t), title, {
        timeout: 30_000,
      });
      await settled(reader, false);
      // Hover and focus every footnote reference too: the previews render footnote html. Keyboard focus opens a
      // preview (a key pressed first makes the scripted focus count as keyboard focus, as in the reading view test).
      await reader.press('Shift');
      await reader.evaluate(() => {
        for (const a of document.querySelectorAll<HTMLElement>('a.lens-fnref')) {
          a.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
          a.focus();
        }
      });
      // The focused reference's preview opens at once (keyboard focus needs no hover delay): check its body too.
      await settled(reader, true);
      expect(await inert(reader)).toEqual({ pwned: undefined, scripts: 0, handlers: [] });
    }
  });
});
