import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test } from 'vitest';
import { DB_VERSION, openLensDB } from '../../lib/store/db';
import { MIGRATIONS } from '../../lib/store/migrations';
import { deleteSaved, getSaved, listEntries, savePost } from '../../lib/store/saved-posts';
import { LibrarySearch } from '../../lib/store/search';
import { getSequence, putSequence, sequencesOfPost } from '../../lib/store/sequences';
import type { PostRecord, SavedEntry, SaveJob, SequenceRecord } from '../../lib/store/types';
import { type DBSnapshot, restoreSnapshot, snapshotDB } from '../fixtures-store/snapshot';
import { makePost } from './helpers';
import 'fake-indexeddb/auto';
import { unwrap } from 'idb';

const DIR = join(import.meta.dirname, '..', 'fixtures-store');
const fixtures = readdirSync(DIR)
  .filter((f) => /^lens-library-v\d+\.json$/.test(f))
  .sort();

describe('database upgrades', () => {
  test('there is one migration per version and a snapshot of the current version is committed', () => {
    expect(MIGRATIONS).toHaveLength(DB_VERSION);
    expect(fixtures).toContain(`lens-library-v${DB_VERSION}.json`);
  });

  test.each(fixtures)('%s opens with the current code through the upgrade path and loses nothing', async (file) => {
    const snap = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as DBSnapshot;
    const factory = new IDBFactory();
    await restoreSnapshot(factory, snap);
    const db = await openLensDB(snap.name, factory);
    expect(db.version).toBe(DB_VERSION);
    const entries = snap.stores.entries!.records.map((r) => r.value as SavedEntry);
    const records = new Map(
      snap.stores.records!.records.map((r) => [(r.value as PostRecord).id, r.value as PostRecord]),
    );
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const saved = await getSaved(db, entry.id);
      expect(saved, entry.id).toBeDefined();
      const before = records.get(entry.id)!;
      expect(saved!.record.post).toEqual(before.post);
      expect(saved!.record.versions).toEqual(before.versions);
      expect(saved!.record.position).toEqual(before.position);
      expect(saved!.entry).toMatchObject({
        tags: entry.tags,
        read: entry.read,
        savedAt: entry.savedAt,
        urls: entry.urls,
      });
    }
    // The indexes answer after the upgrade: newest-first list, tag and site filters.
    const list = await listEntries(db);
    expect(list.total).toBe(entries.length);
    expect(list.entries.map((e) => e.savedAt)).toEqual([...entries.map((e) => e.savedAt)].sort((a, b) => b - a));
    for (const tag of new Set(entries.flatMap((e) => e.tags))) {
      expect((await listEntries(db, { tag })).total).toBe(entries.filter((e) => e.tags.includes(tag)).length);
    }
    // The search index store exists (version 2) and the upgraded library is searchable, every post by its title.
    expect([...db.objectStoreNames]).toContain('search');
    const search = new LibrarySearch(db);
    for (const entry of entries) expect(await search.search(entry.title), entry.title).toContain(entry.id);
    await search.persist();
    expect(await db.count('search')).toBeGreaterThan(1);
    // And it takes new saves.
    expect((await savePost(db, makePost({ id: 'afterupgradeafter' }))).ok).toBe(true);
    // The image store exists (version 3), empty after an upgrade, and takes an image that a delete releases again.
    expect([...db.objectStoreNames]).toContain('images');
    expect(await db.count('images')).toBe(0);
    const src = 'https://res.cloudinary.com/x/figure.png';
    const withImage = makePost({ id: 'upgradedimagepost', html: `<p><img src="${src}"></p>` });
    const images = {
      fetch: (async () => new Response('PNG', { headers: { 'content-type': 'image/png' } })) as typeof fetch,
      allowedOrigins: async (o: readonly string[]) => new Set(o),
    };
    const saved = await savePost(db, withImage, { images });
    expect(saved.ok && saved.images?.kept).toBe(1);
    expect((await db.getAllFromIndex('images', 'by-post', 'upgradedimagepost')).map((i) => i.url)).toEqual([src]);
    await deleteSaved(db, ['upgradedimagepost']);
    expect(await db.count('images')).toBe(0);
    // Version 4: saved sequences and their jobs; a snapshot's sequence survives, an upgraded library takes new ones.
    expect([...db.objectStoreNames]).toEqual(expect.arrayContaining(['sequences', 'jobs']));
    for (const r of snap.stores.sequences?.records ?? []) {
      const before = r.value as SequenceRecord;
      expect(await getSequence(db, before.id)).toEqual(before);
      for (const postId of before.postIds)
        expect((await sequencesOfPost(db, postId)).map((x) => x.id)).toContain(before.id);
    }
    for (const r of snap.stores.jobs?.records ?? [])
      expect(await db.get('jobs', (r.value as SaveJob).id)).toEqual(r.value);
    const outline = {
      id: 'upgradedSequence1',
      kind: 'sequence' as const,
      title: 'After the upgrade',
      url: 'https://www.lesswrong.com/s/upgradedSequence1',
      source: 'lesswrong' as const,
      chapters: [
        {
          title: 'One',
          posts: [{ id: 'afterupgradeafter', title: 'x', url: 'https://www.lesswrong.com/posts/afterupgradeafter/x' }],
        },
      ],
    };
    await putSequence(db, outline);
    expect((await sequencesOfPost(db, 'afterupgradeafter')).map((x) => x.id)).toEqual(['upgradedSequence1']);
    // The posts that came through the upgrade are still all there.
    for (const entry of entries) expect(await getSaved(db, entry.id), entry.id).toBeDefined();
    db.close();
  });

  test('a snapshot restored and snapshotted again is identical (the fixture tooling itself loses nothing)', async () => {
    const file = fixtures.at(-1)!;
    const snap = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as DBSnapshot;
    const factory = new IDBFactory();
    await restoreSnapshot(factory, snap);
    const db = await openLensDB(snap.name, factory);
    expect(await snapshotDB(unwrap(db))).toEqual(snap);
    db.close();
  });
});
