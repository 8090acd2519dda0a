import type { LensDatabase } from './db';
import type { SavedEntry } from './types';

// The library list's read path, apart from saved-posts.ts: the reader's first screen imports only this, not the save
// path (which brings the sanitiser, DOMPurify, along).

/** Orders entries newest save first, then by title. */
export function newestFirst(a: SavedEntry, b: SavedEntry): number {
  return b.savedAt - a.savedAt || a.title.localeCompare(b.title);
}

/** A filter over the library list. */
export type ListQuery = { offset?: number; limit?: number; tag?: string; source?: string };

/** A page of the library list, newest first, with the total matching the filter. */
export async function listEntries(
  db: LensDatabase,
  query: ListQuery = {},
): Promise<{ entries: SavedEntry[]; total: number }> {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  if (!query.tag && !query.source) {
    const tx = db.transaction('entries');
    const index = tx.store.index('by-savedAt');
    const total = await index.count();
    const entries: SavedEntry[] = [];
    let cursor = await index.openCursor(null, 'prev');
    if (cursor && offset > 0) cursor = await cursor.advance(offset);
    while (cursor && entries.length < limit) {
      entries.push(cursor.value);
      cursor = await cursor.continue();
    }
    return { entries, total };
  }
  let all = query.tag
    ? await db.getAllFromIndex('entries', 'by-tag', query.tag)
    : await db.getAllFromIndex('entries', 'by-source', query.source!);
  if (query.tag && query.source) all = all.filter((e) => e.source === query.source);
  all.sort(newestFirst);
  return { entries: all.slice(offset, offset + limit), total: all.length };
}

/** Every tag in use, sorted. */
export async function allTags(db: LensDatabase): Promise<string[]> {
  const tags: string[] = [];
  let cursor = await db.transaction('entries').store.index('by-tag').openKeyCursor(null, 'nextunique');
  while (cursor) {
    tags.push(String(cursor.key));
    cursor = await cursor.continue();
  }
  return tags;
}
