import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { LibraryList } from '../../components/LibraryList';
import type { SavedEntry } from '../../lib/store/types';

afterEach(cleanup);

const entry = (i: number): SavedEntry => ({
  id: `post${i}`,
  title: `Post ${i}`,
  titleKey: `post ${i}`,
  source: 'lesswrong',
  urls: [],
  savedAt: 1_700_000_000_000 + i,
  updatedAt: 1_700_000_000_000 + i,
  updatedSinceSaved: false,
  tags: [],
  read: false,
  versions: 1,
  size: 100,
});

const props = { total: 20, filtered: false, onDelete: () => {}, onToggleRead: () => {}, onExportMarkdown: () => {} };

describe('LibraryList', () => {
  test('says it is busy while only the first screen of rows is rendered, and not once all are', () => {
    const entries = Array.from({ length: 20 }, (_, i) => entry(i));
    const { container, rerender } = render(<LibraryList {...props} entries={entries} rendered={16} />);
    const section = () => container.querySelector('section')!;
    expect(section().getAttribute('aria-busy')).toBe('true');
    expect(section().querySelectorAll('h3 a')).toHaveLength(16);
    rerender(<LibraryList {...props} entries={entries} />);
    expect(section().hasAttribute('aria-busy')).toBe(false);
    expect(section().querySelectorAll('h3 a')).toHaveLength(20);
    rerender(<LibraryList {...props} entries={entries.slice(0, 10)} rendered={16} />);
    expect(section().hasAttribute('aria-busy')).toBe(false);
  });
});
