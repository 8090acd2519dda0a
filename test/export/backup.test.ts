import { describe, expect, test } from 'vitest';
import {
  type BackupPost,
  exportLibrary,
  importLibrary,
  mergeBackupPost,
  validateBackup,
} from '../../lib/export/backup';
import { allSaved, getSaved, savePosition, savePost, setRead, setTags } from '../../lib/store/saved-posts';
import { backupPost, freshDB, makePost, sanitize } from '../store/helpers';

async function library() {
  const db = await freshDB('source');
  await savePost(db, makePost(), { now: 100, sanitize });
  await savePost(db, makePost({ html: '<p>Edited body.</p>' }), { now: 200, sanitize });
  await savePost(
    db,
    makePost({ id: 'otherotherotherot', title: 'Other', author: undefined, source: 'alignmentforum' }),
    { now: 300, sanitize },
  );
  await savePost(db, makePost({ id: 'dumpdump', source: 'text', title: 'From a dump', url: undefined }), {
    now: 400,
    sanitize,
  });
  await setTags(db, 'abcdefghijklmnopq', ['optics', 'to read']);
  await setRead(db, 'otherotherotherot', true);
  await savePosition(db, 'abcdefghijklmnopq', {
    headingId: null,
    paragraph: 0,
    block: 0,
    fingerprint: 'edited body.',
    updatedAt: 250,
  });
  return db;
}

describe('JSON backup', () => {
  test('export then import into an empty library gives the same library, and exporting again gives the same file', async () => {
    const source = await library();
    const backup = await exportLibrary(source, new Date('2026-04-02T00:00:00Z'));
    expect(backup).toMatchObject({ format: 'lens-backup', version: 2, exportedAt: '2026-04-02T00:00:00.000Z' });
    expect(backup.posts).toHaveLength(3);
    const target = await freshDB('target');
    const report = await importLibrary(target, JSON.stringify(backup), sanitize);
    expect(report).toEqual({ ok: true, added: 3, merged: 0, unchanged: 0, versionsKept: 1, total: 3, sequences: 0 });
    expect(await allSaved(target)).toEqual(await allSaved(source));
    expect(await exportLibrary(target, new Date('2026-04-02T00:00:00Z'))).toEqual(backup);
    const again = await importLibrary(target, JSON.stringify(backup), sanitize);
    expect(again).toMatchObject({ ok: true, added: 0, merged: 0, unchanged: 3 });
  });

  test.each([
    ['not JSON', '{"format":', /not valid JSON/],
    ['another program’s JSON', '{"bookmarks":[]}', /not a Lens backup/],
    [
      'a newer format',
      '{"format":"lens-backup","version":3,"exportedAt":"2026-01-01T00:00:00Z","posts":[]}',
      /newer Lens/,
    ],
    [
      'a post without html',
      JSON.stringify({
        format: 'lens-backup',
        version: 1,
        exportedAt: '2026-01-01T00:00:00Z',
        posts: [{ ...backupPost(), post: { ...makePost(), html: 1 } }],
      }),
      /post 1: post: html missing/,
    ],
    [
      'an unknown field',
      JSON.stringify({
        format: 'lens-backup',
        version: 1,
        exportedAt: '2026-01-01T00:00:00Z',
        posts: [{ ...backupPost(), extra: 1 }],
      }),
      /unexpected field "extra"/,
    ],
    [
      'a post twice',
      JSON.stringify({
        format: 'lens-backup',
        version: 1,
        exportedAt: '2026-01-01T00:00:00Z',
        posts: [backupPost(), backupPost()],
      }),
      /appears twice/,
    ],
    [
      'tags that are not text',
      JSON.stringify({
        format: 'lens-backup',
        version: 1,
        exportedAt: '2026-01-01T00:00:00Z',
        posts: [{ ...backupPost(), tags: [1] }],
      }),
      /tags/,
    ],
  ])('a file that is %s is refused with a clear error and changes nothing', async (_name, text, error) => {
    const db = await library();
    const before = await allSaved(db);
    const report = await importLibrary(db, text, sanitize);
    expect(report.ok).toBe(false);
    expect(!report.ok && report.error).toMatch(error);
    expect(await allSaved(db)).toEqual(before);
  });

  test('a valid file with one bad post changes nothing at all', async () => {
    const db = await freshDB();
    const good = backupPost();
    const bad = { ...backupPost(), post: { ...makePost({ id: 'zzzzzzzzzzzzzzzzz' }), footnotes: [{ id: 1 }] } };
    const report = await importLibrary(
      db,
      JSON.stringify({ format: 'lens-backup', version: 1, exportedAt: '2026-01-01T00:00:00Z', posts: [good, bad] }),
    );
    expect(report.ok).toBe(false);
    expect(await allSaved(db)).toEqual([]);
  });

  test('importing merges without losing anything: newer content current, older kept as a version, tags unioned', async () => {
    const db = await freshDB();
    await savePost(db, makePost({ html: '<p>Old body.</p>' }), { now: 100 });
    await setTags(db, 'abcdefghijklmnopq', ['mine']);
    const incoming: BackupPost = {
      ...backupPost(),
      post: makePost({ html: '<p>New body.</p>' }),
      tags: ['theirs'],
      updatedAt: 500,
      savedAt: 50,
    };
    const report = await importLibrary(
      db,
      JSON.stringify({ format: 'lens-backup', version: 1, exportedAt: '2026-01-01T00:00:00Z', posts: [incoming] }),
    );
    expect(report).toMatchObject({ ok: true, merged: 1, versionsKept: 1 });
    const saved = await getSaved(db, 'abcdefghijklmnopq');
    expect(saved!.record.post.html).toBe('<p>New body.</p>');
    expect(saved!.record.versions.map((v) => v.post.html)).toEqual(['<p>Old body.</p>']);
    expect(saved!.entry).toMatchObject({
      tags: ['mine', 'theirs'],
      savedAt: 50,
      updatedAt: 500,
      updatedSinceSaved: true,
    });
  });

  test('merging an older copy keeps the current content and adds the older one as a version', () => {
    const current: BackupPost = { ...backupPost(), post: makePost({ html: '<p>B</p>' }), updatedAt: 900, read: true };
    const older: BackupPost = { ...backupPost(), post: makePost({ html: '<p>A</p>' }), updatedAt: 100 };
    const { merged, outcome } = mergeBackupPost(current, older);
    expect(outcome).toBe('merged');
    expect(merged.post.html).toBe('<p>B</p>');
    expect(merged.versions.map((v) => v.post.html)).toEqual(['<p>A</p>']);
    expect(merged.read).toBe(true);
  });

  test('a minimal valid backup validates', () => {
    expect(
      validateBackup({ format: 'lens-backup', version: 1, exportedAt: '2026-01-01T00:00:00Z', posts: [backupPost()] })
        .ok,
    ).toBe(true);
  });
});
