import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test } from 'vitest';
import type { Post } from '../../lib/model';
import { createLibraryClient } from '../../lib/sidebar/library-client';
import { openLensDB } from '../../lib/store/db';

const post = (id: string, title: string, body: string): Post => ({
  id,
  source: 'lesswrong',
  url: `https://www.lesswrong.com/posts/${id}/x`,
  title,
  html: `<p>${body}</p>`,
  headings: [],
  footnotes: [],
  math: [],
});

describe('createLibraryClient', () => {
  const client = () => {
    const factory = new IDBFactory();
    return createLibraryClient(() => openLensDB('lens-test', factory));
  };

  test('saves a post, shows it saved and listed, tags it, finds it by its text, and unsaves it', async () => {
    const library = client();
    expect(await library.entry('aaaaaaaaaaaaaaaaa')).toBeNull();
    expect(
      await library.save(post('aaaaaaaaaaaaaaaaa', 'Introduction to abstract entropy', 'bits and macrostates')),
    ).toEqual({ ok: true });
    expect(await library.save(post('bbbbbbbbbbbbbbbbb', 'Another post', 'something else'))).toEqual({ ok: true });
    expect((await library.entry('aaaaaaaaaaaaaaaaa'))?.title).toBe('Introduction to abstract entropy');
    expect((await library.list('')).map((i) => i.id).sort()).toEqual(['aaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbb']);
    await library.setTags('aaaaaaaaaaaaaaaaa', ['Math', 'entropy']);
    expect((await library.entry('aaaaaaaaaaaaaaaaa'))?.tags).toEqual(['entropy', 'math']);
    expect((await library.list('macrostates')).map((i) => i.title)).toEqual(['Introduction to abstract entropy']);
    await library.unsave('aaaaaaaaaaaaaaaaa');
    expect(await library.entry('aaaaaaaaaaaaaaaaa')).toBeNull();
    expect((await library.list('')).map((i) => i.id)).toEqual(['bbbbbbbbbbbbbbbbb']);
  });

  test('tells the panel about library changes made anywhere, with the search index already updated', async () => {
    const library = client();
    await library.list('x');
    const changed = new Promise<string[]>((resolve) => {
      const stop = library.onChange(async () => {
        stop();
        resolve((await library.list('thermodynamics')).map((i) => i.id));
      });
    });
    await library.save(post('ddddddddddddddddd', 'Heat', 'thermodynamics explained'));
    expect(await changed).toEqual(['ddddddddddddddddd']);
  });
});
