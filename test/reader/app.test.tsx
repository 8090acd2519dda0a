import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { App, type AppProps, FIRST_ROWS, type ReaderDeps } from '../../entrypoints/reader/App';
import { extractDumpText } from '../../lib/inpage/dump-text';
import { parseDocument, parseText } from '../../lib/parse';
import type { LensDatabase } from '../../lib/store/db';
import { getSaved, savePosition, savePost, setTags } from '../../lib/store/saved-posts';
import { LibrarySearch } from '../../lib/store/search';
import { freshDB, makePost, sanitize } from '../store/helpers';

const DUMP = join(import.meta.dirname, '..', 'fixtures', 'dump-lesswrong-ru-aggregator', 'input.txt');

function props(db: LensDatabase, over: Partial<AppProps & ReaderDeps> = {}): AppProps {
  const { enhance, fetchLink, images, requestImages, ...rest } = over;
  const deps: ReaderDeps = {
    sanitize,
    dump: { parseText, parseDocument, extractText: extractDumpText },
    ...(enhance && { enhance }),
    ...(fetchLink && { fetchLink }),
    ...(images && { images }),
    ...(requestImages && { requestImages }),
  };
  return {
    db,
    search: new LibrarySearch(db),
    deps: async () => deps,
    storage: async () => ({ usage: 2 * 1024 * 1024, quota: 1024 * 1024 * 1024, persisted: true }),
    download: vi.fn(),
    ...rest,
  };
}

async function library() {
  const db = await freshDB();
  await savePost(
    db,
    makePost({ id: 'olderolderolderol', title: 'Older post about bayes', html: '<p>Priors.</p>', footnotes: [] }),
    { now: 1, sanitize },
  );
  await savePost(db, makePost(), { now: 2, sanitize });
  await savePost(
    db,
    makePost({ id: 'newestnewestnewes', title: 'Newest post', source: 'alignmentforum', footnotes: [] }),
    { now: 3, sanitize },
  );
  await setTags(db, 'olderolderolderol', ['bayes']);
  return db;
}

function titles() {
  return within(screen.getByRole('region', { name: 'Saved posts' }))
    .getAllByRole('heading', { level: 3 })
    .map((h) => h.querySelector('a')!.textContent);
}

beforeEach(() => {
  location.hash = '';
});
afterEach(cleanup);

describe('the reader page library', () => {
  test('an empty library says how to fill it and offers the one Import, with export beside it', async () => {
    const db = await freshDB();
    render(<App {...props(db)} />);
    expect(await screen.findByText('Your library is empty')).toBeTruthy();
    // No empty section labels: no tag chips without tags, no Sequences heading without sequences.
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Add by URL' })).toBeTruthy());
    expect(screen.queryByRole('group', { name: 'Tag' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Sequences' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Import…' }));
    const input = (await screen.findByLabelText(
      /Choose a file, or drop it here/,
      {},
      { timeout: 5000 },
    )) as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.accept).toContain('.json');
    expect(input.accept).toContain('.md');
    expect(await screen.findByRole('button', { name: 'Download backup (JSON)' })).toBeTruthy();
    // Read after the list's first page, so it shows a moment later.
    expect(await screen.findByText(/0 saved posts, 2 MB used of 1 GB available/)).toBeTruthy();
  });

  test('lists saved posts newest first, searches their text, and filters by tag and site', async () => {
    const db = await library();
    render(<App {...props(db)} />);
    await waitFor(() => expect(titles()).toEqual(['Newest post', 'A post about lenses', 'Older post about bayes']));
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search saved posts' }), { target: { value: 'optics' } });
    await waitFor(() => expect(titles()).toEqual(['A post about lenses']));
    expect(screen.getByText('1 post found')).toBeTruthy();
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'telescopes' } });
    await waitFor(() => expect(titles()).toEqual(['A post about lenses', 'Newest post']));
    expect(screen.getByText('2 posts found')).toBeTruthy();
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'zzzz' } });
    expect(await screen.findByText(/No saved post matches/)).toBeTruthy();
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: '' } });
    fireEvent.click(await screen.findByRole('button', { name: '#bayes' }));
    await waitFor(() => expect(titles()).toEqual(['Older post about bayes']));
    fireEvent.click(screen.getByRole('button', { name: '#bayes' }));
    fireEvent.click(screen.getByRole('button', { name: 'Alignment Forum' }));
    await waitFor(() => expect(titles()).toEqual(['Newest post']));
    fireEvent.click(screen.getByRole('button', { name: 'Alignment Forum' }));
    await waitFor(() => expect(titles()).toHaveLength(3));
    // Sorting by title, and the reading-state chips.
    fireEvent.change(screen.getByRole('combobox', { name: /Sort by/ }), { target: { value: 'title' } });
    await waitFor(() => expect(titles()).toEqual(['A post about lenses', 'Newest post', 'Older post about bayes']));
    fireEvent.click(screen.getByRole('button', { name: 'Read' }));
    expect(await screen.findByText(/No saved post matches/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Unread' }));
    await waitFor(() => expect(titles()).toHaveLength(3));
  });

  test('sorting the whole library by title reads its page from the by-title index', async () => {
    const db = await library();
    render(<App {...props(db)} />);
    await waitFor(() => expect(titles()).toHaveLength(3));
    const fromIndex = vi.spyOn(IDBIndex.prototype, 'getAll');
    fireEvent.change(screen.getByRole('combobox', { name: /Sort by/ }), { target: { value: 'title' } });
    await waitFor(() => expect(titles()).toEqual(['A post about lenses', 'Newest post', 'Older post about bayes']));
    expect(fromIndex.mock.instances.some((index) => (index as unknown as IDBIndex).name === 'by-title')).toBe(true);
    fromIndex.mockRestore();
  });

  test('search marks the words it found in titles and excerpts', async () => {
    const db = await library();
    render(<App {...props(db)} />);
    await waitFor(() => expect(titles()).toHaveLength(3));
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search saved posts' }), { target: { value: 'telescopes' } });
    await waitFor(() => expect(titles()).toHaveLength(2));
    const marks = [...document.querySelectorAll('.lens-entry mark')].map((m) => m.textContent);
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => /^telescopes$/i.test(m ?? ''))).toBe(true);
  });

  test('bulk select: mark read, add tags, delete with undo', async () => {
    const db = await library();
    render(<App {...props(db)} />);
    await waitFor(() => expect(titles()).toHaveLength(3));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select “Newest post”' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select “A post about lenses”' }));
    const bar = screen.getByRole('toolbar', { name: 'Selected posts' });
    expect(bar.textContent).toContain('2 selected');
    fireEvent.click(within(bar).getByRole('button', { name: 'Mark read' }));
    await waitFor(async () => expect((await getSaved(db, 'newestnewestnewes'))?.entry.read).toBe(true));
    expect((await getSaved(db, 'abcdefghijklmnopq'))?.entry.read).toBe(true);
    expect((await getSaved(db, 'olderolderolderol'))?.entry.read).toBe(false);
    fireEvent.click(within(bar).getByRole('button', { name: 'Add tags…' }));
    const tagInput = (await screen.findByLabelText('Tags, separated by commas')) as HTMLInputElement;
    fireEvent.input(tagInput, { target: { value: 'later' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add tags' }));
    await waitFor(async () => expect((await getSaved(db, 'newestnewestnewes'))?.entry.tags).toEqual(['later']));
    await waitFor(async () => expect((await getSaved(db, 'abcdefghijklmnopq'))?.entry.tags).toEqual(['later']));
    const before = await getSaved(db, 'abcdefghijklmnopq');
    fireEvent.click(
      within(screen.getByRole('toolbar', { name: 'Selected posts' })).getByRole('button', { name: 'Delete' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Deleted 2 posts.');
    await waitFor(() => expect(titles()).toEqual(['Older post about bayes']));
    fireEvent.click(within(alert).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(titles()).toHaveLength(3));
    expect(await getSaved(db, 'abcdefghijklmnopq')).toEqual(before);
  });

  test('listing, searching and filtering load none of the heavier dependencies (they come with a post or an import)', async () => {
    const db = await library();
    const deps = vi.fn(async (): Promise<ReaderDeps> => {
      throw new Error('the library list asked for its heavier dependencies');
    });
    render(<App {...props(db, { deps })} />);
    await waitFor(() => expect(titles()).toHaveLength(3));
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search saved posts' }), { target: { value: 'optics' } });
    await waitFor(() => expect(titles()).toEqual(['A post about lenses']));
    fireEvent.click(screen.getByRole('button', { name: 'Alignment Forum' }));
    expect(await screen.findByText(/No saved post matches/)).toBeTruthy();
    expect(deps).not.toHaveBeenCalled();
  });

  test('the first page read before rendering (boot.ts) shows in the first render, and only once', async () => {
    const db = await library();
    const { listEntries } = await import('../../lib/store/list');
    const firstPage = await listEntries(db);
    // An entry the database does not hold: shown only if the handed page is what the first render uses.
    firstPage.entries.unshift({ ...firstPage.entries[0]!, id: 'handedhandedhande', title: 'Handed over' });
    render(<App {...props(db)} firstPage={firstPage} />);
    expect(titles()).toEqual(['Handed over', 'Newest post', 'A post about lenses', 'Older post about bayes']);
    expect(screen.queryByText('Loading…')).toBeNull();
    // Any later read (here a search, then clearing it) comes from the database.
    const box = screen.getByRole('searchbox', { name: 'Search saved posts' });
    fireEvent.input(box, { target: { value: 'optics' } });
    await waitFor(() => expect(titles()).toEqual(['A post about lenses']));
    fireEvent.input(box, { target: { value: '' } });
    await waitFor(() => expect(titles()).toEqual(['Newest post', 'A post about lenses', 'Older post about bayes']));
  });

  test('a page of rows paints the first screen of rows first, then the rest a frame later; "Show more" waits for them', async () => {
    const db = await freshDB();
    for (let i = 0; i < 60; i++)
      await savePost(db, makePost({ id: `many${String(i).padStart(13, '0')}`, title: `Post ${i}`, footnotes: [] }), {
        now: i + 1,
        sanitize,
      });
    render(<App {...props(db)} />);
    await waitFor(() => expect(titles().length).toBeGreaterThan(0));
    const first = titles();
    expect(first).toHaveLength(FIRST_ROWS);
    expect(first[0]).toBe('Post 59');
    expect(screen.queryByRole('button', { name: /Show more/ })).toBeNull();
    await waitFor(() => expect(titles()).toHaveLength(50));
    expect(screen.getByRole('button', { name: 'Show more (10 left)' })).toBeTruthy();
    // Showing more keeps the rows already painted and adds the rest.
    fireEvent.click(screen.getByRole('button', { name: 'Show more (10 left)' }));
    await waitFor(() => expect(titles()).toHaveLength(60));
    expect(screen.queryByRole('button', { name: /Show more/ })).toBeNull();
  });

  test('delete offers undo, and undo puts the post back as it was', async () => {
    const db = await library();
    const before = await getSaved(db, 'abcdefghijklmnopq');
    render(<App {...props(db)} />);
    await waitFor(() => expect(titles()).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Delete A post about lenses' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Deleted “A post about lenses”.');
    await waitFor(() => expect(titles()).toEqual(['Newest post', 'Older post about bayes']));
    fireEvent.click(within(alert).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(titles()).toHaveLength(3));
    expect(await getSaved(db, 'abcdefghijklmnopq')).toEqual(before);
  });

  test('the JSON backup and Markdown downloads carry the library', async () => {
    const db = await library();
    const download = vi.fn();
    render(<App {...props(db, { download })} />);
    await waitFor(() => expect(titles()).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Import and export…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Download backup (JSON)' }));
    await waitFor(() => expect(download).toHaveBeenCalledOnce());
    const [name, type, text] = download.mock.calls[0]!;
    expect(name).toMatch(/^lens-backup-\d{4}-\d\d-\d\d\.json$/);
    expect(type).toBe('application/json');
    expect(JSON.parse(text).posts).toHaveLength(3);
    fireEvent.click(screen.getByRole('button', { name: 'Markdown of A post about lenses' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(2));
    expect(download.mock.calls[1]![0]).toBe('a-post-about-lenses.md');
    expect(download.mock.calls[1]![2]).toContain('[^1]: A note about optics.');
  });

  test('a corrupt backup file is refused with a clear message and nothing changes', async () => {
    const db = await library();
    render(<App {...props(db)} />);
    await waitFor(() => expect(titles()).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Import and export…' }));
    const input = (await screen.findByLabelText(/Choose a file/)) as HTMLInputElement;
    Object.defineProperty(input, 'files', {
      value: [
        new File(['{"format":"lens-backup","version":1,"posts":"no"}'], 'broken.json', { type: 'application/json' }),
      ],
      configurable: true,
    });
    fireEvent.change(input);
    expect(await screen.findByText(/broken\.json: This Lens backup/)).toBeTruthy();
    Object.defineProperty(input, 'files', {
      value: [new File(['{"format":"other"}'], 'other.json', { type: 'application/json' })],
    });
    fireEvent.change(input);
    expect(await screen.findByText(/other\.json: this JSON file is not a Lens backup/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Import backup/ })).toBeNull();
    expect(titles()).toHaveLength(3);
  });

  test('importing the real dump file finds its 20 posts and saves them all', async () => {
    const db = await freshDB();
    render(<App {...props(db)} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Import and export…' }));
    const input = (await screen.findByLabelText(/Choose a file/)) as HTMLInputElement;
    Object.defineProperty(input, 'files', {
      value: [new File([readFileSync(DUMP, 'utf8')], 'dump.txt', { type: 'text/plain' })],
    });
    fireEvent.change(input);
    expect(await screen.findByText('dump.txt is a text dump: found 20 posts. Choose which to save.')).toBeTruthy();
    const boxes = within(screen.getByRole('group', { name: 'Posts found' })).getAllByRole('checkbox');
    expect(boxes).toHaveLength(20);
    fireEvent.click(boxes[0]!);
    expect(screen.getByRole('button', { name: 'Save 19 selected' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Select all' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save all 20' }));
    expect(await screen.findByText('Saved 20 of 20 posts.', {}, { timeout: 10_000 })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(titles()).toHaveLength(20));
  });
});

describe("the reader's look", () => {
  test("a theme saved in the options page reaches the open page at once, under the reader's own choice", async () => {
    const db = await freshDB();
    let tell: (theme: 'system' | 'light' | 'dark') => void = () => {};
    const watching = vi.fn((onChange: (theme: 'system' | 'light' | 'dark') => void) => {
      tell = onChange;
      return () => {};
    });
    const look = {
      prefs: { theme: 'auto' as const, size: 20, width: 'medium' as const },
      optionsTheme: 'light' as const,
    };
    const { unmount } = render(
      <App {...props(db)} look={look} systemDark={() => false} watchOptionsTheme={watching} />,
    );
    await screen.findByRole('heading', { level: 1, name: 'Lens library' });
    expect(document.documentElement.dataset.theme).toBe('light');
    act(() => tell('dark'));
    expect(document.documentElement.dataset.theme).toBe('dark');
    act(() => tell('system'));
    expect(document.documentElement.dataset.theme).toBe('light');
    unmount();
    // The reader's own theme wins over the options', as on opening.
    render(
      <App
        {...props(db)}
        look={{ ...look, prefs: { ...look.prefs, theme: 'sepia' } }}
        systemDark={() => false}
        watchOptionsTheme={watching}
      />,
    );
    await screen.findByRole('heading', { level: 1, name: 'Lens library' });
    act(() => tell('dark'));
    expect(document.documentElement.dataset.theme).toBe('sepia');
  });
});

describe('reading a saved post offline', () => {
  test('shows title, byline, link to the original, outline, body and footnotes, and clears the updated mark', async () => {
    const db = await freshDB();
    await savePost(db, makePost(), { now: 1, sanitize });
    await savePost(db, makePost({ html: `${makePost().html}<p>Added later.</p>` }), { now: 2, sanitize });
    location.hash = '#post=abcdefghijklmnopq';
    const enhance = vi.fn(() => undefined);
    render(<App {...props(db, { enhance })} />);
    // The post view is a chunk of its own, loaded on opening: slow on a loaded machine.
    expect(
      await screen.findByRole('heading', { level: 1, name: 'A post about lenses' }, { timeout: 10_000 }),
    ).toBeTruthy();
    expect(screen.getByText('Ada')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Original post/ }).getAttribute('href')).toBe(makePost().url);
    // A narrow window (happy-dom matches no width query): the outline is a drawer, opened by Contents.
    const contents = screen.getByRole('button', { name: 'Contents' });
    expect(contents.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(contents);
    const outline = await screen.findByRole('navigation', { name: 'Outline' });
    expect(
      within(outline)
        .getAllByRole('button')
        .map((a) => a.querySelector('.outline-text')?.textContent),
    ).toEqual(['Intro', 'More']);
    expect(screen.getByText('Added later.')).toBeTruthy();
    const notes = screen.getByRole('region', { name: 'Footnotes' });
    expect(notes.textContent).toContain('A note about optics.');
    expect(screen.getByRole('note').textContent).toContain('Updated since you saved it');
    await waitFor(() => expect(enhance).toHaveBeenCalled());
    await waitFor(async () => expect((await getSaved(db, 'abcdefghijklmnopq'))!.entry.updatedSinceSaved).toBe(false));
  });

  test('stored images show from object URLs made for them (revoked on leaving); the HTML keeps the original src', async () => {
    const db = await freshDB();
    const kept = 'https://res.cloudinary.com/lw/figure-1.png';
    const remote = 'https://images.example.org/figure-2.png';
    const html = `<p>Figures.</p><p><img src="${kept}" alt="one"><img src="${remote}" alt="two"><img src="blob:null/planted" alt="three"></p>`;
    await savePost(db, makePost({ html }), { sanitize });
    await db.put('images', { url: kept, blob: new Blob(['png']), posts: ['abcdefghijklmnopq'], savedAt: 1 });
    const made = 'blob:chrome-extension://lens/00000000-0000-4000-8000-000000000001';
    const objectUrl = { create: vi.fn(() => made), revoke: vi.fn() };
    const fetch = vi.fn(
      async () => new Response('png', { headers: { 'content-type': 'image/png' } }),
    ) as unknown as typeof globalThis.fetch;
    const requestImages = vi.fn(async () => true);
    const images = { fetch, allowedOrigins: async (o: readonly string[]) => new Set(o) };
    location.hash = '#post=abcdefghijklmnopq';
    const view = render(<App {...props(db, { objectUrl, images, requestImages })} />);
    const one = await screen.findByRole('img', { name: 'one' });
    expect(one.getAttribute('src')).toBe(made);
    expect(screen.getByRole('img', { name: 'two' }).getAttribute('src')).toBe(remote);
    expect(screen.getByRole('img', { name: 'three' }).getAttribute('src')).toBeNull();
    expect((await getSaved(db, 'abcdefghijklmnopq'))!.record.post.html).toContain(`src="${kept}"`);

    // The one image still remote can be kept from here: the browser is asked during the click, then it is fetched.
    fireEvent.click(screen.getByRole('button', { name: 'Keep its image offline' }));
    expect(requestImages).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('2 of 2 images kept offline.')).toBeTruthy();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String(vi.mocked(fetch).mock.calls[0]![0])).toBe(remote);
    await waitFor(() => expect(screen.queryByRole('button', { name: /^Keep its/ })).toBeNull());

    view.unmount();
    expect(objectUrl.revoke).toHaveBeenCalledWith(made);
  });

  test('a stored position scrolls its block into view when the post opens', async () => {
    const db = await freshDB();
    await savePost(db, makePost(), { sanitize });
    await savePosition(db, 'abcdefghijklmnopq', {
      headingId: 'more',
      paragraph: 1,
      block: 5,
      fingerprint: 'fourth paragraph.',
      updatedAt: 1,
    });
    const scrolled: string[] = [];
    const spy = vi.spyOn(HTMLElement.prototype, 'scrollIntoView').mockImplementation(function (this: HTMLElement) {
      scrolled.push(this.textContent ?? '');
    });
    location.hash = '#post=abcdefghijklmnopq';
    render(<App {...props(db)} />);
    await screen.findByRole('heading', { level: 1 });
    await waitFor(() => expect(scrolled).toContain('Fourth paragraph.'));
    spy.mockRestore();
  });

  test('a missing post says so and links back to the library', async () => {
    const db = await freshDB();
    location.hash = '#post=nothere';
    render(<App {...props(db)} />);
    expect(await screen.findByText(/not in your library/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the library' })).toBeTruthy();
  });

  test('saving a link from the context menu route reports success in words', async () => {
    const db = await freshDB();
    location.hash = `#save-link=${encodeURIComponent('https://www.lesswrong.com/posts/abcdefghijklmnopq/x')}`;
    const fetchLink = vi.fn(async () => ({ ok: true as const, post: makePost() }));
    render(<App {...props(db, { fetchLink })} />);
    expect(await screen.findByText('Saved “A post about lenses” to Lens.')).toBeTruthy();
    await waitFor(() => expect(titles()).toEqual(['A post about lenses']));
  });
});
