import { parse, validate } from 'graphql';
import { describe, expect, test } from 'vitest';
import { sequenceTargetFromUrl } from '../../lib/parse/url';
import {
  COLLECTION_QUERY,
  canonicalSequenceUrl,
  fetchOutline,
  fetchSequencePost,
  outlinePostIds,
  POST_SEQUENCE_QUERY,
  retryAfterMs,
  SEQUENCE_POST_QUERY,
  SEQUENCE_QUERY,
} from '../../lib/sequences/api';
import { POST_QUERY } from '../../lib/store/remote';
import { fakeFetch, lesswrongSchema, sequenceSite } from '../fixtures-store/lesswrong-api';

const ENDPOINT = { endpointFor: () => 'https://www.lesswrong.com/graphql' };

function answering(body: string, status = 200, headers: Record<string, string> = {}): typeof fetch {
  return (async () =>
    new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } })) as typeof fetch;
}

describe('every query Lens sends is valid against LessWrong’s schema', () => {
  test.each([
    ['the post query', POST_QUERY],
    ['the sequence query', SEQUENCE_QUERY],
    ['the collection query', COLLECTION_QUERY],
    ['the sequence-post query', SEQUENCE_POST_QUERY],
    ['the canonical-sequence query', POST_SEQUENCE_QUERY],
  ])('%s', (_name, query) => {
    expect(validate(lesswrongSchema(), parse(query)).map((e) => e.message)).toEqual([]);
  });

  test('the check can fail: a field the schema lacks is refused', () => {
    const wrong = SEQUENCE_QUERY.replace('isDeleted', 'isRemoved');
    expect(validate(lesswrongSchema(), parse(wrong)).length).toBeGreaterThan(0);
  });
});

describe('recognising sequences and collections', () => {
  test.each([
    ['a sequence page', 'https://www.lesswrong.com/s/5g5TkQTe9rmPS5vvM', { kind: 'sequence', id: '5g5TkQTe9rmPS5vvM' }],
    [
      'a sequence page with a trailing slash',
      'https://www.lesswrong.com/s/5g5TkQTe9rmPS5vvM/',
      { kind: 'sequence', id: '5g5TkQTe9rmPS5vvM' },
    ],
    [
      'a post inside a sequence',
      'https://www.lesswrong.com/s/5g5TkQTe9rmPS5vvM/p/aM6qtJ8gH72d7Hyqa',
      { kind: 'sequence', id: '5g5TkQTe9rmPS5vvM', postId: 'aM6qtJ8gH72d7Hyqa' },
    ],
    [
      'an AF sequence',
      'https://www.alignmentforum.org/s/5g5TkQTe9rmPS5vvM',
      { kind: 'sequence', id: '5g5TkQTe9rmPS5vvM' },
    ],
    [
      'an EA Forum sequence',
      'https://forum.effectivealtruism.org/s/5g5TkQTe9rmPS5vvM',
      { kind: 'sequence', id: '5g5TkQTe9rmPS5vvM' },
    ],
    [
      'a GreaterWrong sequence',
      'https://www.greaterwrong.com/s/5g5TkQTe9rmPS5vvM',
      { kind: 'sequence', id: '5g5TkQTe9rmPS5vvM' },
    ],
    [
      'Rationality: A–Z',
      'https://www.lesswrong.com/rationality',
      { kind: 'collection', by: 'slug', key: 'rationality' },
    ],
    ['The Codex', 'https://www.lesswrong.com/codex', { kind: 'collection', by: 'slug', key: 'codex' }],
    ['HPMOR on GreaterWrong', 'https://www.greaterwrong.com/hpmor', { kind: 'collection', by: 'slug', key: 'hpmor' }],
    [
      'the Highlights',
      'https://www.lesswrong.com/highlights',
      { kind: 'collection', by: 'id', key: '62bf5f5dc581cd211cc67d49' },
    ],
    ['a collection by id', 'https://www.lesswrong.com/collections/oneCollectionIdX', null],
    [
      'a collection by a 17-char id',
      'https://www.lesswrong.com/collections/oneCollectionIdXy',
      { kind: 'collection', by: 'id', key: 'oneCollectionIdXy' },
    ],
    ['a lone post', 'https://www.lesswrong.com/posts/aM6qtJ8gH72d7Hyqa/terminal-cynicism', null],
    ['another site', 'https://example.com/s/5g5TkQTe9rmPS5vvM', null],
    ['a short id', 'https://www.lesswrong.com/s/short', null],
    ['not a URL', 'sequences please', null],
  ])('%s', (_name, url, expected) => {
    expect(sequenceTargetFromUrl(url)).toEqual(expected);
  });
});

describe('fetching an outline', () => {
  test('a two-chapter sequence comes in chapter order with its posts in order, through the schema', async () => {
    const site = sequenceSite({ chapterSizes: [3, 2] });
    const r = await fetchOutline('https://www.lesswrong.com/s/fixtureSequence01', {
      fetch: fakeFetch(site),
      ...ENDPOINT,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.outline).toMatchObject({
      id: 'fixtureSequence01',
      kind: 'sequence',
      title: 'A Fixture Sequence',
      author: 'Fixture Author',
    });
    expect(r.outline.chapters.map((c) => c.title)).toEqual(['Chapter 1 of the fixture', 'Chapter 2 of the fixture']);
    expect(outlinePostIds(r.outline)).toEqual([1, 2, 3, 4, 5].map((n) => `seqpost${String(n).padStart(10, '0')}`));
    expect(r.outline.chapters[0]!.posts[0]).toMatchObject({ title: 'Terminal Cynicism (part 1)', version: '1.0.0' });
  });

  test('a post URL inside a sequence gives that sequence, addressed by its own page', async () => {
    const site = sequenceSite({ chapterSizes: [2] });
    const r = await fetchOutline('https://www.greaterwrong.com/s/fixtureSequence01/p/seqpost0000000002', {
      fetch: fakeFetch(site),
      ...ENDPOINT,
    });
    expect(r.ok && r.outline.url).toBe('https://www.greaterwrong.com/s/fixtureSequence01');
    expect(r.ok && r.outline.source).toBe('greaterwrong');
  });

  test('a collection flattens books into chapters, sequence by sequence', async () => {
    const site = sequenceSite({ chapterSizes: [2, 1] });
    site.collections.set('c', {
      _id: 'collectionIdAbcde',
      slug: 'codex',
      title: 'The Codex',
      author: 'Fixture Author',
      books: [
        { _id: 'bookIdAbcdefghijk', title: 'Book 1', number: 1, sequenceIds: ['fixtureSequence01'], postIds: [] },
      ],
    });
    const r = await fetchOutline('https://www.lesswrong.com/codex', { fetch: fakeFetch(site), ...ENDPOINT });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.outline.kind).toBe('collection');
    expect(r.outline.chapters.map((c) => c.title)).toEqual([
      'A Fixture Sequence · Chapter 1 of the fixture',
      'A Fixture Sequence · Chapter 2 of the fixture',
    ]);
    expect(outlinePostIds(r.outline)).toHaveLength(3);
  });

  test.each([
    ['a missing sequence', (s: ReturnType<typeof sequenceSite>) => s.sequences.clear(), /no public sequence/],
    ['a draft', (s: ReturnType<typeof sequenceSite>) => (s.sequences.get('fixtureSequence01')!.draft = true), /draft/],
    [
      'a deleted sequence',
      (s: ReturnType<typeof sequenceSite>) => (s.sequences.get('fixtureSequence01')!.isDeleted = true),
      /deleted/,
    ],
    [
      'a sequence whose posts are all drafts',
      (s: ReturnType<typeof sequenceSite>) => {
        for (const p of s.posts.values()) p.draft = true;
      },
      /no published posts/,
    ],
  ])('%s gets a clear answer', async (_name, change, message) => {
    const site = sequenceSite({ chapterSizes: [2] });
    change(site);
    const r = await fetchOutline('https://www.lesswrong.com/s/fixtureSequence01', {
      fetch: fakeFetch(site),
      ...ENDPOINT,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  test.each([
    [
      'not a sequence URL',
      'https://www.lesswrong.com/posts/aM6qtJ8gH72d7Hyqa/x',
      answering('{}'),
      'missing',
      /not a sequence/,
    ],
    [
      'API errors',
      'https://www.lesswrong.com/s/fixtureSequence01',
      answering('{"errors":[{"message":"boom"}]}'),
      'refused',
      /boom/,
    ],
    [
      'garbage',
      'https://www.lesswrong.com/s/fixtureSequence01',
      answering('<html>oops'),
      'garbage',
      /not an API answer/,
    ],
    ['an HTTP error', 'https://www.lesswrong.com/s/fixtureSequence01', answering('x', 500), 'http', /HTTP 500/],
    [
      'a 429',
      'https://www.lesswrong.com/s/fixtureSequence01',
      answering('x', 429, { 'retry-after': '7' }),
      'busy',
      /slow down/,
    ],
    [
      'the network gone',
      'https://www.lesswrong.com/s/fixtureSequence01',
      (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
      'offline',
      /cannot reach/,
    ],
  ])('%s gets a clear answer', async (_name, url, fetch, kind, message) => {
    const r = await fetchOutline(url, { fetch, ...ENDPOINT });
    expect(r).toMatchObject({ ok: false, kind });
    if (!r.ok) expect(r.error).toMatch(message);
    if (!r.ok && kind === 'busy') expect(r.retryAfterMs).toBe(7000);
  });
});

describe('posts and canonical sequences', () => {
  test('a post of the sequence comes with its text and revision', async () => {
    const site = sequenceSite({ chapterSizes: [2] });
    const ref = { id: 'seqpost0000000001', title: 'x', url: 'https://www.lesswrong.com/posts/seqpost0000000001/x' };
    const r = await fetchSequencePost(ref, 'https://www.lesswrong.com/graphql', { fetch: fakeFetch(site) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.version).toBe('1.0.0');
    expect(r.api.contents?.html).toContain('Terminal Cynicism is a level of cynicism');
    expect(r.pageUrl).toBe('https://www.lesswrong.com/posts/seqpost0000000001/part-1');
  });

  test('a post the API does not have is refused by title', async () => {
    const site = sequenceSite({ chapterSizes: [1] });
    const ref = {
      id: 'nothereAbcdefghij',
      title: 'Gone post',
      url: 'https://www.lesswrong.com/posts/nothereAbcdefghij/x',
    };
    const r = await fetchSequencePost(ref, 'https://www.lesswrong.com/graphql', { fetch: fakeFetch(site) });
    expect(r).toMatchObject({ ok: false, kind: 'missing' });
    if (!r.ok) expect(r.error).toContain('Gone post');
  });

  test('a post page learns its canonical sequence from the API', async () => {
    const site = sequenceSite({ chapterSizes: [2] });
    const url = 'https://www.lesswrong.com/posts/seqpost0000000002/part-2';
    expect(await canonicalSequenceUrl(url, 'seqpost0000000002', { fetch: fakeFetch(site) })).toBe(
      'https://www.lesswrong.com/s/fixtureSequence01/p/seqpost0000000002',
    );
    site.posts.get('seqpost0000000002')!.canonicalSequenceId = undefined;
    expect(await canonicalSequenceUrl(url, 'seqpost0000000002', { fetch: fakeFetch(site) })).toBeNull();
  });

  test.each([
    ['seconds', '120', 120_000],
    ['an HTTP date', 'Thu, 01 Jan 1970 00:00:10 GMT', 9_000],
    ['nothing', null, undefined],
    ['garbage', 'soon', undefined],
  ])('Retry-After as %s', (_name, header, ms) => {
    expect(retryAfterMs(header, 1000)).toBe(ms);
  });
});
