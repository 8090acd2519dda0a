import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { LensDatabase } from '../../lib/store/db';
import { byTitle, listByTitle, listEntries } from '../../lib/store/list';
import { savePost } from '../../lib/store/saved-posts';
import { freshDB, makePost } from './helpers';

/** The order a 'prev' cursor over by-savedAt walks (newest first; same millisecond: higher id first). */
async function cursorOrder(db: LensDatabase): Promise<string[]> {
  const ids: string[] = [];
  let cursor = await db.transaction('entries').store.index('by-savedAt').openCursor(null, 'prev');
  while (cursor) {
    ids.push(cursor.value.id);
    cursor = await cursor.continue();
  }
  return ids;
}

type Index = { prototype: { getAllRecords?: unknown } };

// Browsers with getAllRecords read a page in one request; the others (and older Chromium) go through a key cursor.
describe.each([
  ['with getAllRecords', false],
  ['without getAllRecords', true],
])('listEntries pages without a filter, %s', (_, hide) => {
  let saved: unknown;
  beforeEach(() => {
    const proto = (globalThis as unknown as { IDBIndex: Index }).IDBIndex.prototype;
    saved = proto.getAllRecords;
    expect(typeof saved).toBe('function');
    if (hide) proto.getAllRecords = undefined;
  });
  afterEach(() => {
    (globalThis as unknown as { IDBIndex: Index }).IDBIndex.prototype.getAllRecords = saved;
  });

  test.each([
    { offset: 0, limit: 1 },
    { offset: 0, limit: 4 },
    { offset: 0, limit: 5 },
    { offset: 2, limit: 3 },
    { offset: 4, limit: 50 },
    { offset: 0, limit: 50 },
    { offset: 12, limit: 5 },
  ])(
    'offset $offset, limit $limit is the cursor order cut at that page, ties in one millisecond included',
    async ({ offset, limit }) => {
      const db = await freshDB(`list-${hide}-${offset}-${limit}`);
      // Twelve posts over five milliseconds: pages start and end inside a run of equal savedAt.
      for (let i = 0; i < 12; i++)
        await savePost(db, makePost({ id: `post${String(i).padStart(2, '0')}`.padEnd(17, 'x'), footnotes: [] }), {
          now: 1000 + Math.floor(i / 3) * 7 + (i === 11 ? 100 : 0),
        });
      const all = await cursorOrder(db);
      expect(all).toHaveLength(12);
      const page = await listEntries(db, { offset, limit });
      expect(page.total).toBe(12);
      expect(page.entries.map((e) => e.id)).toEqual(all.slice(offset, offset + limit));
      db.close();
    },
  );

  test('an empty library lists nothing', async () => {
    const db = await freshDB(`list-${hide}-empty`);
    expect(await listEntries(db)).toEqual({ entries: [], total: 0 });
  });
});

describe('listByTitle', () => {
  const titles = ['banana split', '“Zebra” crossing', 'apple', 'Banana Split', 'Ёж', 'Apricot', '12 rules', 'cherry'];
  test('pages the whole library in title order from the index, the same order byTitle sorts in memory', async () => {
    const db = await freshDB('by-title');
    for (const [i, title] of titles.entries())
      await savePost(db, makePost({ id: `title${i}`.padEnd(17, 'x'), title, footnotes: [] }), { now: 1000 + i });
    const all = (await db.getAll('entries')).sort(byTitle).map((e) => e.title);
    // Case and quotes do not count; copies of one title keep their id order.
    expect(all).toEqual([
      '12 rules',
      'apple',
      'Apricot',
      'banana split',
      'Banana Split',
      'cherry',
      '“Zebra” crossing',
      'Ёж',
    ]);
    for (const limit of [0, 1, 3, 8, 50]) {
      const page = await listByTitle(db, limit);
      expect(page.total).toBe(titles.length);
      expect(page.entries.map((e) => e.title)).toEqual(all.slice(0, limit));
    }
    db.close();
  });

  test('reads only the page, not every entry', async () => {
    const db = await freshDB('by-title-read');
    for (let i = 0; i < 30; i++)
      await savePost(db, makePost({ id: `many${i}`.padEnd(17, 'x'), title: `Post ${i}`, footnotes: [] }), { now: i });
    const getAll = vi.spyOn(IDBIndex.prototype, 'getAll');
    const storeGetAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const page = await listByTitle(db, 5);
    expect(page.entries).toHaveLength(5);
    expect(storeGetAll).not.toHaveBeenCalled();
    expect(getAll).toHaveBeenCalledWith(null, 5);
    getAll.mockRestore();
    storeGetAll.mockRestore();
    db.close();
  });
});
