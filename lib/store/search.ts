import MiniSearch, { type SearchResult } from 'minisearch';
import type { LensDatabase } from './db';
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

/** Full-text search over the library, built lazily from the database and kept up to date by add/remove/replace. */
export class LibrarySearch {
  private index: MiniSearch<SearchDoc> | undefined;
  private building: Promise<MiniSearch<SearchDoc>> | undefined;

  constructor(private readonly db: LensDatabase) {}

  /** Builds the index from every saved post once; later calls return the same index. */
  ready(): Promise<MiniSearch<SearchDoc>> {
    if (this.index) return Promise.resolve(this.index);
    this.building ??= this.build();
    return this.building;
  }

  private async build(): Promise<MiniSearch<SearchDoc>> {
    const index = new MiniSearch<SearchDoc>(OPTIONS);
    const tx = this.db.transaction(['entries', 'records']);
    const entries = new Map((await tx.objectStore('entries').getAll()).map((e) => [e.id, e]));
    let cursor = await tx.objectStore('records').openCursor();
    const docs: SearchDoc[] = [];
    while (cursor) {
      const entry = entries.get(cursor.key);
      if (entry) docs.push(searchDoc(entry, cursor.value));
      cursor = await cursor.continue();
    }
    // In chunks with a pause between them: indexing thousands of posts takes seconds and must not freeze the page.
    await index.addAllAsync(docs, { chunkSize: 100 });
    this.index = index;
    return index;
  }

  /** Re-indexes posts that were saved or changed (reads them from the database). */
  async update(ids: readonly string[]): Promise<void> {
    if (!this.index && !this.building) return;
    const index = await this.ready();
    for (const id of ids) {
      const tx = this.db.transaction(['entries', 'records']);
      const [entry, record] = await Promise.all([tx.objectStore('entries').get(id), tx.objectStore('records').get(id)]);
      if (!entry || !record) {
        if (index.has(id)) index.discard(id);
        continue;
      }
      const doc = searchDoc(entry, record);
      if (index.has(id)) index.replace(doc);
      else index.add(doc);
    }
  }

  /** Drops posts from the index. */
  async remove(ids: readonly string[]): Promise<void> {
    if (!this.index && !this.building) return;
    const index = await this.ready();
    for (const id of ids) if (index.has(id)) index.discard(id);
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
}
