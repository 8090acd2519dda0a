import { browser } from 'wxt/browser';
import { siteUrlPatterns } from '../hosts';
import { messagesLanguage, t } from '../i18n';
import { browserImageDeps } from '../image-access';
import { isRequest, type PageSaveReply, type Reply, type Request, type SaveReply } from '../messages';
import type { Post } from '../model';
import { onLibraryChange } from '../store/changes';
import { canSanitize } from '../store/clean';
import { type LensDatabase, sharedLensDB } from '../store/db';
import { type ImageDeps, keepImages } from '../store/images';
import { fetchApiPost, type RemoteDeps } from '../store/remote';
import { deleteSaved, isSaved, listEntries, savePost } from '../store/saved-posts';
import { LibrarySearch } from '../store/search';
import { requestPersistence } from '../store/storage';
import { type DomWork, localDomWork, remoteDomWork } from './dom-work';
import { OFFSCREEN_PATH, type OffscreenApi, offscreenClient, postToDocument, type WorkerClients } from './offscreen';
import { type LinkSaveReply, linkSaveMessage, saveTab, type TabSaveDeps } from './save-routes';
import { showToast } from './save-toast';

/** Id of the page context-menu item that saves the post the page shows. */
export const SAVE_PAGE_MENU_ID = 'lens-save-page';
/** Id of the link context-menu item that saves the linked post without opening it. */
export const SAVE_LINK_MENU_ID = 'lens-save-link';
/** Keyboard command (manifest `commands`) that saves the post of the current tab. */
export const SAVE_PAGE_COMMAND = 'save-page';

/** Match patterns of LessWrong-family post URLs (the context menus' document and target patterns). */
export const POST_URL_PATTERNS = siteUrlPatterns(['/posts/*', '/s/*/p/*', '/g/*/p/*', '/events/*']);

/** What the library's background needs, injectable for tests (database, network, DOM work, clock). */
export type LibraryDeps = {
  db: () => Promise<LensDatabase>;
  fetch: typeof fetch;
  endpointFor?: RemoteDeps['endpointFor'];
  now?: () => number;
  /** Parsing and sanitising (default: in place where a DOM exists, else none); Chrome passes its offscreen document. */
  dom?: DomWork | null;
  /** Keeping saved posts' images offline (default: from origins Lens holds permission for); null keeps them remote. */
  images?: ImageDeps | null;
};

type LibraryType =
  | 'save-post'
  | 'is-saved'
  | 'unsave-post'
  | 'list-saved'
  | 'search-saved'
  | 'save-link'
  | 'save-tab'
  | 'open-reader';
type LibraryRequest = { [K in LibraryType]: Request<K> }[LibraryType];

const TYPES = new Set([
  'save-post',
  'is-saved',
  'unsave-post',
  'list-saved',
  'search-saved',
  'save-link',
  'save-tab',
  'open-reader',
]);

function domOf(deps: LibraryDeps): DomWork | null {
  if (deps.dom !== undefined) return deps.dom;
  return canSanitize() ? localDomWork() : null;
}

/**
 * Saves a post in the library after every HTML string of it went through DOMPurify (here, or in Chrome's offscreen
 * document, which then stores it too), keeps its images offline where Lens may fetch them and, on the very first save,
 * asks the browser to keep Lens's storage.
 */
export async function savePostFromMessage(
  db: LensDatabase,
  post: Post,
  dom: DomWork | null,
  now?: number,
  images?: ImageDeps | null,
): Promise<SaveReply> {
  if (!dom) return { ok: false, error: t('noDom') };
  if (dom.save) {
    // Chrome: the offscreen document sanitises and stores it; only the outcome comes back, then the images are kept.
    const saved = await dom.save(post, now);
    if (!saved.ok) return saved;
    if (saved.firstSave) void requestPersistence();
    const reply: SaveReply = { ok: true, updated: saved.updated, firstSave: saved.firstSave };
    if (images && saved.id === post.id) reply.images = await keepImages(db, saved.id, saved.imageUrls, images);
    return reply;
  }
  const clean = await dom.clean(post);
  return clean.ok ? storeClean(db, clean.post, now, images) : clean;
}

/** Stores a post that already went through DOMPurify (savePost then only copies the contract's fields) and its images. */
async function storeClean(db: LensDatabase, post: Post, now?: number, images?: ImageDeps | null): Promise<SaveReply> {
  const result = await savePost(db, post, { now, images: images ?? undefined });
  if (!result.ok) return { ok: false, error: result.error };
  if (result.firstSave) void requestPersistence();
  const reply: SaveReply = { ok: true, updated: result.updated, firstSave: result.firstSave };
  if (result.images) reply.images = result.images;
  return reply;
}

/** Fetches a post link through its site's API (no DOM needed), reads and sanitises it where a DOM is, and saves it. */
export async function saveLink(url: string, deps: LibraryDeps): Promise<LinkSaveReply> {
  const dom = domOf(deps);
  if (!dom) return { ok: false, error: t('noDom') };
  const fetched = await fetchApiPost(url, { fetch: deps.fetch, endpointFor: deps.endpointFor });
  if (!fetched.ok) return fetched;
  const read = await dom.read(fetched);
  if (!read.ok) return read;
  const reply = await storeClean(await deps.db(), read.post, deps.now?.(), deps.images);
  return reply.ok ? { ...reply, title: read.post.title, id: read.post.id } : reply;
}

/** Creates the library's background side: handles its messages and answers nothing else. */
export function libraryHandler(
  deps: LibraryDeps,
  tabs: TabSaveDeps = browserTabDeps(deps),
): (message: unknown, sender?: { url?: string; tab?: unknown }) => Promise<unknown> | undefined {
  let search: LibrarySearch | undefined;
  const searcher = async () => {
    if (!search) {
      search = new LibrarySearch(await deps.db());
      onLibraryChange((change) => {
        void (change.kind === 'delete' ? search?.remove(change.ids) : search?.update(change.ids));
      });
    }
    return search;
  };
  return (message, sender) => {
    if (!isRequest(message) || !TYPES.has(message.type)) return undefined;
    const m = message as LibraryRequest;
    // Only Lens's own pages may ask to save another tab's post (a content script speaks for its own page only).
    if (m.type === 'save-tab' && !fromExtensionPage(sender)) return undefined;
    const run = async (): Promise<unknown> => {
      const db = await deps.db();
      switch (m.type) {
        case 'save-post':
          return savePostFromMessage(db, m.post, domOf(deps), deps.now?.(), deps.images);
        case 'is-saved':
          return { saved: await isSaved(db, m.id) } satisfies Reply<'is-saved'>;
        case 'unsave-post':
          await deleteSaved(db, [m.id]);
          return { ok: true } satisfies Reply<'unsave-post'>;
        case 'list-saved':
          return (await listEntries(db, {
            offset: m.offset,
            limit: m.limit,
            tag: m.tag,
            source: m.source,
          })) satisfies Reply<'list-saved'>;
        case 'search-saved': {
          const ids = await (await searcher()).search(m.query, m.limit ?? 50);
          const entries = await Promise.all(ids.map((id) => db.get('entries', id)));
          return { entries: entries.filter((e) => e !== undefined) } satisfies Reply<'search-saved'>;
        }
        case 'save-link':
          return saveLink(m.url, deps);
        case 'save-tab': {
          const tab = await browser.tabs.get(m.tabId).catch(() => undefined);
          return saveTab({ id: m.tabId, url: tab?.url }, tabs) satisfies Promise<Reply<'save-tab'>>;
        }
        case 'open-reader':
          await browser.tabs.create({ url: readerUrl(m.id ? `post=${encodeURIComponent(m.id)}` : '') });
          return { ok: true } satisfies Reply<'open-reader'>;
      }
    };
    return run().catch((error: unknown) => ({ ok: false, error: t('lensFailed', String(error)) }));
  };
}

function readerUrl(hash: string): string {
  return browser.runtime.getURL(`/reader.html${hash ? `#${hash}` : ''}` as '/reader.html');
}

/** Tells the reader an outcome on a tab: a toast on the page, else the toolbar badge and its tooltip. */
export async function tellTab(tabId: number | undefined, text: string, ok: boolean): Promise<void> {
  try {
    if (tabId === undefined) throw new Error('no tab');
    await browser.scripting.executeScript({ target: { tabId }, func: showToast, args: [text, ok] } as never);
  } catch {
    // A page we may not script (or none): the toolbar badge still tells the outcome (MV3 action, MV2 browserAction).
    const api = browser as unknown as { action?: typeof browser.action; browserAction?: typeof browser.action };
    const action = api.action ?? api.browserAction;
    try {
      await action?.setBadgeText({ text: ok ? '✓' : '!', ...(tabId === undefined ? {} : { tabId }) });
      await action?.setTitle({ title: text, ...(tabId === undefined ? {} : { tabId }) });
    } catch {
      // No toolbar button to mark: nothing more to do.
    }
  }
}

function fromExtensionPage(sender: { url?: string } | undefined): boolean {
  return !!sender?.url && sender.url.startsWith(browser.runtime.getURL('/'));
}

/** The tab side of saving: the tab's content script (top frame) over tabs.sendMessage, the toast or badge. */
function browserTabDeps(deps: LibraryDeps): TabSaveDeps {
  return {
    askPage: async (tabId) =>
      (await browser.tabs.sendMessage(tabId, { type: 'page-save' } satisfies Request<'page-save'>, { frameId: 0 })) as
        | PageSaveReply
        | undefined,
    saveLink: (url) => saveLink(url, deps),
    tell: tellTab,
  };
}

async function onMenu(
  info: { menuItemId: string | number; linkUrl?: string; pageUrl?: string },
  tab: { id?: number; url?: string } | undefined,
  deps: LibraryDeps,
  tabs: TabSaveDeps,
) {
  if (info.menuItemId === SAVE_PAGE_MENU_ID) {
    await saveTab({ id: tab?.id, url: info.pageUrl ?? tab?.url }, tabs);
    return;
  }
  if (!info.linkUrl) return;
  const reply = await saveLink(info.linkUrl, deps);
  await tellTab(tab?.id, linkSaveMessage(reply), reply.ok);
}

function createMenus(): void {
  const menus = browser.contextMenus;
  const make = (props: Parameters<typeof menus.create>[0]) => {
    try {
      menus.create(props, () => void browser.runtime.lastError);
    } catch {
      // Exists from an earlier run of this worker.
    }
  };
  make({
    id: SAVE_PAGE_MENU_ID,
    title: t('menuSavePage'),
    contexts: ['page'],
    documentUrlPatterns: POST_URL_PATTERNS,
  });
  make({
    id: SAVE_LINK_MENU_ID,
    title: t('menuSaveLink'),
    contexts: ['link'],
    targetUrlPatterns: POST_URL_PATTERNS,
  });
}

type ChromeGlobal = { chrome?: { offscreen?: OffscreenApi } };

/** Chrome's service worker has no DOM: its parsing and sanitising go to an offscreen document (Chrome only). */
function defaultDom(): DomWork | null {
  if (canSanitize()) return localDomWork();
  const api = (globalThis as ChromeGlobal).chrome?.offscreen;
  if (!api) return null;
  // Chrome-only page: absent from the Firefox build, so not in WXT's generated path union.
  // The document has no browser.i18n (Chrome gives offscreen documents runtime only): it is told the language the
  // worker's messages are in and serves that catalog itself (entrypoints/offscreen/main.ts).
  const url = (browser.runtime.getURL as (path: string) => string)(
    `${OFFSCREEN_PATH}?locale=${encodeURIComponent(messagesLanguage())}`,
  );
  const clients = (globalThis as { clients?: WorkerClients }).clients;
  const client = offscreenClient({
    api,
    send: (message) => (clients ? postToDocument(clients, url, message) : browser.runtime.sendMessage(message)),
    url,
  });
  return remoteDomWork(client.call);
}

/**
 * Registers the background side of the saved-post library (save/unsave/list/search messages, context menus, the save
 * command); returns its dependencies so the sequence service shares the database, fetch and DOM work.
 */
export function registerLibrary(overrides: Partial<LibraryDeps> = {}): LibraryDeps {
  const deps: LibraryDeps = {
    db: sharedLensDB(),
    fetch: (...args) => fetch(...args),
    dom: defaultDom(),
    images: browserImageDeps(),
    ...overrides,
  };
  const tabs = browserTabDeps(deps);
  const handle = libraryHandler(deps, tabs);
  browser.runtime.onMessage.addListener(handle as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  browser.commands?.onCommand.addListener((command, tab) => {
    if (command !== SAVE_PAGE_COMMAND) return;
    void (async () => {
      const target = tab?.id !== undefined ? tab : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
      if (target) await saveTab({ id: target.id, url: target.url }, tabs);
    })();
  });
  if (!browser.contextMenus) return deps;
  browser.runtime.onInstalled.addListener(createMenus);
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === SAVE_PAGE_MENU_ID || info.menuItemId === SAVE_LINK_MENU_ID)
      void onMenu(info, tab, deps, tabs);
  });
  return deps;
}
