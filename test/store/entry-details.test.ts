import { describe, expect, test } from 'vitest';
import { fillEntryDetails, getSaved, savePosition, savePost } from '../../lib/store/saved-posts';
import { EXCERPT_CHARS, entryDetails } from '../../lib/store/text';
import { freshDB, makePost, sanitize } from './helpers';

describe('entry details (excerpt, words, progress)', () => {
  test('a save stores the opening words and the word count on the entry', async () => {
    const db = await freshDB();
    await savePost(db, makePost(), { sanitize });
    const entry = (await db.get('entries', 'abcdefghijklmnopq'))!;
    expect(entry.excerpt).toMatch(/^Intro First paragraph about telescopes\./);
    expect(entry.words).toBeGreaterThan(10);
  });

  test.each([
    ['a short body is kept whole', '<p>Two words</p>', 'Two words', 2],
    ['an empty body has no words', '', '', 0],
  ])('%s', (_name, html, excerpt, words) => {
    expect(entryDetails({ html })).toEqual({ excerpt, words });
  });

  test('a long body is cut at a word, with an ellipsis', () => {
    const html = `<p>${'lorem ipsum '.repeat(100)}</p>`;
    const { excerpt, words } = entryDetails({ html });
    expect(words).toBe(200);
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_CHARS + 1);
    expect(excerpt).toMatch(/(lorem|ipsum)…$/);
  });

  test('an entry saved before excerpts existed gets them from its record, once', async () => {
    const db = await freshDB();
    await savePost(db, makePost(), { sanitize });
    await savePost(db, makePost({ id: 'bbbbbbbbbbbbbbbbb', title: 'Another' }), { sanitize });
    // As an older Lens stored it: no excerpt, no words.
    for (const id of ['abcdefghijklmnopq', 'bbbbbbbbbbbbbbbbb']) {
      const { excerpt: _e, words: _w, ...old } = (await db.get('entries', id))!;
      await db.put('entries', old);
    }
    expect(await fillEntryDetails(db, 1)).toBe(1);
    expect(await fillEntryDetails(db, 1)).toBe(1);
    expect(await fillEntryDetails(db, 1)).toBe(0);
    for (const id of ['abcdefghijklmnopq', 'bbbbbbbbbbbbbbbbb']) {
      const entry = (await db.get('entries', id))!;
      expect(entry.excerpt).toContain('First paragraph');
      expect(entry.words).toBeGreaterThan(10);
    }
  });

  test('a library with nothing to fill is only read: no read-write transaction holds up other reads', async () => {
    const db = await freshDB();
    await savePost(db, makePost(), { sanitize });
    await savePost(db, makePost({ id: 'bbbbbbbbbbbbbbbbb', title: 'Another' }), { sanitize });
    const modes: string[] = [];
    const transaction = db.transaction.bind(db);
    db.transaction = ((names: never, mode?: IDBTransactionMode) => {
      modes.push(mode ?? 'readonly');
      return transaction(names, mode);
    }) as typeof db.transaction;
    expect(await fillEntryDetails(db)).toBe(0);
    expect(modes).toEqual(['readonly']);
  });

  test('a reading position with its fraction sets the progress, which a later save keeps', async () => {
    const db = await freshDB();
    await savePost(db, makePost(), { sanitize });
    const position = { headingId: 'more', paragraph: 0, block: 4, fingerprint: 'third', updatedAt: 1234 };
    expect(await savePosition(db, 'abcdefghijklmnopq', position, 0.6)).toBe(true);
    expect((await db.get('entries', 'abcdefghijklmnopq'))!.progress).toBe(0.6);
    await savePost(db, makePost({ html: `${makePost().html}<p>New ending.</p>` }), { sanitize });
    const saved = (await getSaved(db, 'abcdefghijklmnopq'))!;
    expect(saved.entry.progress).toBe(0.6);
    expect(saved.entry.readAt).toBe(1234);
    expect(saved.record.position).toEqual(position);
  });
});

describe('backups and progress', () => {
  test('a backup of a post with progress is accepted and gives the progress back', async () => {
    const { makeBackup, parseBackup, fromBackupPost } = await import('../../lib/export/backup');
    const db = await freshDB();
    await savePost(db, makePost(), { sanitize });
    const position = { headingId: 'more', paragraph: 0, block: 4, fingerprint: 'third', updatedAt: 99 };
    await savePosition(db, 'abcdefghijklmnopq', position, 0.5);
    const check = parseBackup(JSON.stringify(makeBackup([(await getSaved(db, 'abcdefghijklmnopq'))!])));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const back = fromBackupPost(check.backup.posts[0]!);
    expect(back.entry).toMatchObject({ progress: 0.5, readAt: 99 });
    expect(back.entry.excerpt).toContain('First paragraph');
  });
});
