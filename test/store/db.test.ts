import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { describe, expect, test } from 'vitest';
import { DB_VERSION, type LensDatabase, openLensDB, sharedLensDB } from '../../lib/store/db';

describe('the library connection', () => {
  test('openLensDB closes and says so when a newer schema opens elsewhere', async () => {
    const factory = new IDBFactory();
    let closed = 0;
    const db = await openLensDB('lens-close', factory, () => closed++);
    const saved = globalThis.indexedDB;
    globalThis.indexedDB = factory;
    try {
      const newer = await openDB('lens-close', DB_VERSION + 1);
      newer.close();
    } finally {
      globalThis.indexedDB = saved;
    }
    expect(closed).toBe(1);
    expect(() => db.transaction('entries')).toThrow();
  });

  test('sharedLensDB keeps one connection, and opens a fresh one after it closed or failed to open', async () => {
    const closers: (() => void)[] = [];
    let fail = false;
    const opened: LensDatabase[] = [];
    const shared = sharedLensDB((onClose) => {
      closers.push(onClose);
      if (fail) return Promise.reject(new Error('no room'));
      const db = { n: opened.length } as unknown as LensDatabase;
      opened.push(db);
      return Promise.resolve(db);
    });
    const first = await shared();
    expect(await shared()).toBe(first);
    expect(opened).toHaveLength(1);

    closers[0]?.();
    const second = await shared();
    expect(second).not.toBe(first);
    expect(await shared()).toBe(second);
    // A late notice from the old connection does not drop the new one.
    closers[0]?.();
    expect(await shared()).toBe(second);

    closers[1]?.();
    fail = true;
    await expect(shared()).rejects.toThrow('no room');
    fail = false;
    const third = await shared();
    expect(opened).toHaveLength(3);
    expect(third).toBe(opened[2]);
  });
});
