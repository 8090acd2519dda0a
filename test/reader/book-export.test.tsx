// The reader's "Download EPUB" and "Download Markdown (.zip)": what the reader lists is what the book holds (a tag, a
// search, the whole library, one post), with a progress bar meanwhile and a clear message for an empty list.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { BookExport } from '../../components/BookExport';
import { App, type AppProps } from '../../entrypoints/reader/App';
import { extractDumpText } from '../../lib/inpage/dump-text';
import { parseDocument, parseText } from '../../lib/parse';
import type { LensDatabase } from '../../lib/store/db';
import { savePost, setTags } from '../../lib/store/saved-posts';
import { LibrarySearch } from '../../lib/store/search';
import { freshDB, makePost, sanitize } from '../store/helpers';

/** Building a book in happy-dom on a loaded machine takes longer than waitFor's default second. */
const SLOW = { timeout: 30_000 };

function props(db: LensDatabase, download: AppProps['download']): AppProps {
  return {
    db,
    search: new LibrarySearch(db),
    deps: async () => ({ sanitize, dump: { parseText, parseDocument, extractText: extractDumpText } }),
    download,
  };
}

async function library() {
  const db = await freshDB('lens-book-export');
  await savePost(db, makePost({ id: 'olderolderolderol', title: 'Older post about bayes', footnotes: [] }), {
    now: 1,
    sanitize,
  });
  await savePost(db, makePost(), { now: 2, sanitize });
  await savePost(db, makePost({ id: 'newestnewestnewes', title: 'Newest post', footnotes: [] }), { now: 3, sanitize });
  await setTags(db, 'olderolderolderol', ['bayes']);
  return db;
}

async function bookOf(blob: Blob) {
  const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
  const opf = strFromU8(files['OEBPS/content.opf']!);
  const titles = Object.keys(files)
    .filter((f) => /text\/post-\d+\.xhtml$/.test(f))
    .sort()
    .map((f) => /<title>([^<]*)<\/title>/.exec(strFromU8(files[f]!))![1]);
  return { files, opf, titles };
}

beforeEach(() => {
  location.hash = '';
});
afterEach(cleanup);

/** Opens the library's "Import and export" dialog and returns its book-export group, named as the library is filtered. */
async function exportGroup(name: string) {
  fireEvent.click(await screen.findByRole('button', { name: 'Import and export…' }));
  return screen.findByRole('group', { name });
}

/** Closes the dialog, so the library's filters can be changed. */
function closeDialog() {
  fireEvent.click(screen.getByRole('button', { name: 'Close' }));
}

describe('Download EPUB in the reader', () => {
  test('the whole library, then only a tag, then only the search results', async () => {
    const db = await library();
    const download = vi.fn();
    render(<App {...props(db, download)} />);
    const group = await exportGroup('Export the whole library');
    fireEvent.click(within(group).getByRole('button', { name: 'Download EPUB' }));
    await waitFor(
      () => expect(download, within(group).getByRole('status').textContent ?? '').toHaveBeenCalledOnce(),
      SLOW,
    );
    const [name, type, blob] = download.mock.calls[0]!;
    expect([name, type]).toEqual(['lens-library.epub', 'application/epub+zip']);
    expect((await bookOf(blob)).titles).toEqual(['Newest post', 'A post about lenses', 'Older post about bayes']);
    expect(await within(group).findByRole('status')).toHaveProperty(
      'textContent',
      expect.stringMatching(/Saved lens-library\.epub: 3 posts/),
    );

    closeDialog();
    fireEvent.click(await screen.findByRole('button', { name: '#bayes' }));
    await waitFor(() => expect(screen.getAllByRole('heading', { level: 3 })).toHaveLength(1));
    const tagged = await exportGroup('Export the posts listed');
    fireEvent.click(within(tagged).getByRole('button', { name: 'Download EPUB' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(2), SLOW);
    const book = await bookOf(download.mock.calls[1]![2]);
    expect(book.titles).toEqual(['Older post about bayes']);
    expect(book.opf).toContain('<dc:title>Lens: tag bayes</dc:title>');

    closeDialog();
    fireEvent.click(screen.getByRole('button', { name: '#bayes' }));
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'newest' } });
    await waitFor(() =>
      expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Newest post']),
    );
    fireEvent.click(
      within(await exportGroup('Export the posts listed')).getByRole('button', { name: 'Download EPUB' }),
    );
    await waitFor(() => expect(download).toHaveBeenCalledTimes(3), SLOW);
    expect((await bookOf(download.mock.calls[2]![2])).titles).toEqual(['Newest post']);
  });

  test('a search that finds nothing gets a clear message and no file', async () => {
    const db = await library();
    const download = vi.fn();
    render(<App {...props(db, download)} />);
    fireEvent.input(await screen.findByRole('searchbox'), { target: { value: 'zzzzzz' } });
    await waitFor(() => expect(screen.queryAllByRole('heading', { level: 3 })).toHaveLength(0));
    const group = await exportGroup('Export the posts listed');
    fireEvent.click(within(group).getByRole('button', { name: 'Download EPUB' }));
    await waitFor(
      () =>
        expect(within(group).getByRole('status')).toHaveProperty(
          'textContent',
          'There is nothing to put in a book: choose at least one post.',
        ),
      SLOW,
    );
    fireEvent.click(within(group).getByRole('button', { name: 'Download Markdown (.zip)' }));
    await waitFor(() =>
      expect(within(group).getByRole('status')).toHaveProperty(
        'textContent',
        'There is nothing to export: choose at least one post.',
      ),
    );
    expect(download).not.toHaveBeenCalled();
  });

  test('Markdown (.zip) of the listed posts: one file each and an index', async () => {
    const db = await library();
    const download = vi.fn();
    render(<App {...props(db, download)} />);
    const group = await exportGroup('Export the whole library');
    fireEvent.click(within(group).getByRole('button', { name: 'Download Markdown (.zip)' }));
    await waitFor(() => expect(download).toHaveBeenCalledOnce(), SLOW);
    const [name, type, blob] = download.mock.calls[0]!;
    expect([name, type]).toEqual(['lens-library.zip', 'application/zip']);
    const files = unzipSync(new Uint8Array(await (blob as Blob).arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual([
      '01-newest-post.md',
      '02-a-post-about-lenses.md',
      '03-older-post-about-bayes.md',
      'index.md',
    ]);
  });

  test('the post page downloads that post as a book', async () => {
    const db = await library();
    const download = vi.fn();
    location.hash = '#post=abcdefghijklmnopq';
    render(<App {...props(db, download)} />);
    const group = await screen.findByRole('group', { name: 'Export this post' }, { timeout: 10_000 });
    fireEvent.click(within(group).getByRole('button', { name: 'Download EPUB' }));
    await waitFor(() => expect(download).toHaveBeenCalledOnce(), SLOW);
    expect(download.mock.calls[0]![0]).toBe('a-post-about-lenses.epub');
    const book = await bookOf(download.mock.calls[0]![2]);
    expect(book.titles).toEqual(['A post about lenses']);
    expect(book.opf).toMatch(/properties="mathml"/);
  });
});

describe('BookExport', () => {
  test('shows a progress bar while the work runs, then its message; buttons are off meanwhile', async () => {
    let advance!: (p: { done: number; total: number }) => void;
    let finish!: (message: string) => void;
    render(
      <BookExport
        label="Export"
        actions={[
          {
            label: 'Download EPUB',
            run: (progress) =>
              new Promise<string>((resolve) => {
                advance = progress;
                finish = resolve;
              }),
          },
        ]}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Download EPUB' }));
    expect(await screen.findByRole('progressbar', { name: 'Preparing the export' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download EPUB' })).toHaveProperty('disabled', true);
    advance({ done: 3, total: 12 });
    const bar = await screen.findByRole('progressbar', { name: 'Writing post 3 of 12' });
    expect(bar.getAttribute('value')).toBe('3');
    finish('Saved book.epub.');
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Saved book.epub.');
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('button', { name: 'Download EPUB' })).toHaveProperty('disabled', false);
  });

  test('a failure is said in words and the buttons come back', async () => {
    render(
      <BookExport
        label="Export"
        actions={[{ label: 'Download EPUB', run: async () => Promise.reject(new Error('The disk is full.')) }]}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Download EPUB' }));
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'The disk is full.');
    expect(screen.getByRole('button', { name: 'Download EPUB' })).toHaveProperty('disabled', false);
  });
});
