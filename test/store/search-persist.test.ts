import type MiniSearch from 'minisearch';
import { describe, expect, test, vi } from 'vitest';
import type { LensDatabase } from '../../lib/store/db';
import { deleteSaved, savePost, setTags } from '../../lib/store/saved-posts';
import { LibrarySearch, type SearchDoc } from '../../lib/store/search';
import { INDEX_FORMAT, snapshotIndex, snapshotIndexInSteps } from '../../lib/store/search-snapshot';
import { QUERIES, synthetic, syntheticNow } from '../bench/corpus';
import { freshDB, makePost } from './helpers';

// Queries over every searched field: title words, author, body words, footnote words, prefixes and typos.
const ASKED = [...QUERIES, 'post 12', 'author 7', 'alignment', 'entrop', 'telescpe', 'optics', 'lenses', 'ada'];

async function library(n: number): Promise<LensDatabase> {
  const db = await freshDB();
  for (let i = 0; i < n; i++) await savePost(db, synthetic(i), { now: syntheticNow(i) });
  await savePost(db, makePost());
  return db;
}

/** Every result of every query, in order, with scores and matched terms. */
async function answers(search: LibrarySearch) {
  const index: MiniSearch<SearchDoc> = await search.ready();
  return ASKED.map((q) => ({ q, results: index.search(q) }));
}

/** The same posts in the same order, scores equal up to float rounding (incremental averages round differently). */
function expectSameAnswers(got: Awaited<ReturnType<typeof answers>>, want: Awaited<ReturnType<typeof answers>>) {
  expect(got.map((a) => a.q)).toEqual(want.map((a) => a.q));
  got.forEach((a, i) => {
    const w = want[i]!.results;
    expect(a.results.map((r) => r.id).sort(), a.q).toEqual(w.map((r) => r.id).sort());
    const score = new Map(w.map((r) => [r.id, r.score]));
    for (const r of a.results) expect(r.score, `${a.q}: ${r.id}`).toBeCloseTo(score.get(r.id)!, 9);
  });
}

describe('the stored search index', () => {
  test('a snapshot taken in steps (pausing between them) is the same as one taken at once', async () => {
    const db = await library(300);
    const search = new LibrarySearch(db);
    const index = (await search.ready()) as unknown as MiniSearch<never>;
    const fingerprints = new Map([['a', 'b']]);
    const whole = snapshotIndex(index, fingerprints, 7, 4096);
    let pauses = 0;
    // Every entry of the tree's root is a step when a step may take no time at all.
    const stepped = await snapshotIndexInSteps(index, fingerprints, 7, 4096, 0, async () => {
      pauses++;
    });
    expect(whole.slices.length).toBeGreaterThan(2);
    expect(pauses).toBeGreaterThan(2);
    expect(stepped).toEqual(whole);
    search.dispose();
  });

  test('postings are stored 16-bit while they fit, 32-bit past the 65,536th indexing, and both restore the same', async () => {
    const db = await library(40);
    const search = new LibrarySearch(db);
    const index = (await search.ready()) as unknown as MiniSearch<never>;
    const small = snapshotIndex(index, new Map(), 1);
    expect(small.slices.every((s) => s.packed instanceof Uint16Array)).toBe(true);
    // A library indexed for a long while: MiniSearch's short ids only grow (every re-index takes a new one).
    const internal = index as unknown as { _nextId: number };
    internal._nextId = 70_000;
    const late = makePost({ id: 'latelatelatelatel', title: 'Late telescope post', footnotes: [] });
    await savePost(db, late);
    await search.update([late.id]);
    expect(snapshotIndex(index, new Map(), 2).slices.some((s) => s.packed instanceof Uint32Array)).toBe(true);
    // Written and read back by another context: the same answers as the index in memory.
    await search.persist();
    const parts = (await db.getAll('search')).filter((v) => (v as { packed?: unknown }).packed);
    expect(parts.some((p) => (p as { packed: unknown }).packed instanceof Uint32Array)).toBe(true);
    const again = new LibrarySearch(db);
    expectSameAnswers(await answers(again), await answers(search));
    expect(again.origin?.from).toBe('stored');
    expect((await again.search('late telescope')).includes(late.id)).toBe(true);
    again.dispose();
    search.dispose();
  });

  test('a new context loads the stored index instead of building it, and answers exactly as the built one', async () => {
    const db = await library(60);
    // Small slices, so the tree is cut and put back together across many records.
    const first = new LibrarySearch(db, { sliceSize: 2000 });
    const built = await answers(first);
    expect(first.origin).toEqual({ from: 'built', reindexed: 61, removed: 0 });
    await first.persist();
    expect(await db.count('search')).toBeGreaterThan(5);
    // Nothing changed since the write (same library generation): the entries are not even read.
    const getAll = vi.spyOn(db, 'getAll');
    const second = new LibrarySearch(db);
    const loaded = await answers(second);
    expect(second.origin).toEqual({ from: 'stored', reindexed: 0, removed: 0 });
    expect(getAll.mock.calls.filter(([store]) => store === 'entries')).toEqual([]);
    // Same internal state: identical results, scores and matched terms, in the same order.
    expect(loaded).toEqual(built);
    expect(loaded.find((a) => a.q === 'optics')!.results.map((r) => r.id)).toEqual(['abcdefghijklmnopq']);
    // Written again after use (postings unpacked by the queries above, or still packed), it reads back the same.
    await second.persist();
    expect(await answers(new LibrarySearch(db))).toEqual(built);
    // Not a comparison of empty answers: most queries find posts.
    expect(loaded.filter((a) => a.results.length > 0).length).toBeGreaterThan(ASKED.length / 2);
  });

  test('changes made while the index was not loaded (another context) are found and indexed on load', async () => {
    const db = await library(40);
    const search = new LibrarySearch(db);
    await search.ready();
    await search.persist();
    // Another context: a new post, a changed post, a deleted post, a tag change (not searched).
    await savePost(db, makePost({ id: 'newnewnewnewnewne', title: 'Periscopes', footnotes: [] }));
    await savePost(db, { ...synthetic(3), html: '<p>Completely rewritten about gyroscopes.</p>' }, { now: 1 });
    await deleteSaved(db, [synthetic(5).id]);
    await setTags(db, synthetic(7).id, ['kept']);
    const later = new LibrarySearch(db);
    expect(await later.search('periscopes')).toEqual(['newnewnewnewnewne']);
    expect(await later.search('gyroscopes')).toEqual([synthetic(3).id]);
    expect(await later.search('post 5')).not.toContain(synthetic(5).id);
    expect(later.origin).toEqual({ from: 'stored', reindexed: 2, removed: 1 });
    expect(await later.size()).toBe(41);
    expectSameAnswers(await answers(later), await answers(new LibrarySearch(db)));
  });

  test('saves and deletes update the index in memory at once and the stored index after a pause', async () => {
    const db = await library(20);
    const search = new LibrarySearch(db, { persistDelay: 20 });
    await search.ready();
    await savePost(db, makePost({ id: 'thirdthirdthirdth', title: 'Optics for beginners', footnotes: [] }));
    await search.update(['thirdthirdthirdth']);
    await deleteSaved(db, [synthetic(2).id]);
    await search.remove([synthetic(2).id]);
    expect(await search.search('beginners')).toEqual(['thirdthirdthirdth']);
    // The debounced write lands: a context opened after it needs to index nothing.
    let origin: LibrarySearch['origin'];
    for (let i = 0; i < 100 && (origin?.reindexed !== 0 || origin.removed !== 0); i++) {
      await new Promise((r) => setTimeout(r, 20));
      const probe = new LibrarySearch(db);
      await probe.ready();
      origin = probe.origin;
      // Only looks: a probe left open would write its own index two seconds later, into the next test's time.
      probe.dispose();
    }
    expect(origin).toEqual({ from: 'stored', reindexed: 0, removed: 0 });
    const reloaded = new LibrarySearch(db);
    expect(await reloaded.search('beginners')).toEqual(['thirdthirdthirdth']);
    expect(await reloaded.search(`post 2 on`)).not.toContain(synthetic(2).id);
    expectSameAnswers(await answers(reloaded), await answers(search));
  });

  // The interleaving behind issue 10's flaky test, in order: one context holds the index and deletes or re-saves a
  // post; before it writes, another context opens, builds the index from the library and stores it. The stored index
  // must answer as the one in memory, and both as the library (MiniSearch scored posts before a discarded one as if it
  // were still there).
  test.each([
    [
      'a post is deleted',
      async (db: LensDatabase, search: LibrarySearch) => {
        await deleteSaved(db, [synthetic(2).id]);
        await search.remove([synthetic(2).id]);
      },
    ],
    [
      'a post is saved again with new content',
      async (db: LensDatabase, search: LibrarySearch) => {
        await savePost(db, { ...synthetic(2), html: `<p>${synthetic(11).html}</p>` }, { now: 1 });
        await search.update([synthetic(2).id]);
      },
    ],
  ] as const)(
    'when %s, the index in memory, one built by another context and the one it stores answer alike',
    async (_name, change) => {
      const db = await library(20);
      const first = new LibrarySearch(db);
      await first.ready();
      // No timers: each write below is made where this test says.
      first.dispose();
      await change(db, first);
      first.dispose();
      const second = new LibrarySearch(db);
      const built = await answers(second);
      expect(second.origin?.from).toBe('built');
      await second.persist();
      const reloaded = new LibrarySearch(db);
      const stored = await answers(reloaded);
      expect(reloaded.origin).toEqual({ from: 'stored', reindexed: 0, removed: 0 });
      const inMemory = await answers(first);
      expectSameAnswers(inMemory, built);
      expectSameAnswers(stored, inMemory);
      // Asked again (MiniSearch drops a discarded post's postings as queries meet them), the answers stay the same.
      expectSameAnswers(await answers(first), inMemory);
      // And the other way round: the first context's index, written and read back, answers as the built one.
      await first.persist();
      expectSameAnswers(await answers(new LibrarySearch(db)), built);
    },
  );

  test.each([
    ['of another format', { head: (h: Record<string, unknown>) => ({ ...h, format: INDEX_FORMAT + 1 }) }],
    ['with a slice missing', { drop: 'part:0' }],
    ['with no head', { drop: 'head' }],
    ['that is not an index at all', { head: () => 'garbage' }],
    ['with a slice cut short', { part: (p: { keys: string[] }) => ({ ...p, keys: p.keys.slice(0, -1) }) }],
  ] as const)('a stored index %s is ignored and the index is built again', async (_name, damage) => {
    const db = await library(30);
    const search = new LibrarySearch(db);
    const want = await answers(search);
    await search.persist();
    if ('drop' in damage) await db.delete('search', damage.drop);
    else if ('part' in damage)
      await db.put('search', damage.part((await db.get('search', 'part:0')) as { keys: string[] }), 'part:0');
    else await db.put('search', damage.head((await db.get('search', 'head')) as Record<string, unknown>), 'head');
    const again = new LibrarySearch(db);
    expect(await answers(again)).toEqual(want);
    expect(again.origin?.from).toBe('built');
  });
});
