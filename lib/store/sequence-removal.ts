// Removing a sequence with its posts, and the undo: apart from sequences.ts because they write posts through
// saved-posts.ts (and so bring DOMPurify and the parsers), which the reader's first screen, reading sequences, must not
// load.
import type { LensDatabase } from './db';
import { deleteSaved, putSaved } from './saved-posts';
import { announceSequences, type RemovedSequence } from './sequences';

/**
 * Removes a saved sequence; with `withPosts`, also its posts that no other saved sequence holds (a post read in two
 * sequences stays for the other). Returns what went, for an undo.
 */
export async function deleteSequence(
  db: LensDatabase,
  id: string,
  options: { withPosts: boolean },
): Promise<RemovedSequence | undefined> {
  const sequence = await db.get('sequences', id);
  if (!sequence) return undefined;
  let ids: string[] = [];
  if (options.withPosts) {
    const others = (await db.getAll('sequences')).filter((s) => s.id !== id);
    const kept = new Set(others.flatMap((s) => s.postIds));
    ids = sequence.postIds.filter((p) => !kept.has(p));
  }
  // The sequence first: if the posts' removal then fails, they are still in the library, nothing is lost.
  const tx = db.transaction(['sequences', 'jobs'], 'readwrite');
  await tx.objectStore('sequences').delete(id);
  await tx.objectStore('jobs').delete(id);
  await tx.done;
  announceSequences([id]);
  const posts = ids.length ? await deleteSaved(db, ids) : [];
  return { sequence, posts };
}

/** Puts back a removed sequence and its posts (the undo of deleteSequence). */
export async function restoreSequence(db: LensDatabase, removed: RemovedSequence): Promise<void> {
  if (removed.posts.length) await putSaved(db, removed.posts);
  await db.put('sequences', removed.sequence);
  announceSequences([removed.sequence.id]);
}
