import { browser } from 'wxt/browser';
import { isRequest, type Reply, type Request, type SaveReply } from '../messages';
import type { Post } from '../model';
import { parseDocument } from '../parse/document';
import { onLibraryChange } from '../store/changes';
import { defaultSanitizer } from '../store/clean';
import { type LensDatabase, openLensDB } from '../store/db';
import { fetchLinkedPost, type RemoteDeps } from '../store/remote';
import { deleteSaved, isSaved, listEntries, savePost } from '../store/saved-posts';
import { LibrarySearch } from '../store/search';
import { requestPersistence } from '../store/storage';

/** Id of the page context-menu item that saves the post the page shows. */
export const SAVE_PAGE_MENU_ID = 'lens-save-page';
/** Id of the link context-menu item that saves the linked post without opening it. */
export const SAVE_LINK_MENU_ID = 'lens-save-link';

const POST_HOSTS = [
  'lesswrong.com',
  'www.lesswrong.com',
  'alignmentforum.org',
  'www.alignmentforum.org',
  'forum.effectivealtruism.org',
  'greaterwrong.com',
  'www.greaterwrong.com',
  'ea.greaterwrong.com',
];
const POST_PATHS = ['/posts/*', '/s/*/p/*', '/g/*/p/*', '/events/*'];

/** Match patterns of LessWrong-family post URLs (the context menus' document and target patterns). */
export const POST_URL_PATTERNS = POST_HOSTS.flatMap((h) => POST_PATHS.map((p) => `*://${h}${p}`));

/** What the library's background needs, injectable for tests (database, network, clock). */
export type LibraryDeps = {
  db: () => Promise<LensDatabase>;
  fetch: typeof fetch;
  endpointFor?: RemoteDeps['endpointFor'];
  now?: () => number;
};

type LibraryType =
  | 'save-post'
  | 'is-saved'
  | 'unsave-post'
  | 'list-saved'
  | 'search-saved'
  | 'save-link'
  | 'open-reader';
type LibraryRequest = { [K in LibraryType]: Request<K> }[LibraryType];

/** A save reply that also names the post saved (for the page's message). */
export type LinkSaveReply = SaveReply | { ok: true; updated: boolean; firstSave: boolean; title: string; id: string };
const TYPES = new Set([
  'save-post',
  'is-saved',
  'unsave-post',
  'list-saved',
  'search-saved',
  'save-link',
  'open-reader',
]);

/** Saves a post in the library and, on the very first save, asks the browser to keep Lens's storage. */
export async function savePostFromMessage(db: LensDatabase, post: Post, now?: number): Promise<SaveReply> {
  const result = await savePost(db, post, { now, sanitize: defaultSanitizer() });
  if (!result.ok) return { ok: false, error: result.error };
  if (result.firstSave) void requestPersistence();
  return { ok: true, updated: result.updated, firstSave: result.firstSave };
}

/** Fetches a post link through its site's API and saves it; needs a DOM for parsing (pages, Firefox's background). */
export async function saveLink(url: string, deps: LibraryDeps): Promise<LinkSaveReply> {
  const fetched = await fetchLinkedPost(url, { fetch: deps.fetch, endpointFor: deps.endpointFor, parseDocument });
  if (!fetched.ok) return fetched;
  const reply = await savePostFromMessage(await deps.db(), fetched.post, deps.now?.());
  return reply.ok ? { ...reply, title: fetched.post.title, id: fetched.post.id } : reply;
}

/** Creates the library's background side: handles its messages and answers nothing else. */
export function libraryHandler(deps: LibraryDeps): (message: unknown) => Promise<unknown> | undefined {
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
  return (message) => {
    if (!isRequest(message) || !TYPES.has(message.type)) return undefined;
    const m = message as LibraryRequest;
    const run = async (): Promise<unknown> => {
      const db = await deps.db();
      switch (m.type) {
        case 'save-post':
          return savePostFromMessage(db, m.post, deps.now?.());
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
          if (typeof DOMParser === 'undefined') return { ok: false, error: NO_DOM } satisfies SaveReply;
          return saveLink(m.url, deps);
        case 'open-reader':
          await browser.tabs.create({ url: readerUrl(m.id ? `post=${encodeURIComponent(m.id)}` : '') });
          return { ok: true } satisfies Reply<'open-reader'>;
      }
    };
    return run().catch((error: unknown) => ({ ok: false, error: `Lens failed: ${String(error)}` }));
  };
}

const NO_DOM = 'Saving a link needs a Lens page here; open the Lens library and use it there.';

function readerUrl(hash: string): string {
  return browser.runtime.getURL(`/reader.html${hash ? `#${hash}` : ''}` as '/reader.html');
}

// Runs in the page as an injected function: it must be self-contained. Text only, no HTML: the message may quote a title.
function showToast(text: string, ok: boolean): void {
  const id = 'lens-save-toast';
  document.getElementById(id)?.remove();
  const box = document.createElement('div');
  box.id = id;
  box.setAttribute('role', 'status');
  box.textContent = text;
  box.style.cssText = `position:fixed;z-index:2147483647;right:16px;bottom:16px;max-width:360px;padding:10px 14px;border-radius:8px;font:14px/1.4 system-ui,sans-serif;color:#fff;background:${ok ? '#1f6f43' : '#9b1c1c'};box-shadow:0 4px 16px rgba(0,0,0,.3)`;
  document.documentElement.append(box);
  setTimeout(() => box.remove(), 6000);
}

async function tellTab(tabId: number | undefined, text: string, ok: boolean): Promise<void> {
  try {
    if (tabId === undefined) throw new Error('no tab');
    await browser.scripting.executeScript({ target: { tabId }, func: showToast, args: [text, ok] } as never);
  } catch {
    // A page we may not script (or none): the toolbar badge still tells the outcome.
    try {
      await browser.action?.setBadgeText({ text: ok ? '✓' : '!' });
      await browser.action?.setTitle({ title: text });
    } catch {
      // No action API (Firefox MV2 uses browserAction): nothing more to do.
    }
  }
}

async function onMenu(
  info: { menuItemId: string | number; linkUrl?: string; pageUrl?: string },
  tabId: number | undefined,
  deps: LibraryDeps,
) {
  const url = info.menuItemId === SAVE_LINK_MENU_ID ? info.linkUrl : info.pageUrl;
  if (!url) return;
  if (typeof DOMParser === 'undefined') {
    // Chrome's service worker has no DOM to parse or sanitise with (an offscreen document would need a new
    // permission): the library page does the fetch and save and shows the outcome.
    await browser.tabs.create({ url: readerUrl(`save-link=${encodeURIComponent(url)}`) });
    return;
  }
  const reply = await saveLink(url, deps);
  const title = 'title' in reply ? reply.title : 'the post';
  await tellTab(
    tabId,
    reply.ok
      ? `Saved “${title}” to Lens${reply.updated ? ' (updated; the earlier version is kept)' : ''}.`
      : reply.error,
    reply.ok,
  );
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
    title: 'Save this post to Lens',
    contexts: ['page'],
    documentUrlPatterns: POST_URL_PATTERNS,
  });
  make({
    id: SAVE_LINK_MENU_ID,
    title: 'Save linked post to Lens',
    contexts: ['link'],
    targetUrlPatterns: POST_URL_PATTERNS,
  });
}

let sharedDb: Promise<LensDatabase> | undefined;

/** Registers the background side of the saved-post library (save/unsave/list/search messages, context menus). */
export function registerLibrary(overrides: Partial<LibraryDeps> = {}): void {
  const deps: LibraryDeps = {
    db: () => {
      sharedDb ??= openLensDB();
      return sharedDb;
    },
    fetch: (...args) => fetch(...args),
    ...overrides,
  };
  const handle = libraryHandler(deps);
  browser.runtime.onMessage.addListener(handle as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  if (!browser.contextMenus) return;
  browser.runtime.onInstalled.addListener(createMenus);
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === SAVE_PAGE_MENU_ID || info.menuItemId === SAVE_LINK_MENU_ID)
      void onMenu(info, tab?.id, deps);
  });
}
