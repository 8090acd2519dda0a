// The XSS canary in real browsers: every vector of test/security/xss-corpus.ts is saved (through the background's
// save-post message, the content script's path) in titles, authors, bodies, footnotes and tags, and the reader shows
// the library and the posts; `window.__pwned` must stay unset and no handler or script may appear.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Post } from '../../lib/model';
import { XSS_VECTORS } from '../security/xss-corpus';
import { BROWSERS, type LensBrowser, type LensPage, launch } from './browsers';
import { type FixtureServer, startFixtureServer } from './server';

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

const ALL: Post = {
  ...hostile(XSS_VECTORS.map((v) => v.payload).join('\n'), 9999),
  title: 'Everything at once',
};

async function inert(page: LensPage): Promise<{ pwned: unknown; scripts: number; handlers: string[] }> {
  return page.evaluate(() => {
    const handlers: string[] = [];
    for (const el of document.querySelectorAll('main *')) {
      for (const a of el.attributes) {
        if (a.name.startsWith('on') || /^\s*javascript:/i.test(a.value)) handlers.push(`${el.localName}[${a.name}]`);
      }
    }
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      scripts: document.querySelectorAll('main script, main iframe, main object, main embed').length,
      handlers,
    };
  });
}

describe.each(BROWSERS)('%s: XSS canary in the reader', (name) => {
  let server: FixtureServer;
  let browser: LensBrowser;
  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launch(name, { server });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('no vector runs in the library list or on a post page', async () => {
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
    await new Promise((r) => setTimeout(r, 1500));
    expect(await inert(reader)).toEqual({ pwned: undefined, scripts: 0, handlers: [] });

    for (const id of [ALL.id, hostile('', 5).id, hostile('', XSS_VECTORS.length - 1).id]) {
      await reader.evaluate((h: string) => {
        location.hash = h;
      }, `post=${id}`);
      await reader.waitFor(() => document.querySelector('main h1'), undefined, { timeout: 30_000 });
      // Hover and click every footnote reference too: the previews render footnote html.
      await reader.evaluate(() => {
        for (const a of document.querySelectorAll<HTMLElement>('a.lens-fnref')) {
          a.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
          a.focus();
        }
      });
      await new Promise((r) => setTimeout(r, 1500));
      expect(await inert(reader)).toEqual({ pwned: undefined, scripts: 0, handlers: [] });
    }
  });
});
