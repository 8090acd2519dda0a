import MiniSearch, { type SearchResult } from 'minisearch';
import type { LensDatabase } from './db';
import { isIndexHead, restoreIndex, scoreLiveDocumentsOnly, snapshotIndexInSteps } from './search-snapshot';
import { bodyText } from './text';
import type { PostRecord, SavedEntry } from './types';

/** What the search index holds per post: the fields searched, title and author weighted above body and footnotes. */
export type SearchDoc = { id: string; title: string; author: string; body: string; notes: string };

const OPTIONS = {
  fields: ['title', 'author', 'body', 'notes'],
  storeFields: [],
  searchOptions: {
    boost: { title: 4, author: 3, notes: 1 },
    // Prefix matching only on the word being typed and typo tolerance only on long words: both walk the whole term
    // tree, and on thousands of posts they are most of a query's time.
    prefix: (_term: string, i: number, terms: string[]) => i === terms.length - 1,
    fuzzy: (term: string) => (term.length >= 6 ? 0.15 : false),
    combineWith: 'AND' as const,
  },
};

/** The search document of a saved post. */
export function searchDoc(entry: SavedEntry, record: PostRecord): SearchDoc {
  return {
    id: entry.id,
    title: entry.title,
    author: entry.author ?? '',
    // Derived here rather than stored: text extraction is the costliest part of a big save and only search needs it.
    body: bodyText(record.post),
    notes: record.post.footnotes.map((f) => f.text).join('\n'),
  };
}

/**
 * What an entry says about its post's searchable content: every save that changes the content moves `updatedAt` and
 * usually `size`; title and author are searched themselves. A stored index is checked against it post by post.
 */
export function entryFingerprint(entry: SavedEntry): string {
  return JSON.stringify([entry.updatedAt, entry.size, entry.versions, entry.title, entry.author ?? null]);
}

/** Where the index came from when it was last made ready, and how many posts had to be indexed again. */
export type IndexOrigin = { from: 'stored' | 'built'; reindexed: number; removed: number };

/**
 * Options of a LibrarySearch: how long after the last change the index is written back (ms), and about how many
 * packed numbers one stored slice holds (smaller slices: shorter tasks, more records).
 */
export type LibrarySearchOptions = { persistDelay?: number; sliceSize?: number };

/**
 * Full-text search over the library. The index is stored in the database (`search` store) and loaded when first
 * needed, then checked against the entries so changes made by other contexts meanwhile are indexed; without a stored
 * index it is built from every post. Changes are applied in memory at once and written back after a pause.
 */
export class LibrarySearch {
  private index: MiniSearch<SearchDoc> | undefined;
  private building: Promise<MiniSearch<SearchDoc>> | undefined;
  private fingerprints = new Map<string, string>();
  // Every change to the index and every write of it run one after another: a write clones the index slice by slice
  // across several tasks, and a change landing between two slices would store an index that never existed.
  private queue: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly persistDelay: number;
  private readonly sliceSize: number | undefined;
  /** Where the index came from, once ready. */
  origin: IndexOrigin | undefined;

  constructor(
    private readonly db: LensDatabase,
    options: LibrarySearchOptions = {},
  ) {
    this.persistDelay = options.persistDelay ?? 2000;
    this.sliceSize = options.sliceSize;
  }

  /** Loads (or builds) the index once; later calls return the same index. */
  ready(): Promise<MiniSearch<SearchDoc>> {
    if (this.index) return Promise.resolve(this.index);
    this.building ??= this.open();
    return this.building;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => {});
    return next;
  }

  private async open(): Promise<MiniSearch<SearchDoc>> {
    let index: MiniSearch<SearchDoc> | undefined;
    try {
      index = await this.load();
    } catch {
      // A stored index that cannot be read or restored is only a cache: build it again.
      index = undefined;
    }
    if (!index) {
      index = await this.build();
      this.schedulePersist(0);
    }
    this.index = index;
    return index;
  }

  private async load(): Promise<MiniSearch<SearchDoc> | undefined> {
    const tx = this.db.transaction(['search', 'meta']);
    const store = tx.objectStore('search');
    const [head, generation] = await Promise.all([store.get('head'), tx.objectStore('meta').get('generation')]);
    if (!isIndexHead(head)) return undefined;
    const slices: unknown[] = [];
    // One slice per request: each is cloned out of the database in its own task, so the page keeps answering.
    for (let i = 0; i < head.parts; i++) slices.push(await store.get(`part:${i}`));
    const index = scoreLiveDocumentsOnly(restoreIndex<SearchDoc>(head, slices, OPTIONS));
    const fingerprints = head.fingerprints;
    this.fingerprints = fingerprints;
    // Every write that changes a post bumps the generation in its own transaction (saved-posts.ts, transfer.ts): when
    // it is the one the stored index was checked against, nothing changed since and the entries need not be read.
    if (head.generation !== null && head.generation === generation) {
      this.origin = { from: 'stored', reindexed: 0, removed: 0 };
      return index;
    }
    // The library as it is now: posts saved, changed or deleted by other contexts since the index was written.
    const entries = await this.db.getAll('entries');
    const ids = new Set(entries.map((e) => e.id));
    const changed = entries.filter((e) => fingerprints.get(e.id) !== entryFingerprint(e)).map((e) => e.id);
    const gone = [...fingerprints.keys()].filter((id) => !ids.has(id));
    for (const id of gone) {
      if (index.has(id)) index.discard(id);
      fingerprints.delete(id);
    }
    await this.reindex(index, changed);
    this.origin = { from: 'stored', reindexed: changed.length, removed: gone.length };
    if (changed.length || gone.length) this.schedulePersist();
    return index;
  }

  private async build(): Promise<MiniSearch<SearchDoc>> {
    const index = scoreLiveDocumentsOnly(new MiniSearch<SearchDoc>(OPTIONS));
    const tx = this.db.transaction(['entries', 'records']);
    const entries = new Map((await tx.objectStore('entries').getAll()).map((e) => [e.id, e]));
    let cursor = await tx.objectStore('records').openCursor();
    const docs: SearchDoc[] = [];
    const fingerprints = new Map<string, string>();
    while (cursor) {
      const entry = entries.get(cursor.key);
      if (entry) {
        docs.push(searchDoc(entry, cursor.value));
        fingerprints.set(entry.id, entryFingerprint(entry));
      }
      cursor = await cursor.continue();
    }
    // In chunks with a pause between them: indexing thousands of posts takes seconds and must not freeze the page.
    await index.addAllAsync(docs, { chunkSize: 100 });
    this.fingerprints = fingerprints;
    this.origin = { from: 'built', reindexed: docs.length, removed: 0 };
    return index;
  }

  /** Indexes the current content of `ids` (or drops the ones no longer saved), reading them in one transaction. */
  private async reindex(index: MiniSearch<SearchDoc>, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const tx = this.db.transaction(['entries', 'records']);
    const found = await Promise.all(
      ids.map((id) => Promise.all([tx.objectStore('entries').get(id), tx.objectStore('records').get(id)])),
    );
    ids.forEach((id, i) => {
      const [entry, record] = found[i] ?? [];
      if (!entry || !record) {
        if (index.has(id)) index.discard(id);
        this.fingerprints.delete(id);
        return;
      }
      const doc = searchDoc(entry, record);
      if (index.has(id)) index.replace(doc);
      else index.add(doc);
      this.fingerprints.set(id, entryFingerprint(entry));
    });
  }

  /** Re-indexes posts that were saved or changed (reads them from the database). */
  async update(ids: readonly string[]): Promise<void> {
    if (!this.index && !this.building) return;
    const index = await this.ready();
    await this.serial(() => this.reindex(index, ids));
    this.schedulePersist();
  }

  /** Drops posts from the index. */
  async remove(ids: readonly string[]): Promise<void> {
    if (!this.index && !this.building) return;
    const index = await this.ready();
    await this.serial(async () => {
      for (const id of ids) {
        if (index.has(id)) index.discard(id);
        this.fingerprints.delete(id);
      }
    });
    this.schedulePersist();
  }

  /** The ids of the posts matching a query, best first. */
  async search(query: string, limit = 200): Promise<string[]> {
    const q = query.trim();
    if (!q) return [];
    const index = await this.ready();
    return index
      .search(q)
      .slice(0, limit)
      .map((r: SearchResult) => String(r.id));
  }

  /** The number of indexed posts. */
  async size(): Promise<number> {
    return (await this.ready()).documentCount;
  }

  private schedulePersist(delay = this.persistDelay): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.persist().catch(() => {}), delay);
  }

  /**
   * Writes the index to the database now (a pending delayed write is dropped); it replaces the stored one whole or,
   * on any failure (a full disk), leaves it as it was: the next load then indexes what it lacks.
   */
  persist(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.serial(async () => {
      const index = this.index;
      if (!index) return;
      const generation = await this.checkedGeneration();
      // In steps: the page holding the index keeps answering input while it is packed (serial: nothing changes it).
      const { head, slices } = await snapshotIndexInSteps(
        index as MiniSearch<never>,
        this.fingerprints,
        generation,
        this.sliceSize,
      );
      // Relaxed: the stored index is a cache, a write lost to a crash only means indexing more on the next load.
      const tx = this.db.transaction('search', 'readwrite', { durability: 'relaxed' });
      const done = tx.done;
      done.catch(() => {});
      try {
        await tx.store.clear();
        await tx.store.put(head, 'head');
        // One slice per request, each cloned in its own task (see load).
        for (let i = 0; i < slices.length; i++) await tx.store.put(slices[i], `part:${i}`);
        await done;
      } catch (error) {
        try {
          tx.abort();
        } catch {
          // Already aborted.
        }
        throw error;
      }
    });
  }

  /**
   * The library generation if every entry's fingerprint matches what the index holds (read in one transaction, so
   * the two agree), else null: a later load then checks the entries itself.
   */
  private async checkedGeneration(): Promise<number | null> {
    const tx = this.db.transaction(['entries', 'meta']);
    const [entries, generation] = await Promise.all([
      tx.objectStore('entries').getAll(),
      tx.objectStore('meta').get('generation'),
    ]);
    if (typeof generation !== 'number' || entries.length !== this.fingerprints.size) return null;
    for (const e of entries) if (this.fingerprints.get(e.id) !== entryFingerprint(e)) return null;
    return generation;
  }

  /** Stops a pending delayed write (for a context that is closing its database). */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
