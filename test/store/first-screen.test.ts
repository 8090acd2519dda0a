import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { wrap } from 'idb';
import { afterEach, describe, expect, test } from 'vitest';
import { DB_NAME, type LensDatabase, openLensDB } from '../../lib/store/db';
import { readFirstScreen } from '../../lib/store/first-screen';
import { savePost } from '../../lib/store/saved-posts';
import { makePost, sanitize } from './helpers';

const original = globalThis.indexedDB;
afterEach(() => {
  globalThis.indexedDB = original;
});

async function library(n: number) {
  // readFirstScreen opens the library by its real name on the global factory, as reader-boot.js does.
  globalThis.indexedDB = new IDBFactory();
  const db = await openLensDB(DB_NAME);
  for (let i = 0; i < n; i++)
    await savePost(db, makePost({ id: `post${String(i).padStart(13, '0')}`, title: `Post ${i}` }), {
      now: i + 1,
      sanitize,
    });
  db.close();
}

describe('the reader’s first screen, read before its modules run (reader-boot.js)', () => {
  test('opens the library and reads the newest 50 with the total; the page wraps the open database again', async () => {
    await library(60);
    const r = await readFirstScreen('');
    if (!r.ok) throw new Error(r.error);
    expect(r.page?.total).toBe(60);
    expect(r.page?.entries.map((e) => e.title).slice(0, 2)).toEqual(['Post 59', 'Post 58']);
    expect(r.page?.entries).toHaveLength(50);
    // The browser's own object crosses between the two bundles; wrapped again it is a working idb database.
    expect(r.raw).toBeInstanceOf(IDBDatabase);
    const db = wrap(r.raw) as unknown as LensDatabase;
    expect(await db.count('entries')).toBe(60);
    db.close();
  });

  test('a post or a link to save needs no list: only the database is opened', async () => {
    await library(3);
    for (const hash of ['#post=post0000000000001', '#save-link=https%3A%2F%2Fwww.lesswrong.com%2Fposts%2Fx']) {
      const r = await readFirstScreen(hash);
      expect(r.ok && r.page).toBe(null);
      if (r.ok) r.raw.close();
    }
  });

  test('a library that cannot be opened gives the reason in words', async () => {
    globalThis.indexedDB = {
      open: () => {
        throw new DOMException('The user denied permission to access the database.', 'InvalidStateError');
      },
    } as unknown as IDBFactory;
    const r = await readFirstScreen('');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^Lens could not open its library \(.*denied.*\)\. Private windows/);
  });
});
