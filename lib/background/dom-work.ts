import { t } from '../i18n';
import type { CleanReply, OffscreenSaveReply, Request } from '../messages';
import type { Post } from '../model';
import { parseDocument } from '../parse/document';
import { cleanPost, sanitizeFully, saveRefusal } from '../store/clean';
import { type LensDatabase, sharedLensDB } from '../store/db';
import { postImageUrls } from '../store/images';
import { type FetchedApiPost, type RemoteResult, readApiPost } from '../store/remote';
import { savePost } from '../store/saved-posts';

/** A fetched API answer, ready to be read into a Post. */
export type ApiAnswer = Extract<FetchedApiPost, { ok: true }>;

/**
 * The steps of saving that need a DOM (parseDocument, DOMPurify): done in place where a DOM exists (Firefox's
 * background page, pages, tests), or in Chrome's offscreen document, since its service worker has none.
 */
export type DomWork = {
  /** The post with only the contract's fields and every HTML string passed through DOMPurify. */
  clean: (post: Post) => Promise<CleanReply>;
  /** A fetched API answer read into a Post (parseDocument), then cleaned as `clean` does. */
  read: (answer: ApiAnswer) => Promise<RemoteResult>;
  /**
   * Cleans and stores the post where the DOM work is done (Chrome's offscreen document), answering only the outcome;
   * absent where the DOM is local, which cleans and stores in place.
   */
  save?: (post: Post, now?: number) => Promise<OffscreenSaveReply>;
};

/** Cleans a post in this context's DOM (sanitizeFully on every HTML string); refuses what is not a Post. */
export function cleanHere(post: Post): CleanReply {
  const refused = saveRefusal(post);
  if (refused) return { ok: false, error: refused };
  return { ok: true, post: cleanPost(post, (html) => sanitizeFully(html)) };
}

/** Reads an API answer into a cleaned Post in this context's DOM. */
export function readHere(answer: ApiAnswer): RemoteResult {
  const read = readApiPost(answer, { parseDocument });
  return read.ok ? cleanHere(read.post) : read;
}

/**
 * Cleans a post in this context's DOM and stores it with savePost (which then only copies the contract's fields);
 * answers the outcome and the image URLs of the stored HTML, for the caller to keep those images offline.
 */
export async function saveHere(db: LensDatabase, post: Post, now?: number): Promise<OffscreenSaveReply> {
  const clean = cleanHere(post);
  if (!clean.ok) return clean;
  const result = await savePost(db, clean.post, { now });
  if (!result.ok) return { ok: false, error: result.error };
  // A dump copy of a post saved from its site only notes the sighting (another id): it brings no images.
  const imageUrls = result.id === clean.post.id ? postImageUrls(clean.post) : [];
  return {
    ok: true,
    id: result.id,
    created: result.created,
    updated: result.updated,
    firstSave: result.firstSave,
    imageUrls,
  };
}

/** The DOM work done in this context (it must have a DOM). */
export function localDomWork(): DomWork {
  return {
    clean: async (post) => cleanHere(post),
    read: async (answer) => readHere(answer),
  };
}

/** The DOM work sent as typed messages to another context (Chrome's offscreen document) through `call`. */
export function remoteDomWork(call: (request: Request) => Promise<unknown>): DomWork {
  return {
    clean: async (post) => {
      // Checked here too, so a malformed message never reaches the offscreen document.
      const refused = saveRefusal(post);
      if (refused) return { ok: false, error: refused };
      return (await call({
        type: 'offscreen-clean-post',
        post,
      } satisfies Request<'offscreen-clean-post'>)) as CleanReply;
    },
    read: async (answer) =>
      (await call({
        type: 'offscreen-read-post',
        api: answer.api,
        pageUrl: answer.pageUrl,
        site: answer.site,
      } satisfies Request<'offscreen-read-post'>)) as RemoteResult,
    save: async (post, now) => {
      const refused = saveRefusal(post);
      if (refused) return { ok: false, error: refused };
      const request: Request<'offscreen-save-post'> = { type: 'offscreen-save-post', post };
      if (now !== undefined) request.now = now;
      return (await call(request)) as OffscreenSaveReply;
    },
  };
}

/** The offscreen document's own connection to the library, opened on its first save and kept while it lives. */
const offscreenDb = sharedLensDB();

/** Answers the offscreen document's messages (and nothing else), doing the work in its DOM and its database. */
export function answerDomWork(
  message: unknown,
  db: () => Promise<LensDatabase> = offscreenDb,
): Promise<unknown> | undefined {
  const m = message as Request | null;
  if (typeof m !== 'object' || m === null) return undefined;
  if (m.type === 'offscreen-save-post') {
    const { post, now } = m as Request<'offscreen-save-post'>;
    return (async () => saveHere(await db(), post, now))().catch((error: unknown) => ({
      ok: false,
      error: t('saveFailed', String(error)),
    }));
  }
  if (m.type === 'offscreen-clean-post') {
    return run(() => cleanHere((m as Request<'offscreen-clean-post'>).post));
  }
  if (m.type === 'offscreen-read-post') {
    const { api, pageUrl, site } = m as Request<'offscreen-read-post'>;
    return run(() => readHere({ ok: true, api, pageUrl, site }));
  }
  return undefined;
}

function run(work: () => CleanReply | RemoteResult): Promise<CleanReply | RemoteResult> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.resolve({
      ok: false,
      error: t('readFailed', String(error)),
    });
  }
}
