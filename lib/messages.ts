// The one module that names every message between content script, background, side panel and reader page.
// Each entry maps a request `type` to its payload and its reply. Add new messages here, never ad hoc.
import type { Post } from './model';
import type { ImageOutcome } from './store/images';
import type { ApiPost, RemoteResult } from './store/remote';
import type { SequenceChanges } from './store/sequences';
import type { SavedEntry, SaveJob, SequenceRecord } from './store/types';

/** Every request Lens sends between its contexts, keyed by `type`, with the shape of its reply. */
export type MessageMap = {
  /** Content script → background: store this post offline (issue 4). */
  'save-post': { request: { post: Post }; reply: SaveReply };
  /** Any → background: is this post saved? */
  'is-saved': { request: { id: string }; reply: { saved: boolean } };
  /** Any → background: remove a saved post. */
  'unsave-post': { request: { id: string }; reply: { ok: true } };
  /** Any → background: open the reader page (the library, or one post). */
  'open-reader': { request: { id?: string }; reply: { ok: true } };
  // --- math (issue 3, renderMath) ---
  /** Content script → background: inject KaTeX into the sender's frame (content-script world); replies once it is there. */
  'load-katex': { request: Record<never, never>; reply: { ok: true } | { ok: false; error: string } };
  // --- end math ---
  // --- in-page (issue 3; owner: in-page engineer) ---
  /** Content script → background: inject the dump reading view bundle into the sender's frame; replies once it is there. */
  'load-reading-view': { request: Record<never, never>; reply: { ok: true } | { ok: false; error: string } };
  // --- end in-page ---
  // --- sidebar (issue 5; owner: sidebar engineer) ---
  /** Content script → background: the posts this page shows now (sent on start, on SPA navigation, and on request): the post in view in full, every other one as a summary (`SidebarPost.partial`). */
  'sidebar-posts': { request: { url: string; posts: SidebarPost[] }; reply: { ok: true } };
  /** Content script → background: the full data of one announced post (it came into view, or the background asked). */
  'sidebar-post': { request: { url: string; index: number; post: Post }; reply: { ok: true } };
  /** Background → content script: send the full data of this announced post (the panel shows it but has only its summary). */
  'sidebar-need-post': { request: { index: number }; reply: { ok: boolean } };
  /** Content script → background: where the reader is (sent only when it changes). */
  'sidebar-position': { request: { position: SidebarPosition }; reply: { ok: true } };
  /**
   * Content script → background: this page shows a post, not yet read (a page view parses nothing until a feature needs
   * it); `wanted` when a panel follows the tab, so the page reads the post and announces it at once.
   */
  'sidebar-ready': { request: { url: string }; reply: { wanted: boolean } };
  /** Background → content script: announce your posts again (the background restarted or a panel opened). */
  'sidebar-hello': { request: Record<never, never>; reply: { ok: true } };
  /** Background → content script: a panel or keyboard command to carry out in the page. */
  'sidebar-command': { request: { command: SidebarCommand }; reply: { ok: boolean } };
  /** Side panel → background: run Lens on this tab, as the toolbar button does. */
  'run-lens': { request: { tabId: number }; reply: { ok: boolean; error?: string } };
  /** Background → content script, on a toolbar click: is Lens already at work on this page (a post or a dump)? */
  'lens-running': { request: Record<never, never>; reply: { running: boolean } };
  // --- end sidebar ---
  // --- library (issue 4; owner: library engineer) ---
  /** Any → background: a page of the saved-post list, newest first, optionally filtered by tag or site. */
  'list-saved': {
    request: { offset?: number; limit?: number; tag?: string; source?: string };
    reply: { entries: SavedEntry[]; total: number };
  };
  /** Any → background: the saved posts matching a full-text query (title, author, body, footnotes), best first. */
  'search-saved': { request: { query: string; limit?: number }; reply: { entries: SavedEntry[] } };
  /** Extension page → background: fetch a LessWrong-family post link through the site's API and save it (what the link context menu does). */
  'save-link': { request: { url: string }; reply: SaveReply };
  // --- end library ---
  // --- saving (issue 4 gaps: offscreen document, page save, keyboard command; owner: saving engineer) ---
  /** Chrome's service worker → its offscreen document: read a fetched API answer into a Post (parseDocument) and sanitise it. */
  'offscreen-read-post': { request: { api: ApiPost; pageUrl: string; site: string }; reply: RemoteResult };
  /** Chrome's service worker → its offscreen document: the post with every HTML string passed through DOMPurify. */
  'offscreen-clean-post': { request: { post: Post }; reply: CleanReply };
  /**
   * Chrome's service worker → its offscreen document: pass every HTML string of the post through DOMPurify and store
   * it (the document shares the extension origin's IndexedDB), answering only the outcome, so the post crosses between
   * processes once instead of there and back.
   */
  'offscreen-save-post': { request: { post: Post; now?: number }; reply: OffscreenSaveReply };
  /** Background → the tab's content script: save the post this page shows (it sends `save-post` and shows the toast). */
  'page-save': { request: Record<never, never>; reply: PageSaveReply };
  /** Extension page → background: save the post a tab shows, exactly as the page context menu and the keyboard command do. */
  'save-tab': { request: { tabId: number }; reply: SaveTabReply };
  // --- end saving ---
  // --- sequences (issue 13; owner: sequences engineer) ---
  /**
   * Side panel → background: what a page offers as a sequence (a sequence or collection URL, a post URL inside one, or
   * a post the API places in a canonical sequence), its job if one exists, and the saved sequences holding the post.
   */
  'sequence-info': { request: { url: string; postId?: string }; reply: SequenceInfo };
  /** Any Lens page → background: save the whole sequence or collection a URL names (a job; progress comes by job). */
  'sequence-save': { request: { url: string }; reply: SequenceSaveReply };
  /** Any Lens page → background: the live state of a save job. */
  'sequence-job': { request: { id: string }; reply: { job?: SaveJob } };
  /** Any Lens page → background: pause, resume, cancel a job, or retry its failed posts (one or all). */
  'sequence-control': {
    request: { id: string; action: 'pause' | 'resume' | 'cancel' | 'retry'; postId?: string };
    reply: { job?: SaveJob };
  };
  /** Reader → background: what changed on the site since the sequence was saved (nothing is changed). */
  'sequence-check': {
    request: { id: string };
    reply: { ok: true; changes: SequenceChanges } | { ok: false; error: string };
  };
  /** Reader → background: take the site's current outline and fetch what is new or edited. */
  'sequence-update': { request: { id: string }; reply: SequenceSaveReply };
  // --- end sequences ---
};

// --- sequences types (issue 13) ---
/** What a page offers as a sequence; `error` says why the API could not tell. */
export type SequenceInfo = {
  target?: { url: string; id: string; title: string; kind: 'sequence' | 'collection'; total: number };
  job?: SaveJob;
  member: SequenceRecord[];
  error?: string;
};
/** A save job started (or already under way), or why not. */
export type SequenceSaveReply =
  | { ok: true; id: string; total: number; title: string; already?: true }
  | { ok: false; error: string };
// --- end sequences types ---

// --- sidebar types (issue 5; owner: sidebar engineer) ---
/**
 * A post as the side panel receives it: the full `Post`, or (`partial: true`) only its summary — id, title, source
 * details and headings, `footnoteCount` standing for the footnotes, empty html/footnotes/math. A page announces every
 * post as a summary except the one in view and sends a post's full data when it comes into view or the background
 * asks, so a dump of hundreds of posts is never cloned and messaged whole at once.
 */
export type SidebarPost = Post & { partial?: true; footnoteCount?: number };

/** Where the reader is in a page: which post is in view, its current heading, how far through it they are. */
export type SidebarPosition = {
  /** Index into the announced posts, -1 when the page has none. */
  postIndex: number;
  /** Id of the current heading of that post, null before its first heading. */
  headingId: string | null;
  /** 0..1 through the post in view. */
  progress: number;
  /** True while a "back" jump (after following a reference) is available. */
  canGoBack: boolean;
};

/** Something the panel or a keyboard shortcut asks the page to do. */
export type SidebarCommand =
  | { kind: 'scroll-to-heading'; postIndex: number; headingId: string }
  | { kind: 'jump-to-reference'; postIndex: number; refId: string }
  | { kind: 'back' }
  | { kind: 'next-heading' }
  | { kind: 'previous-heading' };

/** What the background keeps per tab for the panel. */
export type SidebarTabState = {
  tabId: number;
  url: string;
  title: string;
  /** Null until the page's content script has announced (no Lens on this tab yet); at least the post in view is full. */
  posts: SidebarPost[] | null;
  /** True while the page is reading its post for the panel (it said `sidebar-ready` and was asked to announce). */
  reading?: boolean;
  position: SidebarPosition;
};

/** Port name the side panel connects with. */
export const SIDEBAR_PORT = 'lens-sidebar';
/** The port of a panel that follows its window's active tab (no `?tab=`): the background may bind it at once. */
export const SIDEBAR_WINDOW_PORT = 'lens-sidebar-window';

/** Side panel → background over the port: follow one tab, or the active tab of a window. */
export type PanelToBackground =
  | { type: 'follow'; tabId: number }
  | { type: 'follow-window'; windowId: number }
  | { type: 'command'; command: SidebarCommand };

/** Background → side panel over the port: the whole state of the followed tab, or only a new position. */
export type BackgroundToPanel =
  | { type: 'tab'; state: SidebarTabState }
  | { type: 'position'; tabId: number; position: SidebarPosition };
// --- end sidebar types ---

// --- saving types (issue 4 gaps; owner: saving engineer) ---
/** A post after the DOM-needing clean-up (every HTML string through DOMPurify), or why it could not be done. */
export type CleanReply = { ok: true; post: Post } | { ok: false; error: string };

/**
 * How the offscreen document's save went: the stored post's id and state and the image URLs of its sanitised HTML
 * (the worker keeps those images offline: the offscreen document has no permissions API), or why it failed.
 */
export type OffscreenSaveReply =
  | { ok: true; id: string; created: boolean; updated: boolean; firstSave: boolean; imageUrls: string[] }
  | { ok: false; error: string };

/** The content script's answer to `page-save`: it saved (and told the reader), or it has no post to save. */
export type PageSaveReply = { handled: true; ok: boolean; message: string } | { handled: false; reason: string };

/** How a tab's post was saved: from the content script's parse (`page`), through the site's API (`api`), or not at all. */
export type SaveTabReply = { ok: boolean; message: string; via: 'page' | 'api' | 'none' };
// --- end saving types ---

/** What a save answers: the stored state, or a message a reader can act on. */
export type SaveReply =
  | { ok: true; updated: boolean; firstSave: boolean; images?: ImageOutcome }
  | { ok: false; error: string };

/** A request of one kind, as sent over runtime messaging. */
export type Request<K extends keyof MessageMap = keyof MessageMap> = { type: K } & MessageMap[K]['request'];

/** The reply to a request of kind K. */
export type Reply<K extends keyof MessageMap> = MessageMap[K]['reply'];

/** True when a value received from messaging is a Lens request (anything else is ignored). */
export function isRequest(value: unknown): value is Request {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
