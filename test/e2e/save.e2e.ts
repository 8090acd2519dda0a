// Issue 4, saving without the reader page, in the real built extension. Context menus and keyboard commands cannot be
// clicked or pressed in a headless browser, so the tests send the typed messages their handlers call: `save-tab` is
// the very function (saveTab in lib/background/save-routes.ts) behind "Save this post to Lens" and Alt+Shift+S, and
// `save-link` is the function (saveLink in lib/background/library.ts) behind "Save linked post to Lens". Both are
// sent from an extension page, the only kind of sender the background accepts `save-tab` from.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Post } from '../../lib/model';
import { BROWSERS, type LensBrowser, type LensPage, launch } from './browsers';
import { parsePage } from './parse-page';
import { type FixtureServer, NEUTRAL_HOST, startFixtureServer } from './server';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHELL = resolve(ROOT, 'test/fixtures/lw-abstract-entropy-page-shell');
const PAGE_HTML = readFileSync(resolve(SHELL, 'input.html'), 'utf8');
const PAGE_URL = (JSON.parse(readFileSync(resolve(SHELL, 'meta.json'), 'utf8')) as { url: string }).url;
const GRAPHQL = readFileSync(resolve(ROOT, 'test/fixtures-store/graphql-post-terminal-cynicism.json'), 'utf8');
const LINK = 'http://www.lesswrong.com/posts/aM6qtJ8gH72d7Hyqa/terminal-cynicism';
// The page's 8 figures are on res.cloudinary.com, a host Lens holds no access to unless the reader grants it.
const NO_CLOUDINARY =
  'Its 8 images stay online: Lens may not fetch from res.cloudinary.com yet (Save in the side panel, or “Keep its 8 images offline” in the library, asks once).';
const HOSTILE_IMG = '<img src="/x.png" onerror="window.__pwned=1">';

/** The recorded GraphQL answer with a hostile image and a javascript: link added to the body. */
function hostileAnswer(): string {
  const answer = JSON.parse(GRAPHQL) as { data: { post: { result: { contents: { html: string } } } } };
  const result = answer.data.post.result;
  result.contents.html = `<p>Hostile ${HOSTILE_IMG}<a href="javascript:alert(1)">link</a></p>${result.contents.html}`;
  return JSON.stringify(answer);
}

/** Sends one typed message to the background from an extension page. */
function send(page: LensPage, message: unknown): Promise<unknown> {
  return page.evaluate(async (m: unknown) => {
    type Runtime = { runtime: { sendMessage: (m: unknown) => Promise<unknown> } };
    const g = globalThis as unknown as { browser?: Runtime; chrome: Runtime };
    return (g.browser ?? g.chrome).runtime.sendMessage(m);
  }, message);
}

/** The stored post of an id, read straight from Lens's IndexedDB in the extension origin. */
function stored(page: LensPage, id: string): Promise<{ title: string; html: string; notes: string[] } | null> {
  return page.evaluate(
    (key: string) =>
      new Promise<{ title: string; html: string; notes: string[] } | null>((done, fail) => {
        const open = indexedDB.open('lens-library');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('records').objectStore('records').get(key);
          get.onerror = () => fail(get.error);
          get.onsuccess = () => {
            const post = (get.result as { post: Post } | undefined)?.post;
            open.result.close();
            done(post ? { title: post.title, html: post.html, notes: post.footnotes.map((f) => f.html) } : null);
          };
        };
      }),
    id,
  );
}

/** Chromium only: the URLs of the extension's offscreen documents open now (runtime.getContexts, in the worker). */
function offscreenDocuments(browser: LensBrowser): Promise<string[]> {
  return browser.evaluateBackground(async () => {
    const c = (globalThis as unknown as { chrome: { runtime: { getContexts: (f: object) => Promise<unknown[]> } } })
      .chrome;
    const contexts = (await c.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })) as {
      documentUrl: string;
    }[];
    return contexts.map((x) => x.documentUrl);
  }) as Promise<string[]>;
}

function toast(page: LensPage, pattern: string): Promise<string> {
  return page.waitFor(
    (p: string) => {
      const text = document.getElementById('lens-save-toast')?.textContent ?? '';
      return new RegExp(p).test(text) ? text : null;
    },
    pattern,
    { timeout: 20_000 },
  ) as Promise<string>;
}

describe.each(BROWSERS)('%s: saving from the page and from a link', (name) => {
  let server: FixtureServer;
  let browser: LensBrowser;
  let reader: LensPage;
  const pagePost = parsePage(PAGE_HTML, PAGE_URL);
  const pageUrl = new URL(PAGE_URL);

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launch(name, { server });
    reader = await browser.openExtensionPage('reader.html');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  beforeEach(() => {
    server.clear();
  });

  test('the page path saves the post the content script parsed, with no GraphQL request, and says so in the page', async () => {
    const url = server.html(pageUrl.host, pageUrl.pathname, PAGE_HTML);
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitFor(() => performance.getEntriesByName('lens:previews-ready').length > 0, undefined, {
      timeout: 20_000,
    });
    const tabId = await browser.tabId(page);
    expect(await send(reader, { type: 'save-tab', tabId })).toEqual({
      ok: true,
      via: 'page',
      message: `Saved “${pagePost.title}” to Lens. ${NO_CLOUDINARY}`,
    });
    // A background tab gets no animation frames in Chromium, where waitFor polls: look at the page in front.
    await page.bringToFront();
    expect(await toast(page, 'Saved “')).toBe(`Saved “${pagePost.title}” to Lens. ${NO_CLOUDINARY}`);
    const saved = await stored(reader, pagePost.id);
    expect(saved?.title).toBe(pagePost.title);
    expect(saved?.notes).toHaveLength(pagePost.footnotes.length);
    expect(saved?.html).toContain('data-lens-tex=');
    // Nothing was fetched again: the page was requested once, the API never.
    expect(server.requests.filter((r) => r.path === '/graphql')).toEqual([]);
    expect(server.requests.filter((r) => r.path === pageUrl.pathname)).toHaveLength(1);
    await page.close();
  });

  test('with no Lens on the page (Lens off for the site), the page path falls back to the API and says so in the page', async () => {
    await browser.evaluateBackground(async () => {
      type Storage = { storage: { local: { set: (v: object) => Promise<void> } } };
      const g = globalThis as unknown as { browser?: Storage; chrome: Storage };
      await (g.browser ?? g.chrome).storage.local.set({
        'lens:settings': { sites: { lesswrong: { enabled: false, previews: true } } },
      });
    });
    try {
      const url = server.html('www.lesswrong.com', new URL(LINK).pathname, '<!doctype html><title>x</title><p>x</p>');
      server.route('www.lesswrong.com', '/graphql', GRAPHQL, { contentType: 'application/json' });
      const page = await browser.newPage();
      await page.goto(url);
      const tabId = await browser.tabId(page);
      const reply = await send(reader, { type: 'save-tab', tabId });
      expect(reply).toEqual({ ok: true, via: 'api', message: expect.stringMatching(/^Saved “Terminal Cynicism”/) });
      await page.bringToFront();
      expect(await toast(page, 'Terminal Cynicism')).toMatch(/^Saved “Terminal Cynicism” to Lens/);
      expect(server.requests.filter((r) => r.path === '/graphql')).toHaveLength(1);
      await page.close();
    } finally {
      await browser.evaluateBackground(async () => {
        type Storage = { storage: { local: { remove: (k: string) => Promise<void> } } };
        const g = globalThis as unknown as { browser?: Storage; chrome: Storage };
        await (g.browser ?? g.chrome).storage.local.remove('lens:settings');
      });
    }
  });

  test('the link path fetches the recorded API answer, reads it where a DOM is (Chromium: the offscreen document) and stores it sanitised', async () => {
    server.route('www.lesswrong.com', '/graphql', hostileAnswer(), { contentType: 'application/json' });
    const reply = await send(reader, { type: 'save-link', url: LINK });
    expect(reply).toMatchObject({ ok: true, title: 'Terminal Cynicism', id: 'aM6qtJ8gH72d7Hyqa' });
    expect(server.requests.filter((r) => r.path === '/graphql')).toHaveLength(1);
    const saved = await stored(reader, 'aM6qtJ8gH72d7Hyqa');
    expect(saved?.html).toContain('Hostile <img');
    expect(saved?.html).not.toMatch(/onerror|javascript:/i);
    expect(saved?.notes).toHaveLength(4);
    if (name === 'chromium') {
      // The service worker has no DOM: the work went to the offscreen document, which stays open while in use.
      expect(await offscreenDocuments(browser)).toEqual([`${browser.extensionOrigin}/offscreen.html?locale=en`]);
    }
  });

  test('a post sent by save-post is stored with every HTML string through DOMPurify (Chromium: in the offscreen document)', async () => {
    const post: Post = {
      ...pagePost,
      id: 'hostilepost000001',
      title: 'Hostile post',
      html: `<p>Body ${HOSTILE_IMG}</p><script>window.__pwned=2</script>`,
      footnotes: [{ id: 'fn1', number: 1, html: `<p>Note ${HOSTILE_IMG}</p>`, text: 'Note', refIds: [] }],
    };
    expect(await send(reader, { type: 'save-post', post })).toMatchObject({ ok: true });
    const saved = await stored(reader, 'hostilepost000001');
    expect(saved?.html).toContain('Body <img');
    expect(saved?.html).not.toMatch(/onerror|<script/i);
    expect(saved?.notes).toEqual([expect.stringContaining('Note <img')]);
    expect(saved?.notes[0]).not.toMatch(/onerror/i);
    if (name === 'chromium') expect(await offscreenDocuments(browser)).toHaveLength(1);
  });

  test('a link that fails at the API gives a clear message and stores nothing', async () => {
    server.route('www.lesswrong.com', '/graphql', '{"errors":[{"message":"rate limited"}]}', {
      contentType: 'application/json',
    });
    const reply = await send(reader, { type: 'save-link', url: 'http://www.lesswrong.com/posts/abcdefghijklmnopq/x' });
    expect(reply).toEqual({
      ok: false,
      error: "lesswrong.com's API refused the request (rate limited); the post was not saved.",
    });
    expect(await stored(reader, 'abcdefghijklmnopq')).toBeNull();
  });

  test('on a page that is no post and has no Lens, nothing is fetched and the toolbar badge says why', async () => {
    const url = server.html(NEUTRAL_HOST, '/article', '<!doctype html><title>An article</title><p>Text.</p>');
    const page = await browser.newPage();
    await page.goto(url);
    const tabId = await browser.tabId(page);
    expect(await send(reader, { type: 'save-tab', tabId })).toEqual({
      ok: false,
      via: 'none',
      message: expect.stringMatching(/^Lens found no post to save here/),
    });
    // Lens may not script this page (no host access, no toolbar click): the badge and its title carry the message.
    const badge = await browser.evaluateBackground(async (id: number) => {
      type Action = {
        getBadgeText: (d: { tabId: number }) => Promise<string>;
        getTitle: (d: { tabId: number }) => Promise<string>;
      };
      const g = globalThis as unknown as {
        browser?: { browserAction?: Action; action?: Action };
        chrome: { action?: Action };
      };
      const action = (g.browser?.browserAction ?? g.browser?.action ?? g.chrome.action) as Action;
      return { text: await action.getBadgeText({ tabId: id }), title: await action.getTitle({ tabId: id }) };
    }, tabId);
    expect(badge).toEqual({ text: '!', title: expect.stringMatching(/^Lens found no post to save here/) });
    expect(server.requests.filter((r) => r.path === '/graphql')).toEqual([]);
    await page.close();
  });

  test('no extension errors', async () => {
    expect(await browser.extensionErrors()).toEqual([]);
  });
});
