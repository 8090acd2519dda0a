// @vitest-environment node
// Node's own Blob: happy-dom's Blob does not survive fake-indexeddb's structured clone, a real browser's does.
import { describe, expect, test, vi } from 'vitest';
import { exportLibrary, importLibrary, validateBackup } from '../../lib/export/backup';
import { describeImages, type ImageDeps, imagesOfPost, postImageUrls } from '../../lib/store/images';
import { deleteSaved, getSaved, putSaved, savePost } from '../../lib/store/saved-posts';
import { freshDB, makePost } from './helpers';

const CLOUD = 'https://res.cloudinary.com/lesswrong-2-0/image/upload/v1/figure-1.png';
const OTHER = 'https://images.example.org/chart.jpg?w=600&h=400';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

function withImages(id = 'abcdefghijklmnopq', urls: string[] = [CLOUD, OTHER]) {
  const imgs = urls.map((u, i) => `<figure><img src="${u.replace(/&/g, '&amp;')}" alt="figure ${i + 1}"></figure>`);
  return makePost({ id, url: `https://www.lesswrong.com/posts/${id}/p`, html: `<p>Text.</p>${imgs.join('')}` });
}

type Answer = { status?: number; type?: string; body?: Uint8Array; length?: boolean } | 'reject';

/** A fake network: each URL answers as told (default: a small PNG); records every request. */
function network(answers: Record<string, Answer> = {}) {
  const calls: string[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    const a = answers[url] ?? {};
    if (a === 'reject') throw new TypeError('Failed to fetch');
    const body = a.body ?? PNG;
    const headers: Record<string, string> = { 'content-type': a.type ?? 'image/png' };
    if (a.length !== false) headers['content-length'] = String(body.byteLength);
    return new Response(body as BodyInit, { status: a.status ?? 200, headers });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

function deps(net: ReturnType<typeof network>, over: Partial<ImageDeps> = {}): ImageDeps {
  return { fetch: net.fetch, allowedOrigins: async (origins) => new Set(origins), ...over };
}

describe('finding a post’s images', () => {
  test('every http(s) img src of body and footnotes, decoded, each once; data: and relative ones are not fetched', () => {
    const post = makePost({
      html: `<p><img src="${CLOUD}"><img alt="x" src="https://images.example.org/chart.jpg?w=600&amp;h=400"></p><img src="data:image/png;base64,AAAA"><img src="/local.png"><img src="${CLOUD}">`,
      footnotes: [
        { id: 'fn1', number: 1, html: '<p><img src="http://old.example.net/a.gif"></p>', text: '', refIds: [] },
      ],
    });
    expect(postImageUrls(post)).toEqual([CLOUD, OTHER, 'http://old.example.net/a.gif']);
  });
});

describe('keeping images offline when saving', () => {
  test('a save stores each image as a Blob keyed by its URL and says how many were kept', async () => {
    const db = await freshDB();
    const net = network();
    const r = await savePost(db, withImages(), { images: deps(net) });
    expect(r.ok && r.images).toEqual({ total: 2, kept: 2, notAllowed: [], failed: 0 });
    expect(describeImages(r.ok ? r.images : undefined)).toBe('2 of 2 images kept offline.');
    const images = await imagesOfPost(db, 'abcdefghijklmnopq');
    expect([...images.keys()].sort()).toEqual([CLOUD, OTHER].sort());
    const blob = images.get(CLOUD)!;
    expect(blob.type).toBe('image/png');
    expect(blob.size).toBe(PNG.byteLength);
    expect(new Uint8Array(await new Response(blob).arrayBuffer())).toEqual(PNG);
    // The stored HTML keeps the original addresses (backups and exports stay portable).
    expect((await getSaved(db, 'abcdefghijklmnopq'))!.record.post.html).toContain(`src="${CLOUD}"`);
  });

  test('saving again neither fetches nor stores an image twice', async () => {
    const db = await freshDB();
    const net = network();
    await savePost(db, withImages(), { images: deps(net) });
    const again = await savePost(db, withImages(), { images: deps(net) });
    expect(again.ok && again.images?.kept).toBe(2);
    expect(net.calls).toHaveLength(2);
    expect(await db.count('images')).toBe(2);
    expect((await db.get('images', CLOUD))!.posts).toEqual(['abcdefghijklmnopq']);
  });

  test('deleting a post deletes its images unless another saved post uses the same URL; undo brings them back', async () => {
    const db = await freshDB();
    const net = network();
    await savePost(db, withImages('postApostApostApo', [CLOUD, OTHER]), { images: deps(net) });
    await savePost(db, withImages('postBpostBpostBpo', [CLOUD]), { images: deps(net) });
    expect(net.calls).toHaveLength(2);
    expect((await db.get('images', CLOUD))!.posts).toEqual(['postApostApostApo', 'postBpostBpostBpo']);

    const gone = await deleteSaved(db, ['postApostApostApo']);
    expect(await db.get('images', OTHER)).toBeUndefined();
    expect((await db.get('images', CLOUD))!.posts).toEqual(['postBpostBpostBpo']);

    await putSaved(db, gone);
    expect([...(await imagesOfPost(db, 'postApostApostApo')).keys()].sort()).toEqual([CLOUD, OTHER].sort());
    expect((await db.get('images', CLOUD))!.posts.sort()).toEqual(['postApostApostApo', 'postBpostBpostBpo']);

    await deleteSaved(db, ['postApostApostApo', 'postBpostBpostBpo']);
    expect(await db.count('images')).toBe(0);
  });

  test.each<[string, Answer, Partial<ImageDeps>]>([
    ['a failed request', 'reject', {}],
    ['an HTTP error', { status: 404, type: 'text/html' }, {}],
    ['a page that is not an image', { type: 'text/html; charset=utf-8' }, {}],
    ['an image over the per-image cap', { body: new Uint8Array(2048) }, { maxImageBytes: 1024 }],
    [
      'an image over the cap that hides its length',
      { body: new Uint8Array(2048), length: false },
      { maxImageBytes: 1024 },
    ],
  ])('%s leaves that image remote and the post saved', async (_name, answer, over) => {
    const db = await freshDB();
    const net = network({ [OTHER]: answer });
    const r = await savePost(db, withImages(), { images: deps(net, over) });
    expect(r.ok).toBe(true);
    expect(r.ok && r.images).toEqual({ total: 2, kept: 1, notAllowed: [], failed: 1 });
    expect(describeImages(r.ok ? r.images : undefined)).toMatch(/^1 of 2 images kept offline \(the others/);
    expect(await getSaved(db, 'abcdefghijklmnopq')).toBeDefined();
    expect([...(await imagesOfPost(db, 'abcdefghijklmnopq')).keys()]).toEqual([CLOUD]);
  });

  test('a post’s images are fetched four at a time and kept in the post’s order, a slow or failing one included', async () => {
    const db = await freshDB();
    const urls = Array.from(
      { length: 10 },
      (_, i) => `https://res.cloudinary.com/lesswrong-2-0/image/upload/f${i}.png`,
    );
    let most = 0;
    const started: string[] = [];
    // Each request is answered by hand: the test decides the order answers arrive in, not a timer.
    const waiting = new Map<string, () => void>();
    const fetch = vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      started.push(url);
      await new Promise<void>((answer) => {
        waiting.set(url, answer);
        most = Math.max(most, waiting.size);
      });
      if (url.endsWith('f3.png')) throw new TypeError('Failed to fetch');
      return new Response(PNG as BodyInit, { headers: { 'content-type': 'image/png' } });
    });
    const saving = savePost(db, withImages('abcdefghijklmnopq', urls), {
      images: { fetch: fetch as unknown as typeof globalThis.fetch, allowedOrigins: async (o) => new Set(o) },
    });
    for (let answered = 0; answered < urls.length; answered++) {
      // Once as many requests are open as may be, the latest one answers first: the order kept must still be the post's.
      await vi.waitFor(() => expect(waiting.size).toBe(Math.min(4, urls.length - answered)), { interval: 1 });
      const latest = [...waiting.keys()].sort((a, b) => urls.indexOf(b) - urls.indexOf(a))[0]!;
      waiting.get(latest)!();
      waiting.delete(latest);
    }
    const r = await saving;
    expect(most).toBe(4);
    expect(started).toEqual(urls);
    expect(r.ok && r.images).toEqual({ total: 10, kept: 9, notAllowed: [], failed: 1 });
    expect([...(await imagesOfPost(db, 'abcdefghijklmnopq')).keys()].sort()).toEqual(
      urls.filter((u) => !u.endsWith('f3.png')).sort(),
    );
  });

  test('the per-post cap stops keeping images once their total would pass it', async () => {
    const db = await freshDB();
    const net = network({ [CLOUD]: { body: new Uint8Array(700) }, [OTHER]: { body: new Uint8Array(700) } });
    const r = await savePost(db, withImages(), { images: deps(net, { maxPostBytes: 1000 }) });
    expect(r.ok && r.images).toMatchObject({ total: 2, kept: 1, failed: 1 });
    expect(await db.count('images')).toBe(1);
  });

  test('images on origins Lens has no permission for are not fetched and the outcome names the host', async () => {
    const db = await freshDB();
    const net = network();
    const allowedOrigins = async () => new Set(['https://res.cloudinary.com']);
    const r = await savePost(db, withImages(), { images: deps(net, { allowedOrigins }) });
    expect(net.calls).toEqual([CLOUD]);
    expect(r.ok && r.images).toEqual({ total: 2, kept: 1, notAllowed: ['https://images.example.org'], failed: 0 });
    expect(describeImages(r.ok ? r.images : undefined)).toBe(
      '1 of 2 images kept offline; the others stay online, as Lens may not fetch from images.example.org.',
    );
  });

  test('a save that could keep none for want of permission says how to allow it', () => {
    expect(describeImages({ total: 8, kept: 0, failed: 0, notAllowed: ['https://res.cloudinary.com'] })).toBe(
      'Its 8 images stay online: Lens may not fetch from res.cloudinary.com yet (Save in the side panel, or “Keep its 8 images offline” in the library, asks once).',
    );
  });

  test('a permission check that throws keeps every image remote and the post saved', async () => {
    const db = await freshDB();
    const net = network();
    const allowedOrigins = async (): Promise<Set<string>> => {
      throw new Error('permissions API gone');
    };
    const r = await savePost(db, withImages(), { images: deps(net, { allowedOrigins }) });
    expect(r.ok && r.images).toMatchObject({ total: 2, kept: 0 });
    expect(net.calls).toEqual([]);
    expect(await getSaved(db, 'abcdefghijklmnopq')).toBeDefined();
  });

  test('a save without image options keeps images remote and fetches nothing', async () => {
    const db = await freshDB();
    const r = await savePost(db, withImages(), {});
    expect(r.ok && r.images).toBeUndefined();
    expect(await db.count('images')).toBe(0);
  });
});

describe('backups and stored images', () => {
  test('a JSON backup carries the posts and no image data, stays valid, and imports into a library that keeps its images', async () => {
    const db = await freshDB();
    await savePost(db, withImages(), { images: deps(network()) });
    const backup = await exportLibrary(db);
    const text = JSON.stringify(backup);
    expect(text).not.toContain('"images"');
    expect(text).toContain(CLOUD);
    expect(validateBackup(JSON.parse(text)).ok).toBe(true);
    // Into a fresh library: the post arrives with its original image addresses, which show from the web until saved again.
    const fresh = await freshDB('lens-import');
    const report = await importLibrary(fresh, text);
    expect(report).toMatchObject({ ok: true, added: 1 });
    expect((await getSaved(fresh, 'abcdefghijklmnopq'))!.record.post.html).toContain(CLOUD);
    expect(await fresh.count('images')).toBe(0);
    // Into the library it came from: nothing changes, the stored images stay.
    expect(await importLibrary(db, text)).toMatchObject({ ok: true, unchanged: 1 });
    expect(await db.count('images')).toBe(2);
  });
});

test('when the site’s copy takes over a post first saved from a dump, the dump copy’s images move with it', async () => {
  const db = await freshDB();
  const dump = { ...withImages('dumpdumpdump', [CLOUD]), source: 'text' as const, url: undefined };
  await savePost(db, dump, { images: deps(network()) });
  expect((await db.get('images', CLOUD))!.posts).toEqual(['dumpdumpdump']);
  await savePost(db, withImages('abcdefghijklmnopq', [CLOUD]));
  expect((await db.get('images', CLOUD))!.posts).toEqual(['abcdefghijklmnopq']);
  await deleteSaved(db, ['abcdefghijklmnopq']);
  expect(await db.count('images')).toBe(0);
});
