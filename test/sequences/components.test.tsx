import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { strFromU8, unzipSync } from 'fflate';
import type { ComponentProps } from 'preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { SequenceCard } from '../../components/SequenceCard';
import { SequenceNav } from '../../components/SequenceNav';
import { SequencePanel } from '../../components/SequencePanel';
import { SequencePage } from '../../entrypoints/reader/SequencePage';
import { SequenceShelf } from '../../entrypoints/reader/SequenceShelf';
import { applyOutcome, createJob, pauseJob } from '../../lib/sequences/job';
import { savePost, setRead } from '../../lib/store/saved-posts';
import { putSequence } from '../../lib/store/sequences';
import type { SequenceOutline, SequenceRecord } from '../../lib/store/types';
import { freshDB, makePost } from '../store/helpers';

afterEach(cleanup);

const id = (n: number) => `post${String(n).padStart(13, '0')}`;
const outline: SequenceOutline = {
  id: 'sequenceAbcdefghi',
  kind: 'sequence',
  title: 'A sequence',
  author: 'Ada',
  url: 'https://www.lesswrong.com/s/sequenceAbcdefghi',
  source: 'lesswrong',
  chapters: [
    {
      title: 'Beginnings',
      posts: [1, 2, 3].map((n) => ({
        id: id(n),
        title: `Post ${n}`,
        url: `https://www.lesswrong.com/posts/${id(n)}/p`,
      })),
    },
    {
      title: 'Endings',
      posts: [4, 5].map((n) => ({ id: id(n), title: `Post ${n}`, url: `https://www.lesswrong.com/posts/${id(n)}/p` })),
    },
  ],
};
const record: SequenceRecord = { ...outline, postIds: [1, 2, 3, 4, 5].map(id), savedAt: 1, updatedAt: 1 };

/** The side panel's sequence part with callbacks that do nothing and no current post, but for what a test gives. */
function renderPanel(
  props: Partial<ComponentProps<typeof SequencePanel>> & Pick<ComponentProps<typeof SequencePanel>, 'info'>,
) {
  return render(
    <SequencePanel
      currentPostId={null}
      onSave={() => {}}
      onControl={() => {}}
      onOpenSequence={() => {}}
      onNavigate={() => {}}
      {...props}
    />,
  );
}

/** The outline's sequence as the panel's save target, with this many posts. */
const target = (total: number) => ({
  url: outline.url,
  id: outline.id,
  title: 'A sequence',
  kind: 'sequence' as const,
  total,
});

describe('the side panel sequence part', () => {
  test('offers to save the whole sequence with its post count', () => {
    const onSave = vi.fn();
    renderPanel({
      info: { target: target(48), member: [] },
      onSave,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save the whole sequence (48 posts)' }));
    expect(onSave).toHaveBeenCalledWith(outline.url);
  });

  test('shows a running job as n of N with a bar, Pause and Cancel, and a failed post with Retry', () => {
    let job = createJob(outline, 'https://www.lesswrong.com/graphql', 0);
    job = applyOutcome(job, id(1), { kind: 'saved' }, 1);
    job = applyOutcome(job, id(2), { kind: 'failed', error: 'gone' }, 2);
    const onControl = vi.fn();
    renderPanel({
      info: { target: target(5), job, member: [] },
      onControl,
    });
    expect(screen.getByRole('progressbar')).toHaveProperty('value', 1);
    expect(screen.getByRole('status').textContent).toBe('Saving: 1 of 5, 1 failed');
    expect(screen.queryByRole('button', { name: /Save the whole/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(onControl).toHaveBeenLastCalledWith(outline.id, 'pause');
    const failed = screen.getByRole('list', { name: 'Posts that could not be saved' });
    expect(within(failed).getByText('Post 2')).toBeTruthy();
    fireEvent.click(within(failed).getByRole('button', { name: 'Retry' }));
    expect(onControl).toHaveBeenLastCalledWith(outline.id, 'retry', id(2));
    cleanup();
    renderPanel({
      info: { target: target(5), job: pauseJob(job, 3), member: [] },
      onControl,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(onControl).toHaveBeenLastCalledWith(outline.id, 'resume');
  });

  test('on a post of a saved sequence: its contents with the current post marked, next/previous keep the sequence', () => {
    const onNavigate = vi.fn();
    renderPanel({ info: { member: [record] }, currentPostId: id(3), onNavigate });
    const contents = screen.getByRole('region', { name: 'Contents of A sequence' });
    const current = within(contents).getByRole('link', { current: 'page' });
    expect(current.textContent).toBe('Post 3');
    expect(contents.textContent).toContain('3 of 5');
    fireEvent.click(screen.getByRole('button', { name: 'Post 4 →' }));
    expect(onNavigate).toHaveBeenCalledWith(`https://www.lesswrong.com/s/sequenceAbcdefghi/p/${id(4)}`);
  });
});

describe("the library's shelf", () => {
  test('with no sequence saved: Add by URL, and no empty Sequences heading', async () => {
    const db = await freshDB('shelf-empty');
    render(<SequenceShelf db={db} version={0} onPostsChanged={vi.fn()} />);
    const field = await screen.findByRole('textbox', { name: 'Add by URL' });
    expect(field.closest('form')?.querySelector('button[type="submit"]')?.textContent).toBe('Save');
    expect(screen.queryByRole('heading', { name: 'Sequences' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Sequences' })).toBeNull();
  });

  test('with a sequence saved: its card under a Sequences heading, Add by URL still there', async () => {
    const db = await freshDB('shelf-one');
    await putSequence(db, outline);
    render(<SequenceShelf db={db} version={0} onPostsChanged={vi.fn()} />);
    const region = await screen.findByRole('region', { name: 'Sequences' });
    expect(within(region).getByRole('heading', { level: 2, name: 'Sequences' })).toBeTruthy();
    expect(region.textContent).toContain('A sequence');
    expect(screen.getByRole('textbox', { name: 'Add by URL' })).toBeTruthy();
  });
});

describe("the library's shelf: deleting a sequence", () => {
  test('with its posts: they go (a post another sequence holds stays), Undo puts everything back', async () => {
    const db = await freshDB('shelf-delete');
    for (const n of [1, 2, 3, 4, 5]) await savePost(db, makePost({ id: id(n), title: `Post ${n}` }));
    await putSequence(db, outline);
    await putSequence(db, {
      ...outline,
      id: 'sequenceOtherxxxx',
      title: 'Another sequence',
      url: 'https://www.lesswrong.com/s/sequenceOtherxxxx',
      chapters: [{ title: 'Only', posts: [outline.chapters[0]!.posts[0]!] }],
    });
    const changed = vi.fn();
    render(<SequenceShelf db={db} version={0} onPostsChanged={changed} />);
    const card = (await screen.findByText('A sequence')).closest('li')!;
    fireEvent.click(within(card).getByRole('button', { name: 'Delete…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete the sequence and its posts' }));
    await screen.findByText('Deleted “A sequence” and 4 of its posts.');
    expect(await db.get('sequences', outline.id)).toBeUndefined();
    expect((await db.getAllKeys('entries')).sort()).toEqual([id(1)]);
    expect(changed).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(async () => expect((await db.getAllKeys('entries')).length).toBe(5));
    expect((await db.get('sequences', outline.id))?.postIds).toEqual(record.postIds);
    await waitFor(() => expect(changed).toHaveBeenCalledTimes(2));
  });
});

describe('reading in order', () => {
  test('the library card says how many are read', () => {
    render(
      <SequenceCard
        sequence={record}
        progress={{ total: 48, saved: 48, read: 12, next: id(1) }}
        onOpen={() => {}}
        onDelete={() => {}}
        onControl={() => {}}
      />,
    );
    expect(screen.getByText('12 of 48 read')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Continue' })).toBeTruthy();
  });

  test('a post shows "Chapter · 7 of 48" with Previous and Next, and the keys [ and ]', () => {
    const onGo = vi.fn();
    render(
      <SequenceNav
        sequenceTitle="A sequence"
        sequenceHref="#sequence=x"
        chapterTitle="Beginnings"
        index={7}
        total={48}
        previous={{ id: 'a', title: 'Six' }}
        next={{ id: 'b', title: 'Eight' }}
        onGo={onGo}
      />,
    );
    expect(screen.getByText('Beginnings · 7 of 48')).toBeTruthy();
    fireEvent.keyDown(window, { key: ']' });
    expect(onGo).toHaveBeenLastCalledWith('b');
    fireEvent.keyDown(window, { key: '[' });
    expect(onGo).toHaveBeenLastCalledWith('a');
    fireEvent.click(screen.getByRole('button', { name: 'Next →' }));
    expect(onGo).toHaveBeenCalledTimes(3);
  });

  test('the sequence page lists chapters and posts in order with read state and Continue reading', async () => {
    const db = await freshDB('seq-page');
    await putSequence(db, outline);
    for (const n of [1, 2, 3, 4]) await savePost(db, makePost({ id: id(n), title: `Post ${n}` }));
    await setRead(db, id(1), true);
    render(<SequencePage db={db} id={outline.id} version={0} download={vi.fn()} />);
    await waitFor(() => screen.getByRole('heading', { name: 'A sequence', level: 1 }));
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(['Beginnings', 'Endings']);
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['Post 1 · read', 'Post 2', 'Post 3', 'Post 4', 'Post 5 · not saved']);
    expect(screen.getByText('1 of 5 read · 4 of 5 saved')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Continue reading' }).getAttribute('href')).toBe(
      `#post=${id(2)}&seq=${outline.id}`,
    );
  });

  test('the sequence page downloads an EPUB of the saved posts in order, its chapters as the book parts', async () => {
    const db = await freshDB('seq-epub');
    await putSequence(db, outline);
    for (const n of [4, 1, 3, 2]) await savePost(db, makePost({ id: id(n), title: `Post ${n}` }));
    const download = vi.fn();
    render(<SequencePage db={db} id={outline.id} version={0} download={download} />);
    const group = await screen.findByRole('group', { name: 'Export this sequence' });
    fireEvent.click(within(group).getByRole('button', { name: 'Download EPUB' }));
    await waitFor(() => expect(download).toHaveBeenCalledOnce(), { timeout: 30_000 });
    const [name, type, blob] = download.mock.calls[0]!;
    expect([name, type]).toEqual(['a-sequence.epub', 'application/epub+zip']);
    const files = unzipSync(new Uint8Array(await (blob as Blob).arrayBuffer()));
    const nav = strFromU8(files['OEBPS/nav.xhtml']!);
    // Chapters in order, each listing its saved posts in order; post 5 is not saved, so it is not in the book.
    const order = [...nav.matchAll(/>(Beginnings|Endings|Post \d)</g)].map((m) => m[1]);
    expect(order).toEqual(['Beginnings', 'Post 1', 'Post 2', 'Post 3', 'Endings', 'Post 4']);
    expect(strFromU8(files['OEBPS/content.opf']!)).toContain('<dc:title>A sequence</dc:title>');
  }, 60_000);
});
