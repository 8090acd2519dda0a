import { describe, expect, test, vi } from 'vitest';
import {
  allTags,
  deleteSaved,
  getSaved,
  isSaved,
  listEntries,
  markSeen,
  putSaved,
  quotaMessage,
  savePosition,
  savePost,
  setRead,
  setTags,
} from '../../lib/store/saved-posts';
import { freshDB, makePost, sanitize } from './helpers';

describe('saving', () => {
  test('one post saved from lesswrong.com, a sequence URL, the Alignment Forum and GreaterWrong is one entry', async () => {
    const db = await freshDB();
    const urls = [
      ['lesswrong', 'https://www.lesswrong.com/posts/abcdefghijklmnopq/a-post'],
      ['lesswrong', 'https://www.lesswrong.com/s/seqseqseqseqseqse/p/abcdefghijklmnopq'],
      ['alignmentforum', 'https://www.alignmentforum.org/posts/abcdefghijklmnopq/a-post'],
      ['greaterwrong', 'https://www.greaterwrong.com/posts/abcdefghijklmnopq/a-post'],
    ] as const;
    for (const [source, url] of urls) {
      const r = await savePost(db, makePost({ source, url }), { sanitize });
      expect(r.ok).toBe(true);
    }
    const { entries, total } = await listEntries(db);
    expect(total).toBe(1);
    expect(entries[0]!.urls).toEqual(urls.map(([, u]) => u));
    expect(entries[0]!.versions).toBe(0);
    expect(entries[0]!.updatedSinceSaved).toBe(false);
  });

  test('a dump copy without an id merges into the site copy by title, and a site copy takes over a dump entry', async () => {
    const db = await freshDB();
    const dump = { id: 'dumphash0000', source: 'text', url: undefined, html: '<p>Flattened text.</p>' } as const;
    await savePost(db, makePost({ ...dump, title: 'Telescopes Need Good Lenses' }), { now: 1 });
    await setTags(db, 'dumphash0000', ['optics']);
    const r = await savePost(db, makePost({ title: 'Telescopes Need Good Lenses' }), { now: 2 });
    expect(r).toMatchObject({ ok: true, id: 'abcdefghijklmnopq', updated: true });
    const { entries, total } = await listEntries(db);
    expect(total).toBe(1);
    expect(entries[0]).toMatchObject({
      id: 'abcdefghijklmnopq',
      source: 'lesswrong',
      tags: ['optics'],
      savedAt: 1,
      versions: 1,
    });
    const again = await savePost(db, makePost({ ...dump, title: 'Telescopes need good lenses' }), { now: 3 });
    expect(again).toMatchObject({ ok: true, id: 'abcdefghijklmnopq', updated: false, created: false });
    expect((await listEntries(db)).total).toBe(1);
  });

  test('every save that changes an entry bumps the library generation (the stored search index relies on it)', async () => {
    const db = await freshDB();
    const generation = () => db.get('meta', 'generation');
    await savePost(db, makePost({ title: 'Telescopes Need Good Lenses' }), { now: 1 });
    expect(await generation()).toBe(1);
    // A dump copy seen at a new address only adds that address to the site copy's entry: still a change.
    const copy = {
      id: 'dumphash0000',
      source: 'text',
      html: '<p>Flattened.</p>',
      title: 'Telescopes Need Good Lenses',
    } as const;
    await savePost(db, makePost({ ...copy, url: 'https://example.org/dump.txt' }), { now: 2 });
    expect((await db.get('entries', 'abcdefghijklmnopq'))?.urls).toContain('https://example.org/dump.txt');
    expect(await generation()).toBe(2);
    // Seen again at the same address: nothing written, nothing bumped.
    await savePost(db, makePost({ ...copy, url: 'https://example.org/dump.txt' }), { now: 3 });
    expect(await generation()).toBe(2);
  });

  test('saving changed content keeps the earlier version and marks the post updated until opened', async () => {
    const db = await freshDB();
    const first = await savePost(db, makePost(), { now: 100 });
    expect(first).toMatchObject({ ok: true, created: true, updated: false, firstSave: true });
    const same = await savePost(db, makePost(), { now: 200 });
    expect(same).toMatchObject({ ok: true, created: false, updated: false, firstSave: false });
    const edited = makePost({ html: `${makePost().html}<p>An added paragraph.</p>` });
    const second = await savePost(db, edited, { now: 300 });
    expect(second).toMatchObject({ ok: true, updated: true });
    const saved = await getSaved(db, 'abcdefghijklmnopq');
    expect(saved!.entry).toMatchObject({ updatedSinceSaved: true, versions: 1, savedAt: 100, updatedAt: 300 });
    expect(saved!.record.post.html).toContain('An added paragraph');
    expect(saved!.record.versions[0]!.post.html).toBe(makePost().html);
    expect(saved!.record.versions[0]!.savedAt).toBe(100);
    await markSeen(db, 'abcdefghijklmnopq');
    expect((await getSaved(db, 'abcdefghijklmnopq'))!.entry.updatedSinceSaved).toBe(false);
    await savePost(db, makePost({ title: 'Retitled' }), { now: 400 });
    expect((await getSaved(db, 'abcdefghijklmnopq'))!.record.versions).toHaveLength(2);
  });

  test('html is sanitised on the way in', async () => {
    const db = await freshDB();
    await savePost(
      db,
      makePost({ html: '<p onclick="alert(1)">Hi<script>alert(2)</script></p><img src=x onerror=alert(3)>' }),
      { sanitize },
    );
    const saved = await getSaved(db, 'abcdefghijklmnopq');
    expect(saved!.record.post.html).not.toMatch(/onclick|onerror|<script/i);
    expect(saved!.record.post.html).toContain('Hi');
  });

  test.each([
    ['no id', { id: '' }],
    ['an unknown source', { source: 'myspace' }],
    ['no html', { html: undefined }],
    ['footnotes that are not a list', { footnotes: 'x' }],
  ])('a post with %s is refused with a message and nothing is stored', async (_name, over) => {
    const db = await freshDB();
    const r = await savePost(db, { ...makePost(), ...over } as never);
    expect(r.ok).toBe(false);
    expect((await listEntries(db)).total).toBe(0);
  });

  test('when the quota is exceeded the whole save is aborted, nothing is half-written, and the message says so', async () => {
    const db = await freshDB();
    await savePost(db, makePost({ id: 'keepkeepkeepkeepk', title: 'Already here' }), { now: 1 });
    const before = await db.getAll('records');
    const original = IDBObjectStore.prototype.put;
    let calls = 0;
    // The record is written first; failing the entry write afterwards proves the record write is rolled back too.
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      calls++;
      if (this.name === 'entries') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args as Parameters<typeof original>);
    });
    const r = await savePost(db, makePost(), { now: 2 });
    spy.mockRestore();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(r).toEqual({ ok: false, reason: 'quota', error: quotaMessage() });
    expect(quotaMessage()).toMatch(/Nothing was changed/);
    expect(await db.getAll('records')).toEqual(before);
    expect((await listEntries(db)).entries.map((e) => e.id)).toEqual(['keepkeepkeepkeepk']);
    expect(await isSaved(db, 'abcdefghijklmnopq')).toBe(false);
  });

  test('a quota error raised by the transaction itself (as browsers do at commit) is reported the same way', async () => {
    const db = await freshDB();
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      const req = original.apply(this, args as Parameters<typeof original>);
      if (this.name === 'meta') {
        Object.defineProperty(this.transaction, 'error', { value: new DOMException('full', 'QuotaExceededError') });
        this.transaction.abort();
      }
      return req;
    });
    const r = await savePost(db, makePost());
    vi.restoreAllMocks();
    expect(r).toMatchObject({ ok: false, reason: 'quota' });
    expect(await db.count('records')).toBe(0);
    expect(await db.count('entries')).toBe(0);
  });
});

describe('the library list', () => {
  test('lists newest first, pages, and filters by tag and site', async () => {
    const db = await freshDB();
    for (let i = 0; i < 7; i++) {
      await savePost(
        db,
        makePost({
          id: `post${i}`.padEnd(17, 'x'),
          title: `Post ${i}`,
          source: i % 2 ? 'alignmentforum' : 'lesswrong',
        }),
        { now: 1000 + i },
      );
    }
    await setTags(db, 'post3'.padEnd(17, 'x'), [' Optics ', 'math', 'optics']);
    await setTags(db, 'post5'.padEnd(17, 'x'), ['optics']);
    const page = await listEntries(db, { limit: 3 });
    expect(page.total).toBe(7);
    expect(page.entries.map((e) => e.title)).toEqual(['Post 6', 'Post 5', 'Post 4']);
    expect((await listEntries(db, { offset: 3, limit: 3 })).entries.map((e) => e.title)).toEqual([
      'Post 3',
      'Post 2',
      'Post 1',
    ]);
    expect((await listEntries(db, { tag: 'optics' })).entries.map((e) => e.title)).toEqual(['Post 5', 'Post 3']);
    expect((await listEntries(db, { source: 'alignmentforum' })).total).toBe(3);
    expect((await listEntries(db, { source: 'lesswrong', tag: 'math' })).total).toBe(0);
    expect(await allTags(db)).toEqual(['math', 'optics']);
  });

  test('delete returns the posts whole so undo restores them exactly', async () => {
    const db = await freshDB();
    await savePost(db, makePost(), { now: 5 });
    await setRead(db, 'abcdefghijklmnopq', true);
    const before = await getSaved(db, 'abcdefghijklmnopq');
    const gone = await deleteSaved(db, ['abcdefghijklmnopq']);
    expect(await isSaved(db, 'abcdefghijklmnopq')).toBe(false);
    await putSaved(db, gone);
    expect(await getSaved(db, 'abcdefghijklmnopq')).toEqual(before);
  });

  test('the reading position is stored with the post', async () => {
    const db = await freshDB();
    await savePost(db, makePost());
    const pos = { headingId: 'more', paragraph: 1, block: 5, fingerprint: 'fourth paragraph.', updatedAt: 9 };
    expect(await savePosition(db, 'abcdefghijklmnopq', pos)).toBe(true);
    expect((await getSaved(db, 'abcdefghijklmnopq'))!.record.position).toEqual(pos);
    expect(await savePosition(db, 'nope', pos)).toBe(false);
  });
});
