import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { PostView } from '../../components/PostView';
import type { SavedEntry } from '../../lib/store/types';
import { makePost, sanitize } from '../store/helpers';

afterEach(cleanup);

const entry: SavedEntry = {
  id: 'abcdefghijklmnopq',
  title: 'A post about lenses',
  titleKey: 'a post about lenses',
  source: 'lesswrong',
  urls: [],
  savedAt: 1,
  updatedAt: 1,
  updatedSinceSaved: false,
  tags: ['optics'],
  read: false,
  versions: 0,
  size: 1,
};

describe('the post view', () => {
  test("tags are edited in place, with the library's other tags offered as suggestions", () => {
    const onTags = vi.fn();
    render(
      <PostView
        post={makePost()}
        entry={entry}
        sanitize={sanitize}
        onTags={onTags}
        tagSuggestions={['optics', 'physics', 'later']}
      />,
    );
    expect(screen.getByRole('list', { name: 'Tags' }).textContent).toBe('optics');
    fireEvent.click(screen.getByRole('button', { name: 'Edit tags' }));
    const field = screen.getByRole('combobox', { name: 'Tags (comma-separated)' }) as HTMLInputElement;
    expect(field.value).toBe('optics');
    expect(document.activeElement).toBe(field);
    fireEvent.input(field, { target: { value: 'optics, ph' } });
    // Suggestions complete the last tag and leave out the ones already there.
    const offered = [...document.querySelectorAll('#lens-post-tag-suggestions option')].map((o) =>
      o.getAttribute('value'),
    );
    expect(offered).toEqual(['optics, physics', 'optics, later']);
    fireEvent.input(field, { target: { value: 'optics, physics' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save tags' }));
    expect(onTags).toHaveBeenCalledWith(['optics', ' physics']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit tags' }));
    // Escape leaves the field without saving.
    fireEvent.click(screen.getByRole('button', { name: 'Edit tags' }));
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Tags (comma-separated)' }), { key: 'Escape' });
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(onTags).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit tags' }));
  });
});
