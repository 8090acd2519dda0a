import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { StoredImage } from './images';
import { MIGRATIONS } from './migrations';
import type { PostRecord, SavedEntry, SaveJob, SequenceRecord } from './types';

/** The name of Lens's saved-post database in the extension origin. */
export const DB_NAME = 'lens-library';

/** The schema of the saved-post database at the current version; each migration in `migrations/` builds one step. */
export interface LensDB extends DBSchema {
  /** The light list data, one per post, keyed by Post.id. */
  entries: {
    key: string;
    value: SavedEntry;
    indexes: { 'by-savedAt': number; 'by-source': string; 'by-tag': string; 'by-title': string };
  };
  /** The content of each post, keyed by Post.id. */
  records: { key: string; value: PostRecord };
  /** Small bookkeeping values (the library generation). */
  meta: { key: string; value: unknown };
  /** The stored search index (lib/store/search-snapshot.ts): `head` and `part:<n>`; derived data, rebuilt when missing. */
  search: { key: string; value: unknown };
  /** Images of saved posts kept for offline reading (version 3), keyed by their `src`; shared by the posts using them. */
  images: { key: string; value: StoredImage; indexes: { 'by-post': string } };
  /** Saved sequences and collections (version 4), keyed by the site's id; `by-post` lists the sequences of a post. */
  sequences: { key: string; value: SequenceRecord; indexes: { 'by-post': string } };
  /** Whole-sequence save jobs (version 4), keyed by the sequence id: what is saved, pending, failed; resumable. */
  jobs: { key: string; value: SaveJob };
}

/** The database as the store functions use it. */
export type LensDatabase = IDBPDatabase<LensDB>;

/** The current schema version: the number of migrations. */
export const DB_VERSION = MIGRATIONS.length;

/**
 * Opens (creating or upgrading through every pending migration) the saved-post database. `onClose` is told when the
 * connection closes under its holder: a newer schema opened elsewhere asked for it, or the browser closed it (site
 * data cleared).
 */
export function openLensDB(name = DB_NAME, factory?: IDBFactory, onClose?: () => void): Promise<LensDatabase> {
  const run = () =>
    openDB<LensDB>(name, DB_VERSION, {
      upgrade(db, oldVersion, _newVersion, tx) {
        for (let v = oldVersion; v < DB_VERSION; v++) MIGRATIONS[v]?.(db, tx);
      },
      blocking() {
        // Another context wants a newer schema: let it upgrade instead of blocking it.
        db?.close();
        onClose?.();
      },
      terminated() {
        onClose?.();
      },
    });
  let db: LensDatabase | undefined;
  if (!factory) return run().then((d) => (db = d));
  // idb uses the global indexedDB; tests pass their own factory to get an isolated world.
  const saved = globalThis.indexedDB;
  globalThis.indexedDB = factory;
  try {
    return run().then((d) => (db = d));
  } finally {
    globalThis.indexedDB = saved;
  }
}

/**
 * One connection for a long-lived context (the background, the offscreen document), opened on first use and kept; a
 * connection that failed to open or was closed under it (see openLensDB) is forgotten, so the next use opens a fresh
 * one instead of every later save failing on a closed connection.
 */
export function sharedLensDB(
  open: (onClose: () => void) => Promise<LensDatabase> = (onClose) => openLensDB(DB_NAME, undefined, onClose),
): () => Promise<LensDatabase> {
  let current: Promise<LensDatabase> | undefined;
  return () => {
    if (current) return current;
    const opening = open(() => {
      if (current === opening) current = undefined;
    });
    current = opening;
    opening.catch(() => {
      if (current === opening) current = undefined;
    });
    return opening;
  };
}
