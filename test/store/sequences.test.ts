import { describe, expect, test } from 'vitest';
import { BACKUP_VERSION, exportLibrary, importLibrary } from '../../lib/export/backup';
import { getSaved, savePost, setRead } from '../../lib/store/saved-posts';
import { deleteSequence, restoreSequence } from '../../lib/store/sequence-removal';
import {
  compareOutlines,
  getSequence,
  listSequences,
  putSequence,
  sequenceProgress,
  sequencesOfPost,
} from '../../lib/store/sequences';
import type { SequenceOutline } from '../../lib/store/types';
import { backupPost, freshDB, makePost, sanitize } from './helpers';

const id = (n: number) => `post${String(n).padStart(13, '0')}`;
const ref = (n: number, version = '1') => ({
  id: id(n),
  title: `Post ${n}`,
  url: `https://www.lesswrong.com/posts/${id(n)}/p`,
  version,
});

function outline(over: Partial<SequenceOutline> = {}): SequenceOutline {
  return {
    id: 'sequenceAbcdefghi',
    kind: 'sequence',
    title: 'A sequence',
    author: 'Ada',
    url: 'https://www.lesswrong.com/s/sequenceAbcdefghi',
    source: 'lesswrong',
    chapters: [
      { title: 'One', posts: [ref(1), ref(2)] },
      { title: 'Two', posts: [ref(3), ref(1)] },
    ],
    ...over,
  };
}

describe('saved sequences', () => {
  test('a sequence is a record of its own: ids in reading order, each once, and each post finds it', async () => {
    const db = await freshDB('seq-a');
    const saved = await putSequence(db, outline(), 1000);
    expect(saved.postIds).toEqual([id(1), id(2), id(3)]);
    expect(saved).toMatchObject({ savedAt: 1000, updatedAt: 1000, title: 'A sequence' });
    await putSequence(db, outline({ id: 'otherSequenceAbcd', chapters: [{ title: 'X', posts: [ref(3)] }] }), 2000);
    expect((await sequencesOfPost(db, id(3))).map((s) => s.id).sort()).toEqual([
      'otherSequenceAbcd',
      'sequenceAbcdefghi',
    ]);
    expect((await listSequences(db)).map((s) => s.id)).toEqual(['otherSequenceAbcd', 'sequenceAbcdefghi']);
    // Saving a newer outline keeps the first save date.
    expect((await putSequence(db, outline({ title: 'Renamed' }), 3000)).savedAt).toBe(1000);
  });

  test('progress counts saved and read posts and names the first unread one', async () => {
    const db = await freshDB('seq-b');
    const record = await putSequence(db, outline());
    for (const n of [1, 2]) await savePost(db, makePost({ id: id(n), title: `Post ${n}` }));
    await setRead(db, id(1), true);
    expect(await sequenceProgress(db, record)).toEqual({ total: 3, saved: 2, read: 1, next: id(2) });
  });

  test('deleting a sequence keeps its posts unless asked, spares posts of another sequence, and undo restores all', async () => {
    const db = await freshDB('seq-c');
    await putSequence(db, outline());
    await putSequence(db, outline({ id: 'otherSequenceAbcd', chapters: [{ title: 'X', posts: [ref(3)] }] }));
    for (const n of [1, 2, 3]) await savePost(db, makePost({ id: id(n) }));
    const keep = await deleteSequence(db, 'sequenceAbcdefghi', { withPosts: false });
    expect(keep?.posts).toEqual([]);
    expect(await getSequence(db, 'sequenceAbcdefghi')).toBeUndefined();
    expect(await getSaved(db, id(1))).toBeDefined();
    await restoreSequence(db, keep!);
    const gone = await deleteSequence(db, 'sequenceAbcdefghi', { withPosts: true });
    expect(gone?.posts.map((p) => p.entry.id).sort()).toEqual([id(1), id(2)]);
    expect(await getSaved(db, id(1))).toBeUndefined();
    expect(await getSaved(db, id(3))).toBeDefined();
    await restoreSequence(db, gone!);
    expect(await getSaved(db, id(1))).toBeDefined();
    expect((await getSequence(db, 'sequenceAbcdefghi'))?.postIds).toEqual([id(1), id(2), id(3)]);
    expect(await deleteSequence(db, 'noSuchSequenceAbc', { withPosts: true })).toBeUndefined();
  });

  test('checking for updates lists added, removed and edited posts and changes nothing', () => {
    const before = outline();
    const after = outline({
      chapters: [
        { title: 'One', posts: [ref(1, '2'), ref(4)] },
        { title: 'Two', posts: [ref(3)] },
      ],
    });
    const changes = compareOutlines(before, after);
    expect(changes.added.map((p) => p.id)).toEqual([id(4)]);
    expect(changes.removed.map((p) => p.id)).toEqual([id(2)]);
    expect(changes.edited.map((p) => p.id)).toEqual([id(1)]);
    expect(changes.reordered).toBe(true);
    expect(compareOutlines(before, outline())).toEqual({ added: [], removed: [], edited: [], reordered: false });
  });
});

describe('backups carry sequences', () => {
  test('export then import brings the sequence back', async () => {
    const source = await freshDB('seq-d');
    await savePost(source, makePost({ id: id(1) }));
    await putSequence(source, outline(), 5000);
    const backup = await exportLibrary(source, new Date('2026-04-02T00:00:00Z'));
    expect(backup.version).toBe(BACKUP_VERSION);
    expect(backup.sequences).toHaveLength(1);
    const target = await freshDB('seq-e');
    const report = await importLibrary(target, JSON.stringify(backup), sanitize);
    expect(report).toMatchObject({ ok: true, added: 1, sequences: 1 });
    expect(await getSequence(target, 'sequenceAbcdefghi')).toEqual(await getSequence(source, 'sequenceAbcdefghi'));
  });

  test('a version-1 backup (no sequences) still imports', async () => {
    const target = await freshDB('seq-f');
    const old = {
      format: 'lens-backup',
      version: 1,
      exportedAt: '2025-01-01T00:00:00Z',
      posts: [backupPost(makePost({ id: id(9) }))],
    };
    expect(await importLibrary(target, JSON.stringify(old), sanitize)).toMatchObject({
      ok: true,
      added: 1,
      sequences: 0,
    });
    // A version-1 file cannot carry sequences: the field is refused as damage, as any unknown field is.
    const bad = { ...old, sequences: [] };
    expect(await importLibrary(target, JSON.stringify(bad), sanitize)).toMatchObject({ ok: false });
  });

  test.each([
    ['a script address', { url: 'javascript:alert(1)' }, /not a web address/],
    ['an unknown kind', { kind: 'shelf' }, /kind/],
    ['a malformed chapter', { chapters: [{ title: 1, posts: [] }] }, /chapter 1/],
    ['an extra field', { extra: true }, /unexpected field/],
  ])('a backup with a sequence with %s is refused and changes nothing', async (_name, change, message) => {
    const target = await freshDB('seq-g');
    const sequence = { ...outline(), postIds: [id(1)], savedAt: 1, updatedAt: 1, ...change };
    const file = {
      format: 'lens-backup',
      version: 2,
      exportedAt: '2026-01-01T00:00:00Z',
      posts: [],
      sequences: [sequence],
    };
    const r = await importLibrary(target, JSON.stringify(file), sanitize);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
    expect(await listSequences(target)).toEqual([]);
  });
});
