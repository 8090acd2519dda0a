import type { LensDatabase } from './db';
import type { SavedEntry, SavedPost, SequenceOutline, SequencePostRef, SequenceRecord } from './types';

/** The BroadcastChannel on which contexts hear that saved sequences or save jobs changed (ids of the sequences). */
export const SEQUENCE_CHANNEL = 'lens-sequences';

/** Tells the other contexts that these sequences (or their jobs) changed; a no-op where BroadcastChannel is missing. */
export function announceSequences(ids: string[]): void {
  if (typeof BroadcastChannel === 'undefined' || ids.length === 0) return;
  const ch = new BroadcastChannel(SEQUENCE_CHANNEL);
  ch.postMessage(ids);
  ch.close();
}

/** Calls `listener` with the ids of sequences another context changed; returns the unsubscribe function. */
export function onSequencesChange(listener: (ids: string[]) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const ch = new BroadcastChannel(SEQUENCE_CHANNEL);
  ch.onmessage = (e: MessageEvent<string[]>) => listener(e.data);
  return () => ch.close();
}

/** The unique ids of a sequence's posts in reading order (a post listed twice is read where it first comes). */
export function orderedPostIds(outline: Pick<SequenceOutline, 'chapters'>): string[] {
  const seen = new Set<string>();
  for (const chapter of outline.chapters) for (const post of chapter.posts) seen.add(post.id);
  return [...seen];
}

/** Stores a sequence's outline (a new one, or a newer outline of a saved one, keeping its first save date). */
export async function putSequence(
  db: LensDatabase,
  outline: SequenceOutline,
  now = Date.now(),
): Promise<SequenceRecord> {
  const tx = db.transaction('sequences', 'readwrite');
  const existing = await tx.store.get(outline.id);
  const record: SequenceRecord = {
    ...outline,
    postIds: orderedPostIds(outline),
    savedAt: existing?.savedAt ?? now,
    updatedAt: now,
  };
  await tx.store.put(record);
  await tx.done;
  announceSequences([record.id]);
  return record;
}

/** One saved sequence by id. */
export function getSequence(db: LensDatabase, id: string): Promise<SequenceRecord | undefined> {
  return db.get('sequences', id);
}

/** Every saved sequence, newest save first. */
export async function listSequences(db: LensDatabase): Promise<SequenceRecord[]> {
  return (await db.getAll('sequences')).sort((a, b) => b.savedAt - a.savedAt);
}

/** The saved sequences a post belongs to. */
export function sequencesOfPost(db: LensDatabase, postId: string): Promise<SequenceRecord[]> {
  return db.getAllFromIndex('sequences', 'by-post', postId);
}

/** How far a reader is through a sequence: posts in it, saved, read, and the first unread saved post. */
export type SequenceProgress = { total: number; saved: number; read: number; next?: string };

/** Counts a sequence's saved and read posts from the library's light entries. */
export async function sequenceProgress(db: LensDatabase, record: SequenceRecord): Promise<SequenceProgress> {
  const tx = db.transaction('entries');
  const entries = await Promise.all(record.postIds.map((id) => tx.store.get(id)));
  await tx.done;
  return progressOf(record, entries);
}

/** Progress from the entries of a sequence's posts, in its order (undefined where a post is not saved). */
export function progressOf(
  record: Pick<SequenceRecord, 'postIds'>,
  entries: readonly (SavedEntry | undefined)[],
): SequenceProgress {
  const progress: SequenceProgress = { total: record.postIds.length, saved: 0, read: 0 };
  for (const entry of entries) {
    if (!entry) continue;
    progress.saved++;
    if (entry.read) progress.read++;
    else progress.next ??= entry.id;
  }
  return progress;
}

/** A removed sequence (and the posts that went with it), whole, so an undo puts everything back exactly. */
export type RemovedSequence = { sequence: SequenceRecord; posts: SavedPost[] };

/** What changed on the site since a sequence was saved: posts added, removed, and edited (a newer revision). */
export type SequenceChanges = {
  added: SequencePostRef[];
  removed: SequencePostRef[];
  edited: SequencePostRef[];
  /** True when the chapters or their order changed even if no post did. */
  reordered: boolean;
};

/** Compares a saved sequence with the site's current outline, changing nothing. */
export function compareOutlines(saved: SequenceOutline, fresh: SequenceOutline): SequenceChanges {
  const refs = (o: SequenceOutline) => {
    const map = new Map<string, SequencePostRef>();
    for (const c of o.chapters) for (const p of c.posts) if (!map.has(p.id)) map.set(p.id, p);
    return map;
  };
  const before = refs(saved);
  const after = refs(fresh);
  const added = [...after.values()].filter((p) => !before.has(p.id));
  const removed = [...before.values()].filter((p) => !after.has(p.id));
  const edited = [...after.values()].filter((p) => {
    const old = before.get(p.id);
    return old !== undefined && p.version !== undefined && old.version !== p.version;
  });
  const shape = (o: SequenceOutline) => JSON.stringify(o.chapters.map((c) => [c.title, c.posts.map((p) => p.id)]));
  return { added, removed, edited, reordered: shape(saved) !== shape(fresh) };
}
