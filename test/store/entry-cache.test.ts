import { describe, expect, test, vi } from 'vitest';
import { EntryCache } from '../../lib/store/entry-cache';
import { deleteSaved, savePost } from '../../lib/store/saved-posts';
import { freshDB, makePost, sanitize } from './helpers';

async function library(n: number) {
  const db = await freshDB();
  for (let i = 0; i < n; i++)
    await savePost(db, makePost({ id: `post${String(i).padStart(13, '0')}`, title: `Post ${i}` }), {
      now: i + 1,
      sanitize,
    });
  return db;
}
const id = (i: number) => `post${String(i).padStart(13, '0')}`;

describe('EntryCache', () => {
  test('gives the entries of ids in the order asked, leaving out ids with no entry', async () => {
    const db = await library(4);
    const cache = new EntryCache(db);
    const got = await cache.get([id(2), 'missingmissingmis', id(0), id(3)]);
    expect(got.map((e) => e.title)).toEqual(['Post 2', 'Post 0', 'Post 3']);
  });

  test('reads from the database only what it does not hold, and nothing once everything is loaded', async () => {
    const db = await library(5);
    const cache = new EntryCache(db);
    cache.add([await db.get('entries', id(1)).then((e) => e!)]);
    const read = vi.spyOn(db, 'transaction');
    await cache.get([id(1)]);
    expect(read).not.toHaveBeenCalled();
    await cache.get([id(1), id(2)]);
    expect(read).toHaveBeenCalledTimes(1);
    await cache.get([id(2)]);
    expect(read).toHaveBeenCalledTimes(1);
    await cache.loadAll();
    read.mockClear();
    expect((await cache.get([id(4), id(0)])).map((e) => e.title)).toEqual(['Post 4', 'Post 0']);
    expect(read).not.toHaveBeenCalled();
  });

  test('after clear() it reads again: a deleted or changed post is not served from memory', async () => {
    const db = await library(3);
    const cache = new EntryCache(db);
    await cache.loadAll();
    await deleteSaved(db, [id(1)]);
    await savePost(db, makePost({ id: id(2), title: 'Renamed' }), { now: 10, sanitize });
    expect((await cache.get([id(1), id(2)])).map((e) => e.title)).toEqual(['Post 1', 'Post 2']);
    cache.clear();
    expect((await cache.get([id(1), id(2)])).map((e) => e.title)).toEqual(['Renamed']);
  });

  test('a load under way when the library changes is not kept', async () => {
    const db = await library(3);
    const cache = new EntryCache(db);
    const loading = cache.loadAll();
    cache.clear();
    await loading;
    await savePost(db, makePost({ id: id(0), title: 'Changed' }), { now: 10, sanitize });
    expect((await cache.get([id(0)])).map((e) => e.title)).toEqual(['Changed']);
  });

  test('all() reads the library once, then answers from memory until cleared', async () => {
    const db = await library(6);
    const cache = new EntryCache(db);
    const read = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    expect((await cache.all()).map((e) => e.title).sort()).toEqual([
      'Post 0',
      'Post 1',
      'Post 2',
      'Post 3',
      'Post 4',
      'Post 5',
    ]);
    expect(await cache.all()).toHaveLength(6);
    expect(read).toHaveBeenCalledTimes(1);
    await deleteSaved(db, [id(0)]);
    cache.clear();
    expect(await cache.all()).toHaveLength(5);
    expect(read).toHaveBeenCalledTimes(2);
    read.mockRestore();
  });
});
