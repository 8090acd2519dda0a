import type { IDBPTransaction } from 'idb';
import { t } from '../i18n';
import type { Post } from '../model';
import { announce } from './changes';
import { cleanPost, type Sanitizer, saveRefusal } from './clean';
import type { LensDatabase, LensDB } from './db';
import { type ImageDeps, type ImageOutcome, keepPostImages, type StoredImage } from './images';
import { newestFirst } from './list';
import { contentHash, entryDetails, titleKey } from './text';
import type { PostRecord, ReadingPosition, SavedEntry, SavedPost } from './types';

export { allTags, type ListQuery, listEntries, newestFirst } from './list';

/** What a save did, or why it failed (in words a reader can act on). */
export type SaveResult =
  | { ok: true; id: string; created: boolean; updated: boolean; firstSave: boolean; images?: ImageOutcome }
  | { ok: false; reason: 'quota' | 'invalid' | 'failed'; error: string };

/**
 * Options of a save: the clock, the sanitizer (omit only where no DOM exists; rendering sanitises again), and how to
 * fetch the post's images for offline reading (omitted: images stay remote).
 */
export type SaveOptions = { now?: number; sanitize?: Sanitizer; images?: ImageDeps };

type Tx = IDBPTransaction<LensDB, ('entries' | 'records' | 'meta' | 'images')[], 'readwrite'>;

/** The message shown when the browser refuses more storage; says that nothing changed and what to do. */
export function quotaMessage(): string {
  return t('quotaExceeded');
}

/** True for the errors browsers raise when storage is full. */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

function failure(error: unknown, tx?: { error: DOMException | null }): SaveResult {
  const cause = tx?.error ?? error;
  if (isQuotaError(cause) || isQuotaError(error)) return { ok: false, reason: 'quota', error: quotaMessage() };
  const detail = error instanceof Error ? error.message : String(error);
  return { ok: false, reason: 'failed', error: t('saveFailed', detail) };
}

/** Runs `work` in one read-write transaction over the whole library; on any failure the transaction is aborted. */
export async function inTransaction<T>(db: LensDatabase, work: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = db.transaction(['entries', 'records', 'meta', 'images'], 'readwrite');
  const done = tx.done;
  done.catch(() => {});
  try {
    const result = await work(tx);
    await done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the browser (the quota case): nothing more to undo.
    }
    let txError: DOMException | null = null;
    try {
      txError = tx.error;
    } catch {
      // Reading error of a live transaction throws in some engines.
    }
    throw isQuotaError(txError) ? txError : error;
  }
}

/**
 * Promise.all over requests of one transaction, each started by its function in order. When one fails (even as it is
 * made, as a full disk can), the transaction aborts and the requests already made reject too: those rejections are
 * expected and handled here, only the first failure reaches the caller.
 */
async function together<T extends readonly (() => Promise<unknown>)[] | []>(
  requests: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const made: Promise<unknown>[] = [];
  for (const request of requests) {
    const p = request();
    p.catch(() => {});
    made.push(p);
  }
  return Promise.all(made) as never;
}

/** The library generation as read in `tx` (undefined in a library never written). */
function readGeneration(tx: Tx): Promise<number | undefined> {
  return tx.objectStore('meta').get('generation') as Promise<number | undefined>;
}

/**
 * Writes the generation after `current` (as readGeneration gave it). Every write to entries bumps it in the same
 * transaction: the stored search index trusts an unchanged generation to mean an unchanged library.
 */
function putNextGeneration(tx: Tx, current: number | undefined): Promise<string> {
  return tx.objectStore('meta').put((current ?? 0) + 1, 'generation');
}

/** Reads and bumps the library generation in `tx`. */
export async function bumpGeneration(tx: Tx): Promise<void> {
  await putNextGeneration(tx, await readGeneration(tx));
}

/** A saved post's approximate stored size in characters: the HTML of its body and notes, earlier versions included. */
export function storedSize(record: Pick<PostRecord, 'post' | 'versions'>): number {
  const one = (p: Post) => p.html.length + p.footnotes.reduce((n, f) => n + f.html.length, 0);
  return one(record.post) + record.versions.reduce((n, v) => n + one(v.post), 0);
}

type PostFields = Pick<
  SavedEntry,
  'id' | 'title' | 'titleKey' | 'source' | 'excerpt' | 'words' | 'author' | 'url' | 'published'
>;

/** The library entry's fields that come from the post alone: title and its match key, source, byline, card details. */
export function entryFieldsOf(post: Post): PostFields {
  const out: PostFields = {
    id: post.id,
    title: post.title,
    titleKey: titleKey(post.title),
    source: post.source,
    ...entryDetails(post),
  };
  if (post.author !== undefined) out.author = post.author;
  if (post.url !== undefined) out.url = post.url;
  if (post.published !== undefined) out.published = post.published;
  return out;
}

function entryFor(post: Post, base: Partial<SavedEntry>, record: PostRecord, now: number): SavedEntry {
  const urls = [...(base.urls ?? [])];
  if (post.url && !urls.includes(post.url)) urls.push(post.url);
  const entry: SavedEntry = {
    ...entryFieldsOf(post),
    urls,
    savedAt: base.savedAt ?? now,
    updatedAt: base.updatedAt ?? now,
    updatedSinceSaved: base.updatedSinceSaved ?? false,
    tags: base.tags ?? [],
    read: base.read ?? false,
    versions: record.versions.length,
    size: storedSize(record),
  };
  if (base.progress !== undefined) entry.progress = base.progress;
  if (base.readAt !== undefined) entry.readAt = base.readAt;
  return entry;
}

/**
 * Saves a post as one entry keyed by its id (copies from other URL shapes merge into it; a dump copy without an id
 * merges by title); changed content keeps the earlier version and marks the entry updated; all or nothing.
 */
export async function savePost(db: LensDatabase, input: Post, options: SaveOptions = {}): Promise<SaveResult> {
  const refused = saveRefusal(input);
  if (refused) return { ok: false, reason: 'invalid', error: refused };
  const now = options.now ?? Date.now();
  let post: Post;
  try {
    post = cleanPost(input, options.sanitize);
  } catch (error) {
    return failure(error);
  }
  const hash = contentHash(post);
  const changed: string[] = [];
  const removed: string[] = [];
  try {
    const result = await inTransaction(db, async (tx) => {
      const entries = tx.objectStore('entries');
      const records = tx.objectStore('records');
      // Every read the save may need, asked at once: one wait for the database instead of one per read (each is a
      // round trip to the browser's database process, milliseconds apiece in Chromium). The library is empty when
      // it has no first key; counting its entries would walk all of them.
      const [anyKey, entryNow, recordNow, sameTitle, generation] = await together([
        () => entries.getAllKeys(undefined, 1),
        () => entries.get(post.id),
        () => records.get(post.id),
        () => entries.index('by-title').getAll(titleKey(post.title)),
        () => readGeneration(tx),
      ]);
      const firstSave = anyKey.length === 0;
      let entry = entryNow;
      let record = entry ? recordNow : undefined;
      if (!entry) {
        if (post.source === 'text') {
          // A dump copy of a post already saved from its site: the site's copy is richer, so only note the sighting.
          const original = sameTitle.find((e) => e.source !== 'text') ?? sameTitle[0];
          if (original) {
            const urls = post.url && !original.urls.includes(post.url) ? [...original.urls, post.url] : original.urls;
            if (urls !== original.urls)
              await together([() => entries.put({ ...original, urls }), () => putNextGeneration(tx, generation)]);
            changed.push(original.id);
            return { ok: true as const, id: original.id, created: false, updated: false, firstSave };
          }
        } else {
          // The site's copy of a post first saved from a dump takes over its entry: tags, read state and position stay.
          const copy = sameTitle.find((e) => e.source === 'text');
          const copyRecord = copy ? await records.get(copy.id) : undefined;
          if (copy && copyRecord) {
            await entries.delete(copy.id);
            await records.delete(copy.id);
            // Images the dump copy kept now belong to the site's copy (else a later delete could never free them).
            for (const image of await tx.objectStore('images').index('by-post').getAll(copy.id))
              await tx.objectStore('images').put({
                ...image,
                posts: [...new Set(image.posts.map((p) => (p === copy.id ? post.id : p)))],
              });
            removed.push(copy.id);
            entry = { ...copy, id: post.id };
            record = { ...copyRecord, id: post.id };
          }
        }
      }
      let created = false;
      let updated = false;
      let nextRecord: PostRecord;
      let base: Partial<SavedEntry>;
      if (!entry || !record) {
        created = true;
        nextRecord = { id: post.id, post, hash, versions: [] };
        base = {};
      } else if (record.hash === hash) {
        // Same content: keep what we have, only learn new metadata (a URL shape, an author the dump lacked).
        nextRecord = { ...record, post: { ...record.post, ...metadataOf(post), url: record.post.url ?? post.url } };
        if (nextRecord.post.url === undefined) delete nextRecord.post.url;
        base = entry;
      } else {
        updated = true;
        const earlier = { post: record.post, savedAt: entry.updatedAt, hash: record.hash };
        const versions = [earlier, ...record.versions.filter((v) => v.hash !== record.hash && v.hash !== hash)];
        nextRecord = { id: post.id, post, hash, versions };
        if (record.position) nextRecord.position = record.position;
        base = { ...entry, updatedAt: now, updatedSinceSaved: true };
      }
      const nextEntry = entryFor(nextRecord.post, base, nextRecord, now);
      if (post.url && !nextEntry.urls.includes(post.url)) nextEntry.urls.push(post.url);
      // Written together, awaited once (the transaction commits them in order, or none).
      await together([
        () => records.put(nextRecord),
        () => entries.put(nextEntry),
        () => putNextGeneration(tx, generation),
      ]);
      changed.push(post.id);
      return { ok: true as const, id: post.id, created, updated, firstSave };
    });
    if (removed.length) announce({ kind: 'delete', ids: removed });
    announce({ kind: 'put', ids: changed });
    // After the post is stored, in transactions of their own (no network inside an IndexedDB transaction): an image
    // that cannot be fetched or stored never undoes the save, it stays remote and the outcome counts it.
    if (options.images && result.id === post.id)
      return { ...result, images: await keepPostImages(db, post, options.images) };
    return result;
  } catch (error) {
    return failure(error);
  }
}

function metadataOf(post: Post): Partial<Post> {
  const m: Partial<Post> = {};
  if (post.author !== undefined) m.author = post.author;
  if (post.published !== undefined) m.published = post.published;
  return m;
}

/** True when a post with this id is saved. */
export async function isSaved(db: LensDatabase, id: string): Promise<boolean> {
  return (await db.count('entries', id)) > 0;
}

/** The whole saved post (list data and content), or undefined. */
export async function getSaved(db: LensDatabase, id: string): Promise<SavedPost | undefined> {
  const tx = db.transaction(['entries', 'records']);
  const [entry, record] = await Promise.all([tx.objectStore('entries').get(id), tx.objectStore('records').get(id)]);
  return entry && record ? { entry, record } : undefined;
}

/** Every saved post in full, newest first (backup, export). */
export async function allSaved(db: LensDatabase): Promise<SavedPost[]> {
  const tx = db.transaction(['entries', 'records']);
  const [entries, records] = await Promise.all([
    tx.objectStore('entries').getAll(),
    tx.objectStore('records').getAll(),
  ]);
  const byId = new Map(records.map((r) => [r.id, r]));
  return entries.sort(newestFirst).flatMap((entry) => {
    const record = byId.get(entry.id);
    return record ? [{ entry, record }] : [];
  });
}

/** Drops a post from the images it uses and deletes those no other saved post uses; returns what it changed. */
async function releaseImages(tx: Tx, id: string): Promise<StoredImage[]> {
  const store = tx.objectStore('images');
  const used = await store.index('by-post').getAll(id);
  for (const image of used) {
    const posts = image.posts.filter((p) => p !== id);
    if (posts.length) await store.put({ ...image, posts });
    else await store.delete(image.url);
  }
  return used;
}

/** Removes saved posts (and their images no other saved post uses) and returns them whole, so an undo can put them back exactly. */
export async function deleteSaved(db: LensDatabase, ids: readonly string[]): Promise<SavedPost[]> {
  const gone = await inTransaction(db, async (tx) => {
    const out: SavedPost[] = [];
    for (const id of ids) {
      const entry = await tx.objectStore('entries').get(id);
      const record = await tx.objectStore('records').get(id);
      const images = await releaseImages(tx, id);
      if (entry && record) out.push(images.length ? { entry, record, images } : { entry, record });
      await tx.objectStore('entries').delete(id);
      await tx.objectStore('records').delete(id);
    }
    await bumpGeneration(tx);
    return out;
  });
  announce({ kind: 'delete', ids: gone.map((g) => g.entry.id) });
  return gone;
}

/** Puts saved posts back exactly as they were (undo of a delete, restore of a backup record). */
export async function putSaved(db: LensDatabase, items: readonly SavedPost[]): Promise<void> {
  await inTransaction(db, async (tx) => {
    for (const { entry, record, images } of items) {
      await tx.objectStore('records').put(record);
      await tx.objectStore('entries').put(entry);
      for (const image of images ?? []) {
        const current = await tx.objectStore('images').get(image.url);
        const posts = [...new Set([...(current?.posts ?? []), entry.id])];
        await tx.objectStore('images').put({ ...(current ?? image), posts });
      }
    }
    await bumpGeneration(tx);
  });
  announce({ kind: 'put', ids: items.map((i) => i.entry.id) });
}

async function updateEntry(
  db: LensDatabase,
  id: string,
  change: (e: SavedEntry) => SavedEntry,
): Promise<SavedEntry | undefined> {
  const next = await inTransaction(db, async (tx) => {
    const entry = await tx.objectStore('entries').get(id);
    if (!entry) return undefined;
    const updated = change(entry);
    await tx.objectStore('entries').put(updated);
    await bumpGeneration(tx);
    return updated;
  });
  if (next) announce({ kind: 'put', ids: [id] });
  return next;
}

/** Normalises tags: trimmed, whitespace collapsed, lowercased, unique, sorted, empty ones dropped. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.replace(/\s+/g, ' ').trim().toLowerCase().slice(0, 64)).filter(Boolean))].sort();
}

/** Replaces the tags of a saved post. */
export function setTags(db: LensDatabase, id: string, tags: readonly string[]): Promise<SavedEntry | undefined> {
  return updateEntry(db, id, (e) => ({ ...e, tags: normaliseTags(tags) }));
}

/** Marks a saved post read or unread. */
export function setRead(db: LensDatabase, id: string, read: boolean): Promise<SavedEntry | undefined> {
  return updateEntry(db, id, (e) => ({ ...e, read }));
}

/** Clears the "updated since saved" mark once the reader has opened the new content. */
export function markSeen(db: LensDatabase, id: string): Promise<SavedEntry | undefined> {
  return updateEntry(db, id, (e) => (e.updatedSinceSaved ? { ...e, updatedSinceSaved: false } : e));
}

/**
 * Stores the reading position of a saved post and, when given, how far through it that is (0 to 1) on its entry for
 * the library's progress; no library change is announced (neither affects search).
 */
export async function savePosition(
  db: LensDatabase,
  id: string,
  position: ReadingPosition,
  progress?: number,
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const [record, entry] = await together([
      () => tx.objectStore('records').get(id),
      () => tx.objectStore('entries').get(id),
    ]);
    if (!record) return false;
    const writes: (() => Promise<unknown>)[] = [() => tx.objectStore('records').put({ ...record, position })];
    if (entry && progress !== undefined && Number.isFinite(progress)) {
      const next = { ...entry, progress: Math.min(Math.max(progress, 0), 1), readAt: position.updatedAt };
      writes.push(() => tx.objectStore('entries').put(next));
    }
    await together(writes);
    return true;
  });
}

/**
 * Gives entries saved before the library showed excerpts their excerpt and word count, read from their records, at
 * most `batch` per call (one transaction); resolves how many it filled (0 when none is left). Announces no change:
 * search does not read these fields.
 */
export async function fillEntryDetails(db: LensDatabase, batch = 100): Promise<number> {
  // A read-only look first: a read-write walk over every entry would hold up every other read of the library (the
  // sequence page's, a search's) for as long as it lasts, and most libraries have nothing to fill.
  let look = await db.transaction('entries').store.openCursor();
  while (look && look.value.words !== undefined) look = await look.continue();
  if (!look) return 0;
  return inTransaction(db, async (tx) => {
    const entries = tx.objectStore('entries');
    const missing: SavedEntry[] = [];
    let cursor = await entries.openCursor();
    while (cursor && missing.length < batch) {
      if (cursor.value.words === undefined) missing.push(cursor.value);
      cursor = await cursor.continue();
    }
    const records = await together(missing.map((e) => () => tx.objectStore('records').get(e.id)));
    await together(
      missing.map((e, i) => {
        const record = records[i];
        // An entry without its record (never written by Lens) gets empty details, so it is not read again.
        return () => entries.put({ ...e, ...(record ? entryDetails(record.post) : { excerpt: '', words: 0 }) });
      }),
    );
    return missing.length;
  });
}
