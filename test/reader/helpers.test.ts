import { describe, expect, test } from 'vitest';
import { highlightParts } from '../../lib/reader/highlight';
import { readerAction, readingMinutes, stepSection } from '../../lib/reader/keys';
import { neighbours } from '../../lib/reader/nav';
import {
  DEFAULT_READER_PREFS,
  loadLook,
  normalizeReaderPrefs,
  resolveTheme,
  type StorageChanges,
  stepSize,
  watchOptionsTheme,
} from '../../lib/reader/prefs';

describe('highlightParts', () => {
  test('marks words that start with a searched word, any case', () => {
    expect(highlightParts('Reasoning about reason', 'reason')).toEqual([
      { text: 'Reasoning', hit: true },
      { text: ' about ', hit: false },
      { text: 'reason', hit: true },
    ]);
  });
  test.each([
    ['no query leaves the text whole', 'abc def', '', [{ text: 'abc def', hit: false }]],
    ['a word inside another word is not marked', 'unreason', 'reason', [{ text: 'unreason', hit: false }]],
    ['regex characters in the query are text', 'a (b) c', '(b', [{ text: 'a (b) c', hit: false }]],
  ])('%s', (_n, text, query, parts) => {
    expect(highlightParts(text, query)).toEqual(parts);
  });
});

describe('reader keys', () => {
  test.each([
    ['j moves to the next section', { key: 'j' }, 'next-section'],
    ['] goes to the next post', { key: ']' }, 'next-post'],
    ['a modifier leaves the key to the browser', { key: 'j', ctrlKey: true }, null],
    ['typing in a field is typing', { key: 'j', editing: true }, null],
    ['Escape works while typing', { key: 'Escape', editing: true }, 'back'],
    ['other keys do nothing', { key: 'x' }, null],
  ] as const)('%s', (_n, press, action) => {
    expect(readerAction(press)).toBe(action);
  });

  test('sections step forward and back, clamped at the ends', () => {
    const ids = ['a', 'b', 'c'];
    expect(stepSection(ids, null, 1)).toBe('a');
    expect(stepSection(ids, 'a', 1)).toBe('b');
    expect(stepSection(ids, 'c', 1)).toBe('c');
    expect(stepSection(ids, 'b', -1)).toBe('a');
    expect(stepSection(ids, null, -1)).toBe(null);
    expect(stepSection([], null, 1)).toBe(null);
  });

  test('reading time is at least a minute', () => {
    expect(readingMinutes(0)).toBe(1);
    expect(readingMinutes(2300)).toBe(10);
  });
});

describe('neighbours', () => {
  const list = [
    { id: 'a', title: 'A' },
    { id: 'b', title: 'B' },
    { id: 'c', title: 'C' },
  ];
  test.each([
    ['in the middle', 'b', { prev: list[0], next: list[2] }],
    ['first', 'a', { next: list[1] }],
    ['last', 'c', { prev: list[1] }],
    ['not in the list', 'z', {}],
  ])('%s', (_n, id, nav) => {
    expect(neighbours(list, id)).toEqual(nav);
  });
});

describe('reader prefs', () => {
  test('bad stored values fall back to the defaults', () => {
    expect(normalizeReaderPrefs({ theme: 'neon', size: 99, width: 3 })).toEqual(DEFAULT_READER_PREFS);
    expect(normalizeReaderPrefs({ theme: 'sepia', size: 24, width: 'wide' })).toEqual({
      theme: 'sepia',
      size: 24,
      width: 'wide',
    });
  });
  test('text size steps stop at the ends', () => {
    expect(stepSize(20, 1)).toBe(22);
    expect(stepSize(20, -1)).toBe(18);
    expect(stepSize(16, -1)).toBe(16);
    expect(stepSize(27, 1)).toBe(27);
  });
  test.each([
    ['auto follows the options', 'auto', 'dark', false, 'dark'],
    ['auto with the options on system follows the system', 'auto', 'system', true, 'dark'],
    ['a chosen theme wins', 'sepia', 'dark', true, 'sepia'],
  ] as const)('%s', (_n, theme, options, system, out) => {
    expect(resolveTheme(theme, options, system)).toBe(out);
  });
  test('loadLook reads both keys in one read', async () => {
    const asked: string[][] = [];
    const look = await loadLook({
      get: async (keys) => {
        asked.push(keys);
        return { 'lens:reader': { theme: 'dark', size: 22, width: 'narrow' }, 'lens:settings': { theme: 'light' } };
      },
      set: async () => {},
    });
    expect(asked).toHaveLength(1);
    expect(look).toEqual({ prefs: { theme: 'dark', size: 22, width: 'narrow' }, optionsTheme: 'light' });
  });
  test('watchOptionsTheme hears the options saved in storage.local, nothing else, until stopped', () => {
    type Listener = Parameters<StorageChanges['addListener']>[0];
    const listeners = new Set<Listener>();
    const changes: StorageChanges = {
      addListener: (l) => listeners.add(l),
      removeListener: (l) => listeners.delete(l),
    };
    const heard: string[] = [];
    const stop = watchOptionsTheme(changes, (theme) => heard.push(theme));
    const fire = (c: Record<string, { newValue?: unknown }>, area: string) => {
      for (const l of listeners) l(c, area);
    };
    fire({ 'lens:settings': { newValue: { theme: 'dark', previewDelay: 150 } } }, 'local');
    fire({ 'lens:reader': { newValue: { theme: 'sepia' } } }, 'local');
    fire({ 'lens:settings': { newValue: { theme: 'light' } } }, 'sync');
    fire({ 'lens:settings': { newValue: { theme: 'purple' } } }, 'local');
    fire({ 'lens:settings': {} }, 'local');
    expect(heard).toEqual(['dark', 'system', 'system']);
    stop();
    expect(listeners.size).toBe(0);
  });
});
