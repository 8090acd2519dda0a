import type { ComponentType } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { BookExport } from '../../components/BookExport';
import { ImportDump } from '../../components/ImportDump';
import { StableLibraryList } from '../../components/LibraryList';
import { SearchBox } from '../../components/SearchBox';
import { StorageUsage } from '../../components/StorageUsage';
import type { Post } from '../../lib/model';
import { whenIdle } from '../../lib/schedule';
import { onLibraryChange } from '../../lib/store/changes';
import type { Sanitizer } from '../../lib/store/clean';
import type { LensDatabase } from '../../lib/store/db';
import type { DumpDeps } from '../../lib/store/dump';
import { EntryCache } from '../../lib/store/entry-cache';
import type { ImageDeps } from '../../lib/store/images';
import { allTags, LIST_PAGE, type ListPage, listEntries } from '../../lib/store/list';
import type { RemoteResult } from '../../lib/store/remote';
import type { StorageUsage as Usage } from '../../lib/store/storage';
import type { SavedEntry, SavedPost } from '../../lib/store/types';
import { bookActions, listedBook } from './book-export';
import type { SearchApi } from './lazy-search';
import { SequencePage } from './SequencePage';
import { SequencePostNav } from './SequencePostNav';
import { SequenceShelf } from './SequenceShelf';

// The library's first screen loads only this module's imports: the save path (DOMPurify), the post view (KaTeX,
// previews), the parsers, export and backup code load with the action or view that needs them.
const store = () => import('../../lib/store/saved-posts');
const markdown = () => import('../../lib/export/markdown');

/** What the reader loads only when a view or an action needs it: DOMPurify, the parsers, previews, image access. */
export type ReaderDeps = {
  dump: DumpDeps;
  sanitize: Sanitizer;
  /** Footnote previews and math on the rendered post (lib/render/enhance + renderMath); returns a cleanup. */
  enhance?: (root: HTMLElement, post: Post) => (() => void) | undefined;
  fetchLink?: (url: string) => Promise<RemoteResult>;
  /** Keeping saved posts' images offline when this page saves (omitted: images stay remote). */
  images?: ImageDeps;
  /**
   * Asks the browser for access to the hosts of a post's images; called synchronously in a click (the browser's rule),
   * resolves whether it was granted.
   */
  requestImages?: (post: Post) => Promise<boolean>;
};

/** Everything the reader page needs from its surroundings, passed in so tests can run it on fake-indexeddb. */
export type AppProps = {
  db: LensDatabase;
  search: SearchApi;
  /** The heavier dependencies, loaded on first use (the page caches them); the library list never asks. */
  deps: () => Promise<ReaderDeps>;
  storage?: () => Promise<Usage | undefined>;
  persist?: () => Promise<boolean>;
  download?: (name: string, type: string, data: string | Blob) => void;
  /** Object URLs for stored images (tests pass their own where the DOM has none). */
  objectUrl?: { create: (blob: Blob) => string; revoke: (url: string) => void };
  /** The list's first page (newest first, no filter), when it was read before the page rendered (boot.ts). */
  firstPage?: ListPage;
};

type Route =
  | { view: 'library' }
  | { view: 'post'; id: string; seq?: string }
  | { view: 'save-link'; url: string }
  | { view: 'sequence'; id: string };

function routeOf(hash: string): Route {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const id = params.get('post');
  // A post opened from a sequence carries it (`&seq=<id>`): SequencePostNav shows its place and Previous/Next.
  if (id) return { view: 'post', id, ...(params.get('seq') ? { seq: params.get('seq')! } : {}) };
  const sequence = params.get('sequence');
  if (sequence) return { view: 'sequence', id: sequence };
  const url = params.get('save-link');
  if (url) return { view: 'save-link', url };
  return { view: 'library' };
}

/** Saves text as a file through a temporary link. */
export function defaultDownload(name: string, type: string, data: string | Blob): void {
  const url = URL.createObjectURL(typeof data === 'string' ? new Blob([data], { type }) : data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Object URLs from the page's URL API. */
export const OBJECT_URLS = {
  create: (blob: Blob) => URL.createObjectURL(blob),
  revoke: (url: string) => URL.revokeObjectURL(url),
};

const PAGE = LIST_PAGE;
/** Rows in the library's first paint: more than a tall window shows (rows are about 100 px high). */
const FIRST_ROWS = 16;
const SITES = ['lesswrong', 'alignmentforum', 'eaforum', 'greaterwrong', 'text'] as const;
const SITE_LABEL: Record<string, string> = {
  lesswrong: 'LessWrong',
  alignmentforum: 'Alignment Forum',
  eaforum: 'EA Forum',
  greaterwrong: 'GreaterWrong',
  text: 'Text dumps',
};

/** How long idle work in the library (loading the search index, the entry cache) waits at most for an idle moment. */
const IDLE_WITHIN = 300;

/** The reader page: the saved library (search, filters, import, export) or one saved post read offline. */
export function App(props: AppProps) {
  const { db, search, deps } = props;
  const [route, setRoute] = useState<Route>(() => routeOf(location.hash));
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState('');
  const [undo, setUndo] = useState<{ label: string; items: SavedPost[] } | null>(null);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  // The first page read before rendering serves the library's first mount only; later mounts read their own.
  const early = useRef(props.firstPage);
  const takeFirstPage = useCallback(() => {
    const page = early.current;
    early.current = undefined;
    return page;
  }, []);
  const [postPage, setPostPage] = useState<ComponentType<PostPageProps> | null>(null);
  const wantsPost = route.view === 'post';

  useEffect(() => {
    if (!wantsPost || postPage) return;
    // The post view's code and the dependencies it renders with load side by side.
    void deps();
    void import('./PostPage').then((m) => setPostPage(() => m.PostPage));
  }, [wantsPost, postPage, deps]);

  useEffect(() => {
    const onHash = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(
    () =>
      onLibraryChange((change) => {
        void (change.kind === 'delete' ? search.remove(change.ids) : search.update(change.ids)).then(bump);
      }),
    [search, bump],
  );

  // Keyed on the link itself: a repeated hashchange for the same link must not fetch and save it twice.
  const linkUrl = route.view === 'save-link' ? route.url : null;
  const { persist } = props;
  useEffect(() => {
    if (!linkUrl) return;
    let live = true;
    void (async () => {
      const [{ fetchLink, sanitize, images }, { savePost }, { describeImages }] = await Promise.all([
        deps(),
        store(),
        import('../../lib/store/images'),
      ]);
      if (!fetchLink || !live) return;
      setStatus(`Fetching ${linkUrl}…`);
      const fetched = await fetchLink(linkUrl);
      let message: string;
      if (!fetched.ok) {
        message = fetched.error;
      } else {
        // The save finishes even if the page is left meanwhile; only the page's own updates stop.
        const saved = await savePost(db, fetched.post, { sanitize, images });
        if (saved.ok) {
          await search.update([saved.id]);
          if (saved.firstSave) void persist?.();
        }
        const kept = saved.ok ? describeImages(saved.images) : '';
        message = saved.ok
          ? `Saved “${fetched.post.title}” to Lens${saved.updated ? ' (updated; the earlier version is kept)' : ''}.${kept ? ` ${kept}` : ''}`
          : saved.error;
      }
      if (!live) return;
      setStatus(message);
      history.replaceState(null, '', location.pathname);
      setRoute({ view: 'library' });
      bump();
    })();
    return () => {
      live = false;
    };
  }, [linkUrl, db, search, deps, persist, bump]);

  const afterDelete = async (items: SavedPost[]) => {
    await search.remove(items.map((i) => i.entry.id));
    setUndo({
      label: items.length === 1 ? `Deleted “${items[0]!.entry.title}”.` : `Deleted ${items.length} posts.`,
      items,
    });
    bump();
  };

  const undoDelete = async () => {
    if (!undo) return;
    await (await store()).putSaved(db, undo.items);
    await search.update(undo.items.map((i) => i.entry.id));
    setStatus(
      `Restored ${undo.items.length === 1 ? `“${undo.items[0]!.entry.title}”` : `${undo.items.length} posts`}.`,
    );
    setUndo(null);
    bump();
  };

  return (
    <div class="lens-reader">
      <div class="lens-live" role="status" aria-live="polite">
        {status}
      </div>
      {undo && (
        <div class="lens-undo" role="alert">
          <span>{undo.label}</span>{' '}
          <button type="button" onClick={() => void undoDelete()}>
            Undo
          </button>
          <button type="button" aria-label="Dismiss" onClick={() => setUndo(null)}>
            ×
          </button>
        </div>
      )}
      {route.view === 'post' && route.seq && (
        <SequencePostNav db={db} sequenceId={route.seq} postId={route.id} version={version} />
      )}
      {route.view === 'sequence' ? (
        <SequencePage db={db} id={route.id} version={version} />
      ) : route.view === 'post' ? (
        postPage === null ? (
          <p class="lens-empty">Loading…</p>
        ) : (
          <LazyPostPage
            component={postPage}
            {...props}
            id={route.id}
            version={version}
            onDeleted={(items) => {
              location.hash = '';
              void afterDelete(items);
            }}
            onChanged={bump}
          />
        )
      ) : (
        <Library
          {...props}
          version={version}
          bump={bump}
          setStatus={setStatus}
          onDeleted={afterDelete}
          takeFirstPage={takeFirstPage}
        />
      )}
    </div>
  );
}

type LibraryProps = AppProps & {
  version: number;
  bump: () => void;
  setStatus: (s: string) => void;
  onDeleted: (items: SavedPost[]) => Promise<void>;
  /** The first page read before rendering, once (undefined afterwards, or when there was none). */
  takeFirstPage: () => ListPage | undefined;
};

function Library({
  db,
  search,
  deps,
  version,
  bump,
  setStatus,
  onDeleted,
  storage,
  persist,
  download = defaultDownload,
  takeFirstPage,
}: LibraryProps) {
  const [query, setQuery] = useState('');
  const [tag, setTag] = useState('');
  const [source, setSource] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const [first] = useState(takeFirstPage);
  const [list, setList] = useState<{ entries: SavedEntry[]; total: number; query: string } | null>(
    first ? { ...first, query: '' } : null,
  );
  // Set while the mount's own read is the page already in hand: no filter, no query, first page, same version.
  const skipRead = useRef(first !== undefined);
  // The list on screen, for work scheduled after a paint to check it is still the one it was scheduled for.
  const current = useRef(list);
  current.current = list;
  // The first screen renders the rows a window shows; the rest of the page is rendered once that is painted.
  const [rendered, setRendered] = useState<number | undefined>(FIRST_ROWS);
  // When the reader last typed, for the lens:search measure (test/bench/store-chromium.bench.ts reads it).
  const typed = useRef<{ query: string; at: number } | null>(null);
  const [tags, setTagsList] = useState<string[]>([]);
  const [usage, setUsage] = useState<Usage | undefined>();
  const [count, setCount] = useState(0);

  const cache = useMemo(() => new EntryCache(db), [db]);
  const cachedVersion = useRef(version);

  // A layout effect: the query starts as soon as the typed text is committed, not a frame later after the paint.
  useLayoutEffect(() => {
    if (cachedVersion.current !== version) {
      cachedVersion.current = version;
      cache.clear();
    }
    if (skipRead.current) {
      skipRead.current = false;
      return;
    }
    let live = true;
    void (async () => {
      let next: { entries: SavedEntry[]; total: number };
      if (query.trim()) {
        const asked = performance.now();
        const ids = await search.search(query, 500);
        // The index's share of a search (waiting for it to load included), beside lens:search for the whole.
        performance.measure('lens:search-index', { start: asked, detail: { query } });
        // Without a filter only the entries shown: a common word matches hundreds of posts.
        const wanted = tag || source ? ids : ids.slice(0, limit);
        const entries = (await cache.get(wanted)).filter(
          (e) => (!tag || e.tags.includes(tag)) && (!source || e.source === source),
        );
        next = {
          entries: entries.slice(0, limit),
          total: tag || source ? entries.length : ids.length - (wanted.length - entries.length),
        };
      } else {
        next = await listEntries(db, { limit, tag: tag || undefined, source: source || undefined });
        if (cachedVersion.current === version) cache.add(next.entries);
      }
      if (!live) return;
      // A new query or filter paints the rows in view first; "Show more" adds to rows already painted.
      if (limit === PAGE) setRendered(FIRST_ROWS);
      setList({ ...next, query });
    })();
    return () => {
      live = false;
    };
  }, [db, search, cache, query, tag, source, limit, version]);

  // Runs after the list is painted: the first screen (lens:library-shown, from navigation start) and typing → results.
  useEffect(() => {
    if (!list) return;
    if (performance.getEntriesByName('lens:library-shown').length === 0) {
      performance.mark('lens:library-shown');
      // The first frame is still being rastered and shown (other threads, on few cores): loading the search index (so
      // the first query finds it ready) and then the entries it will show waits for an idle moment.
      whenIdle(() => void search.ready().then(() => whenIdle(() => void cache.loadAll(), IDLE_WITHIN)), IDLE_WITHIN);
    } else if (list.query) {
      // After a change to the library the cache starts empty again; a search refills it whole when next idle.
      whenIdle(() => void cache.loadAll(), IDLE_WITHIN);
    }
    // The rest of the page's rows, a frame after the first rows (the frame is still being rastered and shown); a list
    // replaced meanwhile (typing on) paints its own first rows first.
    if (rendered !== undefined) {
      const painted = list;
      requestAnimationFrame(() =>
        setTimeout(() => {
          if (current.current === painted) setRendered(undefined);
        }, 0),
      );
    }
    const t = typed.current;
    if (t && t.query === list.query) {
      typed.current = null;
      if (t.query.trim())
        performance.measure('lens:search', { start: t.at, detail: { query: t.query, total: list.total } });
    }
  }, [list, search, cache, rendered]);

  // After the first page is read: these reads would otherwise queue beside it in the database.
  const listed = list !== null;
  useEffect(() => {
    if (!listed) return;
    void allTags(db).then(setTagsList);
    void db.count('entries').then(setCount);
    void storage?.().then(setUsage);
  }, [db, version, storage, listed]);

  const remove = async (id: string) => onDeleted(await (await store()).deleteSaved(db, [id]));

  const exportMarkdown = async (id: string) => {
    const [{ getSaved }, { markdownFileName, postToMarkdown }] = await Promise.all([store(), markdown()]);
    const saved = await getSaved(db, id);
    if (saved) download(markdownFileName(saved.record.post), 'text/markdown', postToMarkdown(saved.record.post));
  };

  const exportAll = async (kind: 'json' | 'md') => {
    const day = new Date().toISOString().slice(0, 10);
    const [{ allSaved }, { exportLibrary }, { postsToMarkdown }] = await Promise.all([
      store(),
      import('../../lib/store/transfer'),
      markdown(),
    ]);
    if (kind === 'json')
      download(`lens-backup-${day}.json`, 'application/json', JSON.stringify(await exportLibrary(db), null, 1));
    else
      download(
        `lens-library-${day}.md`,
        'text/markdown',
        postsToMarkdown((await allSaved(db)).map((s) => s.record.post)),
      );
  };

  const importBackup = async (file: File | undefined) => {
    if (!file) return;
    const [{ sanitize }, { importLibrary }, { allSaved }] = await Promise.all([
      deps(),
      import('../../lib/store/transfer'),
      store(),
    ]);
    const report = await importLibrary(db, await file.text(), sanitize);
    if (!report.ok) {
      setStatus(`${file.name}: ${report.error}`);
      return;
    }
    setStatus(
      `Imported ${file.name}: ${report.added} added, ${report.merged} merged, ${report.unchanged} already up to date` +
        `${report.versionsKept ? `; ${report.versionsKept} earlier versions kept` : ''}.`,
    );
    // The search index is rebuilt lazily rather than re-indexing a whole backup post by post.
    await search.update((await allSaved(db)).map((s) => s.entry.id));
    bump();
  };

  const filtered = query.trim() !== '' || tag !== '' || source !== '';
  return (
    <main class="lens-library-page">
      <header class="lens-top">
        <h1>Lens library</h1>
        <StorageUsage usage={usage} posts={count} />
      </header>
      <SequenceShelf db={db} version={version} onPostsChanged={bump} />
      <SearchBox
        value={query}
        onInput={(v) => {
          typed.current = { query: v, at: performance.now() };
          setQuery(v);
          setLimit(PAGE);
        }}
        resultCount={query.trim() ? list?.total : undefined}
      />
      <div class="lens-filters">
        <label>
          Tag{' '}
          <select value={tag} onChange={(e) => setTag((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">All tags</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Site{' '}
          <select value={source} onChange={(e) => setSource((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">All sites</option>
            {SITES.map((s) => (
              <option key={s} value={s}>
                {SITE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list === null ? (
        <p class="lens-empty">Loading…</p>
      ) : (
        <StableLibraryList
          entries={list.entries}
          total={list.total}
          filtered={filtered}
          onDelete={(id) => void remove(id)}
          onToggleRead={(id, read) => void store().then((m) => m.setRead(db, id, read).then(bump))}
          onExportMarkdown={(id) => void exportMarkdown(id)}
          onMore={() => setLimit((l) => l + PAGE)}
          rendered={rendered}
        />
      )}
      <section class="lens-export" aria-labelledby="lens-export-title">
        <h2 id="lens-export-title">Export and backup</h2>
        <BookExport
          label={filtered ? 'Export the posts listed' : 'Export the whole library'}
          actions={bookActions(
            db,
            () => listedBook(db, search, { query, tag, source, sourceLabel: SITE_LABEL[source] }),
            download,
          )}
        />
        <button type="button" onClick={() => void exportAll('json')}>
          Download backup (JSON)
        </button>
        <button type="button" onClick={() => void exportAll('md')}>
          Download all as Markdown
        </button>
        <label for="lens-backup-file">Import a Lens backup</label>
        <input
          id="lens-backup-file"
          type="file"
          accept=".json,application/json"
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            void importBackup(input.files?.[0]).then(() => {
              input.value = '';
            });
          }}
        />
      </section>
      <ImportDump
        onParse={async (input) => {
          const [{ dump }, { postsFromDump }] = await Promise.all([deps(), import('../../lib/store/dump')]);
          return postsFromDump(input, dump);
        }}
        onSave={async (posts, progress) => {
          const [{ sanitize }, { saveMany, describeSaveMany }] = await Promise.all([
            deps(),
            import('../../lib/store/dump'),
          ]);
          const r = await saveMany(db, posts, { sanitize, progress });
          if (r.firstSave) void persist?.();
          await search.update(posts.map((p) => p.id));
          bump();
          return describeSaveMany(r, posts.length);
        }}
      />
    </main>
  );
}

/** What the post page is given (entrypoints/reader/PostPage.tsx, loaded when a post is opened). */
export type PostPageProps = AppProps & {
  id: string;
  version: number;
  onDeleted: (items: SavedPost[]) => void;
  onChanged: () => void;
};

function LazyPostPage({ component: Page, ...props }: PostPageProps & { component: ComponentType<PostPageProps> }) {
  return <Page {...props} />;
}
