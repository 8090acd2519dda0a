import { describe, expect, test, vi } from 'vitest';
import { libraryHandler, POST_URL_PATTERNS } from '../../lib/background/library';
import { freshDB, makePost } from './helpers';

describe('the library background', () => {
  test('answers save, is-saved, list, search and unsave messages and ignores the rest', async () => {
    const db = await freshDB();
    const handle = libraryHandler({ db: async () => db, fetch: vi.fn(), now: () => 1000 });
    expect(handle({ type: 'sidebar-posts', url: '', posts: [] })).toBeUndefined();
    expect(handle('nonsense')).toBeUndefined();
    expect(await handle({ type: 'save-post', post: makePost() })).toEqual({
      ok: true,
      updated: false,
      firstSave: true,
    });
    expect(await handle({ type: 'save-post', post: makePost({ html: '<p>changed</p>' }) })).toEqual({
      ok: true,
      updated: true,
      firstSave: false,
    });
    expect(await handle({ type: 'is-saved', id: 'abcdefghijklmnopq' })).toEqual({ saved: true });
    const list = (await handle({ type: 'list-saved' })) as { total: number; entries: { title: string }[] };
    expect(list.total).toBe(1);
    expect(list.entries[0]!.title).toBe('A post about lenses');
    const found = (await handle({ type: 'search-saved', query: 'lenses' })) as { entries: { id: string }[] };
    expect(found.entries.map((e) => e.id)).toEqual(['abcdefghijklmnopq']);
    expect(await handle({ type: 'save-post', post: { id: 'x' } })).toMatchObject({ ok: false });
    expect(await handle({ type: 'unsave-post', id: 'abcdefghijklmnopq' })).toEqual({ ok: true });
    expect(await handle({ type: 'is-saved', id: 'abcdefghijklmnopq' })).toEqual({ saved: false });
  });

  test('the context menus only match LessWrong-family post URLs', () => {
    const toRegex = (p: string) =>
      new RegExp(`^${p.replace(/[.?]/g, '\\$&').replace(/\*/g, '.*')}$`.replace('^.*://', '^https?://'));
    const matches = (url: string) => POST_URL_PATTERNS.some((p) => toRegex(p).test(url));
    expect(matches('https://www.lesswrong.com/posts/aM6qtJ8gH72d7Hyqa/terminal-cynicism')).toBe(true);
    expect(matches('https://www.lesswrong.com/s/abc/p/aM6qtJ8gH72d7Hyqa')).toBe(true);
    expect(matches('https://www.greaterwrong.com/posts/aM6qtJ8gH72d7Hyqa')).toBe(true);
    expect(matches('https://www.lesswrong.com/users/someone')).toBe(false);
    expect(matches('https://example.org/posts/aM6qtJ8gH72d7Hyqa')).toBe(false);
  });
});
