import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FootnoteIndex } from '../../components/FootnoteIndex';
import { Outline } from '../../components/Outline';
import { SavedPanel, type SavedPanelProps } from '../../components/SavedPanel';
import { SidePanelApp, type SidePanelAppProps } from '../../components/SidePanelApp';
import type { SidebarTabState } from '../../lib/messages';
import type { Post } from '../../lib/model';
import { sanitizeHtml } from '../../lib/sanitize';
import { summarize } from '../../lib/sidebar/summary';

afterEach(cleanup);

const post: Post = {
  id: 'p1',
  source: 'lesswrong',
  title: 'Introduction to abstract entropy',
  html: '<h2 id="a">Alpha</h2><p>one two<a class="lens-fnref" id="r1" href="#fn1">[1]</a></p><h3 id="b">Beta</h3><p>three<a class="lens-fnref" id="r2" href="#fn1">[1]</a><a class="lens-fnref" id="r3" href="#fn1">[1]</a></p><h2 id="c">Gamma</h2><p>x<a class="lens-fnref" id="r4" href="#fn2">[2]</a></p>',
  headings: [
    { id: 'a', level: 2, text: 'Alpha' },
    { id: 'b', level: 3, text: 'Beta' },
    { id: 'c', level: 2, text: 'Gamma' },
  ],
  footnotes: [
    {
      id: 'fn1',
      number: 1,
      html: '<p>First note with <span class="lens-math" data-lens-tex="x^2">x^2</span></p>',
      text: 'First note',
      refIds: ['r1', 'r2', 'r3'],
    },
    { id: 'fn2', number: 2, html: '<p>Second note</p>', text: 'Second note', refIds: ['r4'] },
    { id: 'fn3', number: 3, html: '<p>Orphan</p>', text: 'Orphan', refIds: [] },
  ],
  math: [],
};

describe('Outline', () => {
  test('lists the headings nested by level and marks the current one', () => {
    render(
      <Outline title={post.title} headings={post.headings} currentHeadingId="b" progress={0.42} onSelect={() => {}} />,
    );
    const nav = screen.getByRole('navigation', { name: 'Outline' });
    const alpha = within(nav).getByRole('button', { name: /Alpha/ });
    const beta = within(nav).getByRole('button', { name: /Beta/ });
    expect(alpha.closest('li')?.querySelector('ol')?.contains(beta)).toBe(true);
    expect(beta.getAttribute('aria-current')).toBe('location');
    expect(alpha.getAttribute('aria-current')).toBeNull();
    expect(screen.getByRole('progressbar', { name: 'Reading progress' }).getAttribute('aria-valuenow')).toBe('42');
  });

  test('clicking an entry asks to scroll to that heading', () => {
    const onSelect = vi.fn();
    render(<Outline title="t" headings={post.headings} currentHeadingId={null} progress={0} onSelect={onSelect} />);
    fireEvent.click(screen.getByRole('button', { name: /Gamma/ }));
    expect(onSelect).toHaveBeenCalledWith('c');
  });

  test('shows per-section reading time and footnote count', () => {
    render(
      <Outline
        title="t"
        headings={post.headings}
        stats={{
          lead: { headingId: null, words: 0, minutes: 0, footnotes: [] },
          sections: [
            { headingId: 'a', words: 1000, minutes: 1000 / 230, footnotes: [1] },
            { headingId: 'b', words: 5, minutes: 5 / 230, footnotes: [1, 2] },
            { headingId: 'c', words: 5, minutes: 5 / 230, footnotes: [] },
          ],
          words: 1010,
          minutes: 1010 / 230,
        }}
        currentHeadingId={null}
        progress={0}
        onSelect={() => {}}
      />,
    );
    expect(screen.getByRole('button', { name: /Alpha/ }).textContent).toContain('4 min · 1 note');
    expect(screen.getByRole('button', { name: /Beta/ }).textContent).toContain('<1 min · 2 notes');
    expect(screen.getByText(/4 min read · 1,010 words/)).toBeTruthy();
  });

  test('a post without headings says so', () => {
    render(<Outline title="t" headings={[]} currentHeadingId={null} progress={0} onSelect={() => {}} />);
    expect(screen.getByText('This post has no headings.')).toBeTruthy();
  });
});

describe('FootnoteIndex', () => {
  test('lists every note with its number and text, and one "cited from" link per reference', () => {
    render(<FootnoteIndex footnotes={post.footnotes} onCite={() => {}} sanitize={sanitizeHtml} />);
    const items = within(screen.getByRole('list', { name: 'Footnotes' })).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]?.textContent).toContain('1.');
    expect(items[0]?.textContent).toContain('First note');
    expect(within(items[0]!).getAllByRole('button')).toHaveLength(3);
    expect(within(items[1]!).getAllByRole('button', { name: 'Go to the reference to note 2' })).toHaveLength(1);
    expect(within(items[2]!).getByText('Not cited in the text')).toBeTruthy();
  });

  test('a "cited from" link jumps to its own reference', () => {
    const onCite = vi.fn();
    render(<FootnoteIndex footnotes={post.footnotes} onCite={onCite} sanitize={sanitizeHtml} />);
    fireEvent.click(screen.getByRole('button', { name: 'Go to reference 2 of 3 to note 1' }));
    expect(onCite).toHaveBeenCalledWith('r2');
  });

  test('the list is handed to the math renderer once rendered', () => {
    const renderMath = vi.fn();
    render(
      <FootnoteIndex footnotes={post.footnotes} onCite={() => {}} renderMath={renderMath} sanitize={sanitizeHtml} />,
    );
    expect(renderMath).toHaveBeenCalledTimes(1);
    expect((renderMath.mock.calls[0]![0] as HTMLElement).querySelector('.lens-math')).toBeTruthy();
  });

  test("a note's HTML is sanitised when shown (a page sends its notes as it read them)", () => {
    const unsafe = post.footnotes.map((f, i) =>
      i === 0 ? { ...f, html: '<p>First note<img src="x" onerror="alert(1)"><script>alert(2)</script></p>' } : f,
    );
    render(<FootnoteIndex footnotes={unsafe} onCite={() => {}} sanitize={sanitizeHtml} />);
    const first = within(screen.getByRole('list', { name: 'Footnotes' })).getAllByRole('listitem')[0]!;
    expect(first.textContent).toContain('First note');
    expect(first.querySelector('img')?.hasAttribute('onerror')).toBe(false);
    expect(first.querySelector('script')).toBeNull();
  });
});

const savedProps = (over: Partial<SavedPanelProps> = {}): SavedPanelProps => ({
  current: { id: 'p1', title: 'A post' },
  currentSaved: false,
  currentTags: [],
  onToggleSave: vi.fn(),
  onTagsChange: vi.fn(),
  items: [],
  query: '',
  onQuery: vi.fn(),
  onOpen: vi.fn(),
  onOpenLibrary: vi.fn(),
  ...over,
});

describe('SavedPanel', () => {
  test('shows the state and a Save button for an unsaved post', () => {
    const props = savedProps();
    render(<SavedPanel {...props} />);
    expect(screen.getByText('Not saved')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(props.onToggleSave).toHaveBeenCalled();
  });

  test('a saved post offers Unsave and tags', () => {
    const props = savedProps({ currentSaved: true, currentTags: ['math'] });
    render(<SavedPanel {...props} />);
    expect(screen.getByRole('button', { name: 'Unsave' }).getAttribute('aria-pressed')).toBe('true');
    const input = screen.getByLabelText('Tags (comma-separated)') as HTMLInputElement;
    expect(input.value).toBe('math');
    fireEvent.input(input, { target: { value: 'math, entropy' } });
    fireEvent.submit(input.closest('form')!);
    expect(props.onTagsChange).toHaveBeenCalledWith(['math', 'entropy']);
  });

  test('lists saved posts, searches and opens one', () => {
    const props = savedProps({
      items: [{ id: 'x', title: 'Saved one', author: 'Alex', savedAt: Date.UTC(2026, 0, 2), tags: ['t'] }],
    });
    render(<SavedPanel {...props} />);
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search saved posts' }), { target: { value: 'entropy' } });
    expect(props.onQuery).toHaveBeenCalledWith('entropy');
    fireEvent.click(screen.getByRole('button', { name: /Saved one/ }));
    expect(props.onOpen).toHaveBeenCalledWith('x');
  });

  test('with no post in view it still lists the library', () => {
    render(<SavedPanel {...savedProps({ current: null })} />);
    expect(screen.getByText('Open a post to save it.')).toBeTruthy();
    expect(screen.getByText('Nothing saved yet.')).toBeTruthy();
  });
});

const tabState = (over: Partial<SidebarTabState> = {}): SidebarTabState => ({
  tabId: 7,
  url: 'https://www.lesswrong.com/posts/x',
  title: 'x',
  posts: [post],
  position: { postIndex: 0, headingId: 'a', progress: 0.1, canGoBack: false },
  ...over,
});

const appProps = (over: Partial<SidePanelAppProps> = {}): SidePanelAppProps => ({
  state: tabState(),
  saved: {
    currentSaved: false,
    currentTags: [],
    onToggleSave: vi.fn(),
    onTagsChange: vi.fn(),
    items: [],
    query: '',
    onQuery: vi.fn(),
    onOpen: vi.fn(),
  },
  onCommand: vi.fn(),
  onRunLens: vi.fn(),
  onOpenLibrary: vi.fn(),
  sanitize: sanitizeHtml,
  ...over,
});

describe('SidePanelApp', () => {
  test('is a tab list; arrow keys move selection and focus (roving tabindex)', () => {
    render(<SidePanelApp {...appProps()} />);
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Outline', 'Footnotes (3)', 'Saved']);
    expect(tabs.map((t) => t.getAttribute('tabindex'))).toEqual(['0', '-1', '-1']);
    tabs[0]!.focus();
    fireEvent.keyDown(tabs[0]!, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Footnotes (3)' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Footnotes (3)' }));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(screen.getByRole('tab', { name: 'Saved' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Outline' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel', { name: 'Outline' })).toBeTruthy();
  });

  test('outline clicks and "cited from" clicks become page commands for the post in view', () => {
    const props = appProps();
    render(<SidePanelApp {...props} />);
    fireEvent.click(screen.getByRole('button', { name: /Beta/ }));
    expect(props.onCommand).toHaveBeenCalledWith({ kind: 'scroll-to-heading', postIndex: 0, headingId: 'b' });
    fireEvent.click(screen.getByRole('tab', { name: /Footnotes/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Go to the reference to note 2' }));
    expect(props.onCommand).toHaveBeenCalledWith({ kind: 'jump-to-reference', postIndex: 0, refId: 'r4' });
  });

  test('shows the outline of the post in view on a page of several posts', () => {
    const second: Post = { ...post, id: 'p2', title: 'Second post', headings: [{ id: 'z', level: 2, text: 'Zeta' }] };
    render(
      <SidePanelApp
        {...appProps({
          state: tabState({
            posts: [post, second],
            position: { postIndex: 1, headingId: 'z', progress: 0, canGoBack: false },
          }),
        })}
      />,
    );
    expect(screen.getByText('Post 2 of 2')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Zeta/ }).getAttribute('aria-current')).toBe('location');
    expect(screen.queryByRole('button', { name: /Alpha/ })).toBeNull();
  });

  test('offers a way back after a jump', () => {
    const props = appProps({
      state: tabState({ position: { postIndex: 0, headingId: 'a', progress: 0, canGoBack: true } }),
    });
    render(<SidePanelApp {...props} />);
    fireEvent.click(screen.getByRole('button', { name: /Back to where you were/ }));
    expect(props.onCommand).toHaveBeenCalledWith({ kind: 'back' });
  });

  test('a sequence page with no post shows only the sequence part, not "No post here yet" nor empty tabs', () => {
    const part = <section aria-label="Sequence">A Fixture Sequence</section>;
    render(<SidePanelApp {...appProps({ state: tabState({ posts: null }), sequence: part, onSequencePage: true })} />);
    expect(screen.getByRole('region', { name: 'Sequence' }).textContent).toBe('A Fixture Sequence');
    expect(screen.queryByText(/No post here yet/)).toBeNull();
    expect(screen.queryAllByRole('tab')).toEqual([]);
    cleanup();
    // A post page that belongs to a sequence keeps its outline under the sequence part.
    render(<SidePanelApp {...appProps({ sequence: part, onSequencePage: true })} />);
    expect(screen.getByRole('region', { name: 'Sequence' })).toBeTruthy();
    expect(screen.getAllByRole('tab')).toHaveLength(3);
    cleanup();
    // Not a sequence page: the usual message.
    render(<SidePanelApp {...appProps({ state: tabState({ posts: null }), sequence: part })} />);
    expect(screen.getByText(/No post here yet/)).toBeTruthy();
  });

  test('a tab with no post says what Lens can do and offers to run it or open the library', () => {
    const props = appProps({ state: tabState({ posts: null }) });
    render(<SidePanelApp {...props} />);
    expect(screen.getByText(/No post here yet/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Run Lens on this page' }));
    expect(props.onRunLens).toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Open library' }));
    expect(props.onOpenLibrary).toHaveBeenCalled();
  });

  test('while the page reads its post for the panel, it says so instead of offering to run Lens', () => {
    render(<SidePanelApp {...appProps({ state: tabState({ posts: null, reading: true }) })} />);
    expect(screen.getByRole('status').textContent).toBe('Reading the post…');
    expect(screen.queryByRole('button', { name: 'Run Lens on this page' })).toBeNull();
  });

  test('while only the summary of the post in view has arrived, it lists the outline and the footnote count but offers no Save', () => {
    render(<SidePanelApp {...appProps({ state: tabState({ posts: [summarize(post)] }) })} />);
    expect(screen.getByRole('button', { name: /Beta/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Footnotes (3)' }));
    expect(screen.getByText('Loading footnotes…')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Saved' }));
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  test('paints the outline first and the reading time a task later; a summary shows none, the full post then does', async () => {
    const meta = () => document.querySelector('.post-meta')?.textContent ?? null;
    const { rerender } = render(<SidePanelApp {...appProps({ state: tabState({ posts: [summarize(post)] }) })} />);
    expect(screen.getByRole('button', { name: /Alpha/ })).toBeTruthy();
    await new Promise((r) => setTimeout(r, 10));
    expect(meta()).toBeNull();
    rerender(<SidePanelApp {...appProps()} />);
    expect(screen.getByRole('button', { name: /Alpha/ })).toBeTruthy();
    expect(meta()).toBeNull();
    await vi.waitFor(() => expect(meta()).toMatch(/read · \d+ words/));
  });
});
