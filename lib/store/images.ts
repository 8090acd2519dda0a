import { tn } from '../i18n';
import type { Post } from '../model';
import type { LensDatabase } from './db';

/** One image kept for offline reading, keyed by the `src` the stored HTML still carries; `posts` are the saved posts using it. */
export type StoredImage = { url: string; blob: Blob; posts: string[]; savedAt: number };

/** How many of a post's images are kept offline after a save, and why the others stayed remote. */
export type ImageOutcome = {
  total: number;
  kept: number;
  /** Origins Lens may not fetch from (no permission granted): their images stay remote. */
  notAllowed: string[];
  /** Images that could not be kept: failed fetch, not an image, over a cap. */
  failed: number;
};

/** What keeping images needs, injectable for tests: the network, the permission check, the caps. */
export type ImageDeps = {
  fetch: typeof fetch;
  /** The origins (e.g. `https://res.cloudinary.com`) among these that Lens holds host permission for. */
  allowedOrigins: (origins: readonly string[]) => Promise<ReadonlySet<string>>;
  /** Largest image kept, in bytes (default 5 MB). */
  maxImageBytes?: number;
  /** Largest total of one post's images, in bytes (default 30 MB). */
  maxPostBytes?: number;
  now?: number;
};

/** The default cap per image. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** The default cap per post. */
export const MAX_POST_BYTES = 30 * 1024 * 1024;

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
      return Number.isFinite(n) && n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return ENTITIES[code.toLowerCase()] ?? all;
  });
}

/** The `src` of every `<img>` in sanitised HTML (serialised by DOMPurify, so attributes are quoted), in order. */
export function imageSources(html: string): string[] {
  const out: string[] = [];
  for (const tag of html.matchAll(/<img\b[^>]*>/gi)) {
    const src = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag[0]);
    const raw = src?.[1] ?? src?.[2] ?? src?.[3];
    if (raw) out.push(decodeAttribute(raw));
  }
  return out;
}

/** The distinct http(s) image URLs of a post (body and footnotes): the ones Lens can keep offline. */
export function postImageUrls(post: Pick<Post, 'html' | 'footnotes'>): string[] {
  const urls = new Set<string>();
  for (const html of [post.html, ...post.footnotes.map((f) => f.html)]) {
    for (const src of imageSources(html)) {
      const url = webUrl(src);
      if (url) urls.add(src);
    }
  }
  return [...urls];
}

function webUrl(src: string): URL | null {
  try {
    const u = new URL(src);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

/** The origins of these image URLs, each once, as `permissions` origins want them (`https://host/*`). */
export function originPatterns(urls: readonly string[]): string[] {
  return [...new Set(urls.flatMap((u) => webUrl(u)?.origin ?? []))].map((o) => `${o}/*`);
}

async function readCapped(response: Response, cap: number): Promise<Blob | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) return null;
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!response.body) {
    const blob = await response.blob();
    return blob.size > cap ? null : new Blob([blob], { type });
  }
  // A missing or false Content-Length must not let one image fill the disk: stop reading past the cap.
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => {});
      return null;
    }
    parts.push(value);
  }
  return new Blob(parts as BlobPart[], { type });
}

/** How many of a post's images are fetched at once. */
const FETCHES_AT_ONCE = 4;

/** `work` over `items` with at most `limit` running at once; results in the items' order. */
async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function fetchImage(url: string, deps: ImageDeps, cap: number): Promise<Blob | null> {
  try {
    const response = await deps.fetch(url, { credentials: 'omit', redirect: 'follow', referrerPolicy: 'no-referrer' });
    if (!response.ok) return null;
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    if (!type.startsWith('image/')) {
      await response.body?.cancel().catch(() => {});
      return null;
    }
    return await readCapped(response, cap);
  } catch {
    return null;
  }
}

/**
 * Fetches the images of a saved post that Lens may fetch (granted origins only) and stores them, deduplicated by URL
 * across posts; an image already stored is not fetched again. Never throws: what is not kept stays remote.
 */
export function keepPostImages(db: LensDatabase, post: Post, deps: ImageDeps): Promise<ImageOutcome> {
  return keepImages(db, post.id, postImageUrls(post), deps);
}

/**
 * keepPostImages for a post known by its id and the image URLs of its sanitised HTML (postImageUrls), so a context
 * that did not sanitise or store the post (Chrome's service worker, after its offscreen document did) needs no copy of it.
 */
export async function keepImages(
  db: LensDatabase,
  postId: string,
  urls: readonly string[],
  deps: ImageDeps,
): Promise<ImageOutcome> {
  const outcome: ImageOutcome = { total: urls.length, kept: 0, notAllowed: [], failed: 0 };
  if (urls.length === 0) return outcome;
  const maxImage = deps.maxImageBytes ?? MAX_IMAGE_BYTES;
  let budget = deps.maxPostBytes ?? MAX_POST_BYTES;
  const now = deps.now ?? Date.now();
  try {
    const origins = [...new Set(urls.map((u) => new URL(u).origin))];
    // The permission check (the browser's) and the read of images already stored (the database's) run side by side.
    const read = db.transaction('images').store;
    const [allowed, stored] = await Promise.all([
      deps.allowedOrigins(origins).catch(() => new Set<string>()),
      Promise.all(urls.map((u) => read.get(u))),
    ]);
    outcome.notAllowed = origins.filter((o) => !allowed.has(o));
    const have = new Map(stored.flatMap((i) => (i ? [[i.url, i] as const] : [])));
    const fresh: StoredImage[] = [];
    const reused: StoredImage[] = [];
    for (const url of urls) {
      const known = have.get(url);
      if (known) {
        budget -= known.blob.size;
        reused.push(known);
      }
    }
    // A few fetches at a time (a post's figures one after another took seconds); each read stops at the room left
    // when it starts, and the results are kept in the post's order while the post's total stays under its cap.
    const wanted = urls.filter((url) => !have.has(url) && allowed.has(new URL(url).origin));
    const room = budget;
    const blobs = await inBatches(wanted, FETCHES_AT_ONCE, (url) =>
      fetchImage(url, deps, Math.min(maxImage, Math.max(room, 0))),
    );
    wanted.forEach((url, i) => {
      const blob = blobs[i];
      if (!blob || blob.size > budget) {
        outcome.failed++;
        return;
      }
      budget -= blob.size;
      fresh.push({ url, blob, posts: [postId], savedAt: now });
    });
    // Nothing to keep (the usual save of a post whose image host is not allowed): no write at all.
    if (reused.length === 0 && fresh.length === 0) return outcome;
    const tx = db.transaction('images', 'readwrite');
    for (const image of reused) {
      // Read again inside the transaction: another context may have released or extended it meanwhile.
      const current = await tx.store.get(image.url);
      const base = current ?? image;
      await tx.store.put({ ...base, posts: base.posts.includes(postId) ? base.posts : [...base.posts, postId] });
    }
    for (const image of fresh) {
      const current = await tx.store.get(image.url);
      await tx.store.put(current ? { ...current, posts: [...new Set([...current.posts, postId])] } : image);
    }
    await tx.done;
    outcome.kept = reused.length + fresh.length;
  } catch {
    // Storage refused (quota) or the database went away: the post itself is saved; its images stay remote.
    outcome.kept = 0;
    outcome.failed = outcome.total - outcome.notAllowed.length;
  }
  return outcome;
}

/** The sentence part that says how many images a save kept offline, or '' for a post without images. */
export function describeImages(outcome: ImageOutcome | undefined): string {
  if (!outcome || outcome.total === 0) return '';
  const n = outcome.total;
  if (outcome.kept < n && outcome.notAllowed.length) {
    const hosts = outcome.notAllowed.map((o) => new URL(o).host).join(', ');
    // The usual case on LessWrong (figures on res.cloudinary.com) for a save without a click to ask with: say what to do.
    if (outcome.kept === 0) return tn('imagesStayOnline', n, hosts, tn('keepImages', n));
    return tn('imagesSomeNotAllowed', n, outcome.kept, hosts);
  }
  if (outcome.kept < n) return tn('imagesSomeFailed', n, outcome.kept);
  return tn('imagesKept', n, outcome.kept);
}

/** The stored images of a post, by URL, for rendering offline. */
export async function imagesOfPost(db: LensDatabase, id: string): Promise<Map<string, Blob>> {
  const images = await db.getAllFromIndex('images', 'by-post', id);
  return new Map(images.map((i) => [i.url, i.blob]));
}

/**
 * Points the `src` of each `<img>` in sanitised HTML at a local copy where one is given (original src → object URL
 * Lens created from a stored Blob); everything else is left as it is. Runs after DOMPurify, which never lets a stored
 * `blob:` src through, so the only blob: images shown are the ones Lens created for this post.
 */
export function withLocalImages(html: string, local: ReadonlyMap<string, string>): string {
  if (local.size === 0) return html;
  return html.replace(/<img\b[^>]*>/gi, (tag) =>
    tag.replace(/(\ssrc\s*=\s*)"([^"]*)"/i, (all, before: string, raw: string) => {
      const url = local.get(decodeAttribute(raw));
      return url && /^blob:[\w.:/%-]+$/.test(url) ? `${before}"${url}"` : all;
    }),
  );
}
