import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { answerDomWork, type DomWork, localDomWork, remoteDomWork } from '../../lib/background/dom-work';
import { libraryHandler } from '../../lib/background/library';
import {
  answerWorker,
  type OffscreenApi,
  offscreenClient,
  postToDocument,
  type WorkerClients,
} from '../../lib/background/offscreen';
import { type LinkSaveReply, notAPost, saveTab, type TabSaveDeps } from '../../lib/background/save-routes';
import type { PageSaveReply, Request } from '../../lib/messages';
import type { LensDatabase } from '../../lib/store/db';
import type { ImageDeps } from '../../lib/store/images';
import { freshDB, makePost } from '../store/helpers';

const RECORDED = readFileSync(
  join(import.meta.dirname, '..', 'fixtures-store', 'graphql-post-terminal-cynicism.json'),
  'utf8',
);
const LINK = 'https://www.lesswrong.com/posts/aM6qtJ8gH72d7Hyqa/terminal-cynicism';
const HOSTILE = '<img src="x.png" onerror="window.__pwned=1">';

function answering(body: string, status = 200) {
  return vi.fn(async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }));
}

/** A promise with its resolve and reject in hand, to decide by hand when an async step ends. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}

/** A fake chrome.offscreen whose one document answers requests the way the real page does (answerDomWork). */
function fakeOffscreen() {
  const log: string[] = [];
  let open = false;
  const api: OffscreenApi = {
    createDocument: vi.fn(async () => {
      log.push('create');
      if (open) throw new Error('Only a single offscreen document may be created.');
      open = true;
    }),
    closeDocument: vi.fn(async () => {
      log.push('close');
      open = false;
    }),
  };
  const send = vi.fn(async (m: Request) => {
    if (!open) throw new Error('Could not establish connection. Receiving end does not exist.');
    log.push(m.type);
    return answerDomWork(m);
  });
  return {
    api,
    send,
    log,
    isOpen: () => open,
    setOpen: (v: boolean) => {
      open = v;
    },
  };
}

/** Timers run by hand: `fire()` runs the pending idle timer. */
function manualTimers() {
  let pending: (() => void) | null = null;
  return {
    setTimer: (fn: () => void) => {
      pending = fn;
      return fn;
    },
    clearTimer: (h: unknown) => {
      if (pending === h) pending = null;
    },
    fire: () => {
      const fn = pending;
      pending = null;
      fn?.();
    },
    get pending() {
      return pending !== null;
    },
  };
}

const clean = (post = makePost()): Request => ({ type: 'offscreen-clean-post', post });

describe('the offscreen document client (Chrome)', () => {
  test('two saves racing to make the document share one createDocument, and both get their answer', async () => {
    const fake = fakeOffscreen();
    const client = offscreenClient({ ...fake, url: 'chrome-extension://x/offscreen.html', ...manualTimers() });
    const [a, b] = await Promise.all([client.call(clean()), client.call(clean(makePost({ title: 'Other' })))]);
    expect(fake.api.createDocument).toHaveBeenCalledOnce();
    expect(fake.api.createDocument).toHaveBeenCalledWith(expect.objectContaining({ reasons: ['DOM_PARSER'] }));
    expect(a).toMatchObject({ ok: true, post: { title: 'A post about lenses' } });
    expect(b).toMatchObject({ ok: true, post: { title: 'Other' } });
  });

  test('reuses the document while in use, closes it when idle, and makes it again on the next save', async () => {
    const fake = fakeOffscreen();
    const timers = manualTimers();
    const client = offscreenClient({ ...fake, url: 'u', ...timers });
    await client.call(clean());
    await client.call(clean());
    expect(fake.log).toEqual(['create', 'offscreen-clean-post', 'offscreen-clean-post']);
    expect(timers.pending).toBe(true);
    timers.fire();
    await vi.waitFor(() => expect(fake.isOpen()).toBe(false));
    await client.call(clean());
    expect(fake.log).toEqual([
      'create',
      'offscreen-clean-post',
      'offscreen-clean-post',
      'close',
      'create',
      'offscreen-clean-post',
    ]);
  });

  test('a save that arrives while the document closes waits for the close, then makes a new one', async () => {
    const fake = fakeOffscreen();
    const closing = deferred();
    const closeStarted = deferred();
    fake.api.closeDocument = vi.fn(async () => {
      fake.log.push('close-start');
      closeStarted.resolve();
      await closing.promise;
      fake.setOpen(false);
      fake.log.push('closed');
    });
    const timers = manualTimers();
    const client = offscreenClient({ ...fake, url: 'u', ...timers });
    await client.call(clean());
    timers.fire();
    const next = client.call(clean());
    // The close is under way and held open: a call that did not wait for it would already have logged 'create'.
    await closeStarted.promise;
    expect(fake.log).toEqual(['create', 'offscreen-clean-post', 'close-start']);
    closing.resolve();
    expect(await next).toMatchObject({ ok: true });
    expect(fake.log).toEqual([
      'create',
      'offscreen-clean-post',
      'close-start',
      'closed',
      'create',
      'offscreen-clean-post',
    ]);
  });

  test('a document left by an earlier run of the service worker is used as it is', async () => {
    const fake = fakeOffscreen();
    fake.setOpen(true);
    const client = offscreenClient({ ...fake, url: 'u', ...manualTimers() });
    expect(await client.call(clean())).toMatchObject({ ok: true });
    expect(fake.log).toEqual(['create', 'offscreen-clean-post']);
  });

  test('a document that went away is made again and the request sent once more', async () => {
    const fake = fakeOffscreen();
    const client = offscreenClient({ ...fake, url: 'u', ...manualTimers() });
    await client.call(clean());
    fake.setOpen(false); // closed behind the client's back
    expect(await client.call(clean())).toMatchObject({ ok: true });
    expect(fake.api.createDocument).toHaveBeenCalledTimes(2);
  });

  test('a failed creation is reported, and the next save tries again', async () => {
    const fake = fakeOffscreen();
    const create = fake.api.createDocument;
    fake.api.createDocument = vi.fn(async () => {
      throw new Error('Offscreen API unavailable');
    });
    const client = offscreenClient({ ...fake, url: 'u', ...manualTimers() });
    await expect(client.call(clean())).rejects.toThrow('Offscreen API unavailable');
    fake.api.createDocument = create;
    expect(await client.call(clean())).toMatchObject({ ok: true });
  });

  test('no answer at all is an error, not a silent success', async () => {
    const client = offscreenClient({
      api: { createDocument: async () => {}, closeDocument: async () => {} },
      send: async () => undefined,
      url: 'u',
      ...manualTimers(),
    });
    await expect(client.call(clean())).rejects.toThrow('did not answer');
  });
});

/**
 * A service worker's `clients` with one offscreen document at `url` (when open) whose `navigator.serviceWorker` is
 * answered by answerWorker, as entrypoints/offscreen/main.ts does; `others` are more extension pages.
 */
function documentClients(url: string, answer: (m: unknown) => Promise<unknown> | undefined) {
  const container = new EventTarget() as EventTarget & { startMessages: () => void };
  let started = false;
  container.startMessages = () => {
    started = true;
  };
  answerWorker(container as unknown as ServiceWorkerContainer, answer);
  const received: { url: string; type: string }[] = [];
  const page = (pageUrl: string) => ({
    url: pageUrl,
    postMessage: (message: unknown, transfer: Transferable[]) => {
      received.push({ url: pageUrl, type: (message as Request).type });
      if (pageUrl === url)
        container.dispatchEvent(new MessageEvent('message', { data: message, ports: transfer as MessagePort[] }));
    },
  });
  let open = true;
  const clients: WorkerClients = {
    matchAll: async () => [page('chrome-extension://lens/sidepanel.html'), ...(open ? [page(url)] : [])],
  };
  return { clients, received, started: () => started, setOpen: (v: boolean) => (open = v) };
}

const DOC = 'chrome-extension://lens/offscreen.html';

describe('the worker posts straight to the offscreen document (no runtime broadcast)', () => {
  test("only the document gets the request, and its answer comes back on the request's own port", async () => {
    const db = await freshDB();
    const doc = documentClients(DOC, (m) => answerDomWork(m, async () => db));
    expect(doc.started()).toBe(true);
    const post = makePost({ html: `<p>Body ${HOSTILE}</p>` });
    const reply = await postToDocument(doc.clients, DOC, { type: 'offscreen-save-post', post });
    expect(reply).toMatchObject({ ok: true, id: post.id, created: true });
    expect(doc.received).toEqual([{ url: DOC, type: 'offscreen-save-post' }]);
    expect(await storedHtml(db, post.id)).toBe('<p>Body <img src="x.png"></p>');
  });

  test('no document yet: the client makes it and sends again', async () => {
    const doc = documentClients(DOC, (m) => answerDomWork(m));
    doc.setOpen(false);
    const api: OffscreenApi = {
      createDocument: vi.fn(async () => {
        doc.setOpen(true);
      }),
      closeDocument: vi.fn(async () => {}),
    };
    // The first look finds no document although Chrome thinks it made one (a worker restart forgot it).
    const send = vi.fn((m: Request) => postToDocument(doc.clients, DOC, m));
    const client = offscreenClient({ api, send, url: DOC, setTimer: () => 0, clearTimer: () => {} });
    doc.setOpen(false);
    (api.createDocument as ReturnType<typeof vi.fn>).mockImplementationOnce(async () => {});
    const reply = await client.call(clean());
    expect(reply).toMatchObject({ ok: true });
    expect(api.createDocument).toHaveBeenCalledTimes(2);
    expect(send).toHaveBeenCalledTimes(2);
  });

  test('a document that never answers is an error after the timeout, not a hang', async () => {
    const silent: WorkerClients = { matchAll: async () => [{ url: DOC, postMessage: () => {} }] };
    await expect(postToDocument(silent, DOC, clean(), 20)).rejects.toThrow('did not answer in time');
  });

  test('a request the document does not know is answered with nothing, which the client reports', async () => {
    const doc = documentClients(DOC, (m) => answerDomWork(m));
    const client = offscreenClient({
      api: { createDocument: async () => {}, closeDocument: async () => {} },
      send: (m) => postToDocument(doc.clients, DOC, m),
      url: DOC,
      setTimer: () => 0,
      clearTimer: () => {},
    });
    await expect(client.call({ type: 'is-saved', id: 'x' })).rejects.toThrow('did not answer');
  });
});

describe('DOM work sent to the offscreen document', () => {
  test('every HTML string of a post comes back through DOMPurify', async () => {
    const dom = remoteDomWork(async (m) => answerDomWork(m));
    const post = makePost({
      html: `<p>Body ${HOSTILE}</p><script>alert(1)</script>`,
      footnotes: [{ id: 'fn1', number: 1, html: `<p>Note ${HOSTILE}</p>`, text: 'Note', refIds: [] }],
    });
    const reply = await dom.clean(post);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.post.html).toContain('Body <img');
    expect(reply.post.html).not.toMatch(/onerror|<script/);
    expect(reply.post.footnotes[0]!.html).not.toMatch(/onerror/);
  });

  test('a value that is not a Post is refused before it is sent', async () => {
    const call = vi.fn(async (m: Request) => answerDomWork(m));
    const reply = await remoteDomWork(call).clean({ id: 'x' } as never);
    expect(reply).toEqual({ ok: false, error: 'Lens could not save this post: unknown source.' });
    expect(call).not.toHaveBeenCalled();
  });

  test('the offscreen page answers only its own kinds of message', () => {
    expect(answerDomWork({ type: 'save-post', post: makePost() })).toBeUndefined();
    expect(answerDomWork('nonsense')).toBeUndefined();
  });
});

/**
 * The library background as Chrome runs it: no DOM of its own, the DOM work done "offscreen" (counted, with the size
 * of each request and answer as messaging would copy them), sharing the worker's database as the real document does.
 */
async function chromeLike(fetch = answering(RECORDED), images?: ImageDeps) {
  const db = await freshDB();
  const sent: string[] = [];
  const sizes: { request: number; reply: number }[] = [];
  const dom: DomWork = remoteDomWork(async (m) => {
    sent.push(m.type);
    const reply = await answerDomWork(m, async () => db);
    sizes.push({ request: JSON.stringify(m).length, reply: JSON.stringify(reply).length });
    return reply;
  });
  const handle = libraryHandler({ db: async () => db, fetch, dom, now: () => 1000, images }, noTabs());
  return { db, sent, sizes, handle, fetch };
}

function noTabs(): TabSaveDeps {
  return {
    askPage: vi.fn(async () => undefined),
    saveLink: vi.fn(async () => ({ ok: false, error: 'unused' }) as LinkSaveReply),
    tell: vi.fn(async () => {}),
  };
}

async function storedHtml(db: LensDatabase, id: string): Promise<string | undefined> {
  return (await db.get('records', id))?.post.html;
}

describe('the library background routes DOM work', () => {
  test('save-post: the offscreen document sanitises and stores the post, and answers only the outcome', async () => {
    const { db, sent, sizes, handle } = await chromeLike();
    const post = makePost({
      html: `<p>Body ${HOSTILE}</p>${'<p>Long enough to tell a copy from an outcome.</p>'.repeat(100)}`,
      footnotes: [{ id: 'fn1', number: 1, html: `<p>Note ${HOSTILE}</p>`, text: 'Note', refIds: [] }],
    });
    expect(await handle({ type: 'save-post', post })).toEqual({ ok: true, updated: false, firstSave: true });
    expect(sent).toEqual(['offscreen-save-post']);
    expect(await storedHtml(db, post.id)).toMatch(/^<p>Body <img src="x.png"><\/p><p>Long/);
    expect((await db.get('records', post.id))?.post.footnotes[0]?.html).toBe('<p>Note <img src="x.png"></p>');
    // The post went to the document once; what came back is a few fields, not the post again.
    expect(sizes[0]!.request).toBeGreaterThan(5000);
    expect(sizes[0]!.reply).toBeLessThan(200);
    const changed = { ...post, html: `${post.html}<p>An edit.</p>` };
    expect(await handle({ type: 'save-post', post: changed })).toEqual({ ok: true, updated: true, firstSave: false });
    expect((await db.get('records', post.id))?.versions).toHaveLength(1);
  });

  test('save-post: the worker keeps the images of the HTML the offscreen document stored, and says so', async () => {
    const fetch = vi.fn(
      async () => new Response(new Uint8Array([137, 80, 78, 71]), { headers: { 'content-type': 'image/png' } }),
    );
    const images: ImageDeps = { fetch, allowedOrigins: async (origins) => new Set(origins) };
    const { db, handle } = await chromeLike(answering(RECORDED), images);
    const post = makePost({
      html: '<p><img src="https://img.example/a.png"><img src="javascript:alert(1)"></p>',
      footnotes: [{ id: 'fn1', number: 1, html: '<p><img src="https://img.example/b.png"></p>', text: '', refIds: [] }],
    });
    expect(await handle({ type: 'save-post', post })).toEqual({
      ok: true,
      updated: false,
      firstSave: true,
      images: { total: 2, kept: 2, notAllowed: [], failed: 0 },
    });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect((await db.getAllFromIndex('images', 'by-post', post.id)).map((i) => i.url).sort()).toEqual([
      'https://img.example/a.png',
      'https://img.example/b.png',
    ]);
    // A dump copy of that post only notes the sighting in the site's entry: it keeps no images of its own.
    const dump = makePost({
      id: 'dump-copy',
      source: 'text',
      url: undefined,
      html: '<p><img src="https://img.example/c.png"></p>',
    });
    expect(await handle({ type: 'save-post', post: dump })).toEqual({ ok: true, updated: false, firstSave: false });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  test('save-post: what is not a Post never reaches the offscreen document, and nothing is stored', async () => {
    const { db, sent, handle } = await chromeLike();
    expect(await handle({ type: 'save-post', post: { id: 'x', source: 'lesswrong' } })).toEqual({
      ok: false,
      error: 'Lens could not save this post: title missing.',
    });
    expect(sent).toEqual([]);
    // Sent to the document all the same (a message it would get from elsewhere), it refuses it too.
    expect(await answerDomWork({ type: 'offscreen-save-post', post: { id: 'x' } }, async () => db)).toEqual({
      ok: false,
      error: 'Lens could not save this post: unknown source.',
    });
    expect(await db.count('records')).toBe(0);
  });

  test('save-link: fetched in the worker, read and sanitised in the offscreen document, then stored', async () => {
    const answer = JSON.parse(RECORDED) as { data: { post: { result: { contents: { html: string } } } } };
    answer.data.post.result.contents.html = `<p>Hostile ${HOSTILE}</p>${answer.data.post.result.contents.html}`;
    const { db, sent, handle, fetch } = await chromeLike(answering(JSON.stringify(answer)));
    const reply = await handle({ type: 'save-link', url: LINK });
    expect(reply).toMatchObject({ ok: true, title: 'Terminal Cynicism', id: 'aM6qtJ8gH72d7Hyqa', firstSave: true });
    expect(fetch).toHaveBeenCalledOnce();
    expect(sent).toEqual(['offscreen-read-post']);
    const html = await storedHtml(db, 'aM6qtJ8gH72d7Hyqa');
    expect(html).toContain('Hostile <img');
    expect(html).not.toMatch(/onerror/);
  });

  test('save-link: a network failure is said plainly and nothing reaches the offscreen document', async () => {
    const { sent, handle } = await chromeLike(vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect(await handle({ type: 'save-link', url: LINK })).toEqual({
      ok: false,
      error: 'Lens could not reach lesswrong.com (offline or blocked); the post was not saved.',
    });
    expect(sent).toEqual([]);
  });

  test('with neither a DOM nor an offscreen document, saving fails with a message instead of storing unsanitised HTML', async () => {
    const db = await freshDB();
    const handle = libraryHandler({ db: async () => db, fetch: answering(RECORDED), dom: null }, noTabs());
    expect(await handle({ type: 'save-post', post: makePost() })).toMatchObject({ ok: false, error: /no DOM/ });
    expect(await handle({ type: 'save-link', url: LINK })).toMatchObject({ ok: false, error: /no DOM/ });
    expect(await db.count('records')).toBe(0);
  });

  test('where a DOM exists (Firefox background page) the same work is done in place', async () => {
    const db = await freshDB();
    const handle = libraryHandler({ db: async () => db, fetch: vi.fn(), dom: localDomWork() }, noTabs());
    const post = makePost({ html: `<p>Body ${HOSTILE}</p>` });
    expect(await handle({ type: 'save-post', post })).toMatchObject({ ok: true });
    expect(await storedHtml(db, post.id)).toBe('<p>Body <img src="x.png"></p>');
  });
});

describe('saving the post a tab shows (page context menu, keyboard command, save-tab)', () => {
  function deps(page: PageSaveReply | undefined | Error, link: LinkSaveReply = { ok: false, error: 'unused' }) {
    return {
      askPage: vi.fn(async () => {
        if (page instanceof Error) throw page;
        return page;
      }),
      saveLink: vi.fn(async () => link),
      tell: vi.fn(async () => {}),
    } satisfies TabSaveDeps;
  }

  test('uses the post the content script parsed; the page shows the toast, and the API is not asked', async () => {
    const d = deps({ handled: true, ok: true, message: 'Saved “A” to Lens.' });
    expect(await saveTab({ id: 7, url: LINK }, d)).toEqual({ ok: true, message: 'Saved “A” to Lens.', via: 'page' });
    expect(d.askPage).toHaveBeenCalledWith(7);
    expect(d.saveLink).not.toHaveBeenCalled();
    expect(d.tell).not.toHaveBeenCalled();
  });

  test('a failure the content script met (quota) is its answer, not a reason to fetch the post again', async () => {
    const d = deps({ handled: true, ok: false, message: 'Lens could not save: … (quota exceeded).' });
    expect(await saveTab({ id: 7, url: LINK }, d)).toMatchObject({ ok: false, via: 'page' });
    expect(d.saveLink).not.toHaveBeenCalled();
  });

  test('with no Lens content script answering, a post address is saved through the API and the tab is told', async () => {
    const d = deps(new Error('Could not establish connection. Receiving end does not exist.'), {
      ok: true,
      updated: true,
      firstSave: false,
      title: 'Terminal Cynicism',
      id: 'aM6qtJ8gH72d7Hyqa',
    });
    const message = 'Saved “Terminal Cynicism” to Lens (updated; the earlier version is kept).';
    expect(await saveTab({ id: 7, url: LINK }, d)).toEqual({ ok: true, message, via: 'api' });
    expect(d.saveLink).toHaveBeenCalledWith(LINK);
    expect(d.tell).toHaveBeenCalledWith(7, message, true);
  });

  test('an API failure on the fallback is told on the tab as a failure', async () => {
    const error = 'Lens could not reach lesswrong.com (offline or blocked); the post was not saved.';
    const d = deps(undefined, { ok: false, error });
    expect(await saveTab({ id: 7, url: LINK }, d)).toEqual({ ok: false, message: error, via: 'api' });
    expect(d.tell).toHaveBeenCalledWith(7, error, false);
  });

  test.each([
    ['no content script and an address that is no post', undefined, notAPost()],
    [
      'a content script with no post on a page that is no post',
      { handled: false as const, reason: 'Lens found no post on this page to save.' },
      'Lens found no post on this page to save.',
    ],
  ])('%s: says so, fetches nothing', async (_name, page, message) => {
    const d = deps(page);
    expect(await saveTab({ id: 3, url: 'https://www.lesswrong.com/allPosts' }, d)).toEqual({
      ok: false,
      message,
      via: 'none',
    });
    expect(d.saveLink).not.toHaveBeenCalled();
    expect(d.tell).toHaveBeenCalledWith(3, message, false);
  });
});

describe('the save-tab message', () => {
  beforeEach(() => fakeBrowser.reset());

  test('from an extension page it saves that tab the way the menu does; from a content script it is ignored', async () => {
    const db = await freshDB();
    const tab = await fakeBrowser.tabs.create({ url: LINK });
    const tabs = {
      askPage: vi.fn(async () => ({ handled: true as const, ok: true, message: 'Saved “X” to Lens.' })),
      saveLink: vi.fn(),
      tell: vi.fn(),
    } satisfies TabSaveDeps;
    const handle = libraryHandler({ db: async () => db, fetch: vi.fn() }, tabs);
    const request = { type: 'save-tab', tabId: tab.id };
    expect(handle(request, { url: LINK, tab })).toBeUndefined();
    expect(tabs.askPage).not.toHaveBeenCalled();
    expect(await handle(request, { url: fakeBrowser.runtime.getURL('/reader.html') })).toEqual({
      ok: true,
      message: 'Saved “X” to Lens.',
      via: 'page',
    });
    expect(tabs.askPage).toHaveBeenCalledWith(tab.id);
  });
});
