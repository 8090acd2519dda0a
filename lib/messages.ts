// The one module that names every message between content script, background, side panel and reader page.
// Each entry maps a request `type` to its payload and its reply. Add new messages here, never ad hoc.
import type { Post } from './model';

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
};

/** What a save answers: the stored state, or a message a reader can act on. */
export type SaveReply =
  | { ok: true; updated: boolean; firstSave: boolean }
  | { ok: false; error: string };

/** A request of one kind, as sent over runtime messaging. */
export type Request<K extends keyof MessageMap = keyof MessageMap> = { type: K } & MessageMap[K]['request'];

/** The reply to a request of kind K. */
export type Reply<K extends keyof MessageMap> = MessageMap[K]['reply'];

/** True when a value received from messaging is a Lens request (anything else is ignored). */
export function isRequest(value: unknown): value is Request {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
