import type { ComponentType } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { BookExport } from '../../components/BookExport';
import type { ImportDialog, ImportInput, ImportPreview } from '../../components/ImportDialog';
import { StableLibraryList } from '../../components/LibraryList';
import { SearchBox } from '../../components/SearchBox';
import { StorageUsage } from '../../components/StorageUsage';
import type { TagDialog } from '../../components/TagDialog';
import { type MessageKey, t, tn } from '../../lib/i18n';
import type { Post } from '../../lib/model';
import { type KeyPress, readerAction } from '../../lib/reader/keys';
import { type NavTarget, neighbours, type PostNav } from '../../lib/reader/nav';
import { DEFAULT_READER_PREFS, type ReaderPrefs, resolveTheme, type StoredLook } from '../../lib/reader/prefs';
import { afterFirstPaint, whenIdle } from '../../lib/schedule';
import { onLibraryChange } from '../../lib/store/changes';
import type { Sanitizer } from '../../lib/store/clean';
import type { LensDatabase } from '../../lib/store/db';
import type { DumpDeps } from '../../lib/store/dump';
import { EntryCache } from '../../lib/store/entry-cache';
import type { ImageDeps } from '../../lib/store/images';
import { allTags, byTitle, LIST_PAGE, type ListPage, listByTitle, listEntries } from '../../lib/store/list';
import type { RemoteResult } from '../../lib/store/remote';
import type { StorageUsage as Usage } from '../../lib/store/storage';
import type { SavedEntry, SavedPost } from '../../lib/store/types';
import { bookActions, listedBook } from './book-export';
import type { SearchApi } from './lazy-search';
import { SequencePage } from './SequencePage';
import { SequencePostNav } from './SequencePostNav';
import { SequenceShelf } from './SequenceShelf';

type ImportDialogProps = Parameters<typeof ImportDialog>[0];
type TagDialogProps = Parameters<typeof TagDialog>[0];

// The library's first screen loads only this module's imports: the save path (DOMPurify), the post view (KaTeX,
// previews), the parsers, export and backup code load with the action or view that needs them.
const store = () => import('../../lib/store/saved-posts');
const markdown = () => import('../../lib/export/markdown');

/** What the reader loads only when a view or an action needs it: DOMPurify, the parsers, previews, image access. */
export type ReaderDeps = {
  dump: DumpDeps;
  sanitize: Sanitizer;
  /** Footnote previews and math on the rendered post (lib/inpage/enhance + renderMath); returns a cleanup. */
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
  /**
   * The reader's remembered look (theme, text size, width) and the options' theme; a promise while it is still being
   * read (reader-boot.js paints it on the page meanwhile, so the page applies its own only once it has it).
   */
  look?: StoredLook | Promise<StoredLook>;
  /** Remembers a changed look (storage.local in the page). */
  saveLook?: (prefs: ReaderPrefs) => void;
  /**
   * Tells the page the options' theme whenever the options page changes it (storage.onChanged in the page); returns
   * the function that stops watching.
   */
  watchOptionsTheme?: (onChange: (theme: StoredLook['optionsTheme']) => void) => () => void;
  /** Whether the system asks for dark (a fixed answer in tests). */
  systemDark?: () => boolean;
};

type Route =
  | { view: 'library'; search?: boolean }
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
  return params.has('search') ? { view: 'library', search: true } : { view: 'library' };
}

/** Paints the reader's look on the page: theme, text size and column width as attributes and custom properties. */
export function applyLook(root: HTMLElement, prefs: ReaderPrefs, theme: 'light' | 'dark' | 'sepia'): void {
  root.dataset.theme = theme;
  root.dataset.width = prefs.width;
  root.style.setProperty('--reading-size', `${prefs.size}px`);
}

const systemDarkNow = () => typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;

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
/** Cards in the library's first paint: more than a tall window shows (a card with its excerpt is 150–170 px high). */
export const FIRST_ROWS = 10;
const SITES = ['lesswrong', 'alignmentforum', 'eaforum', 'greaterwrong', 'text'] as const;
const SITE_LABEL: Record<string, MessageKey> = {
  lesswrong: 'siteLessWrong',
  alignmentforum: 'siteAlignmentForum',
  eaforum: 'siteEaForum',
  greaterwrong: 'siteGreaterWrong',
  text: 'siteTextDumps',
};

/** A site filter's name in the reader's language. */
function siteLabel(source: string): string | undefined {
  const key = SITE_LABEL[source];
  return key ? t(key) : undefined;
}

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
  const given = props.look;
  const [look, setLook] = useState<StoredLook | undefined>(given instanceof Promise ? undefined : given);
  const [prefs, setPrefs] = useState<ReaderPrefs>(look?.prefs ?? DEFAULT_READER_PREFS);
  useEffect(() => {
    if (!(given instanceof Promise)) return;
    void given.then((l) => {
      setLook(l);
      setPrefs(l.prefs);
    });
  }, [given]);
  // The options' theme as the options page last saved it, once it changes while the page is open.
  const [liveOptionsTheme, setLiveOptionsTheme] = useState<StoredLook['optionsTheme'] | undefined>(undefined);
  const { watchOptionsTheme } = props;
  useEffect(() => watchOptionsTheme?.(setLiveOptionsTheme), [watchOptionsTheme]);
  const optionsTheme = liveOptionsTheme ?? look?.optionsTheme ?? 'system';
  // Until a look still being read arrives, the page keeps the one reader-boot.js painted.
  const lookKnown = look !== undefined || given === undefined;
  const systemDark = props.systemDark ?? systemDarkNow;
  const [dark, setDark] = useState(systemDark);
  const theme = resolveTheme(prefs.theme, optionsTheme, dark);
  const { saveLook } = props;
  // Changes merge into the latest look (two changes in one task must not undo each other).
  const latest = useRef(prefs);
  latest.current = prefs;
  const changeLook = useCallback(
    (change: Partial<ReaderPrefs>) => {
      const next = { ...latest.current, ...change };
      latest.current = next;
      setPrefs(next);
      saveLook?.(next);
    },
    [saveLook],
  );
  useLayoutEffect(() => {
    if (lookKnown) applyLook(document.documentElement, prefs, theme);
  }, [prefs, theme, lookKnown]);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const media = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setDark(systemDark());
    media.addEventListener?.('change', onChange);
    return () => media.removeEventListener?.('change', onChange);
  }, [systemDark]);
  // The order of the library list last shown: the post view's previous and next (`[` and `]`).
  const [order, setOrder] = useState<NavTarget[]>(() => {
    try {
      return JSON.parse(sessionStorage.getItem('lens:order') ?? '[]') as NavTarget[];
    } catch {
      return [];
    }
  });
  const onOrder = useCallback((next: NavTarget[]) => {
    setOrder(next);
    try {
      sessionStorage.setItem('lens:order', JSON.stringify(next));
    } catch {
      // A full or refused session storage only costs [ and ] after a reload.
    }
  }, []);
  const [help, setHelp] = useState(false);
  const [helpView, setHelpView] = useState<ComponentType<{ onClose: () => void }> | null>(null);
  const openHelp = useCallback(() => {
    void import('../../components/KeysHelp').then((m) => setHelpView(() => m.KeysHelp));
    setHelp(true);
  }, []);
  const nav: PostNav = route.view === 'post' ? neighbours(order, route.id, 'library') : {};

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
      setStatus(t('fetchingLink', linkUrl));
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
          ? `${t(saved.updated ? 'savedToLensUpdated' : 'savedToLens', fetched.post.title)}${kept ? ` ${kept}` : ''}`
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
      label: items.length === 1 ? t('deletedOne', items[0]!.entry.title) : tn('deletedMany', items.length),
      items,
    });
    bump();
  };

  const undoDelete = async () => {
    if (!undo) return;
    await (await store()).putSaved(db, undo.items);
    await search.update(undo.items.map((i) => i.entry.id));
    setStatus(
      undo.items.length === 1 ? t('restoredOne', undo.items[0]!.entry.title) : tn('restoredMany', undo.items.length),
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
            {t('undo')}
          </button>
          <button type="button" aria-label={t('dismiss')} onClick={() => setUndo(null)}>
            ×
          </button>
        </div>
      )}
      {route.view === 'post' && route.seq && (
        <SequencePostNav db={db} sequenceId={route.seq} postId={route.id} version={version} />
      )}
      {route.view === 'sequence' ? (
        <SequencePage db={db} id={route.id} version={version} download={props.download ?? defaultDownload} />
      ) : route.view === 'post' ? (
        postPage === null ? (
          <p class="lens-empty">{t('loading')}</p>
        ) : (
          <LazyPostPage
            component={postPage}
            {...props}
            id={route.id}
            nav={nav}
            prefs={prefs}
            theme={theme}
            onLook={changeLook}
            onHelp={openHelp}
            helpOpen={help}
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
          onOrder={onOrder}
          focusSearch={route.view === 'library' && route.search === true}
          onHelp={openHelp}
        />
      )}
      {help && helpView && <HelpView component={helpView} onClose={() => setHelp(false)} />}
    </div>
  );
}

function HelpView({
  component: View,
  onClose,
}: {
  component: ComponentType<{ onClose: () => void }>;
  onClose: () => void;
}) {
  return <View onClose={onClose} />;
}

type LibraryProps = AppProps & {
  version: number;
  bump: () => void;
  setStatus: (s: string) => void;
  onDeleted: (items: SavedPost[]) => Promise<void>;
  /** The first page read before rendering, once (undefined afterwards, or when there was none). */
  takeFirstPage: () => ListPage | undefined;
  /** Told the order of the list on screen (the post view's previous and next). */
  onOrder: (order: NavTarget[]) => void;
  /** Focus the search field when shown (the `/` key from a post). */
  focusSearch: boolean;
  onHelp: () => void;
};

/** How the library can be ordered. */
type Sort = 'saved' | 'published' | 'title' | 'progress';
/** Which posts the reading-state chips keep. */
type Status = '' | 'unread' | 'reading' | 'read';

const SORTS: { value: Sort; label: MessageKey }[] = [
  { value: 'saved', label: 'sortSaved' },
  { value: 'published', label: 'sortPublished' },
  { value: 'title', label: 'sortTitle' },
  { value: 'progress', label: 'sortProgress' },
];
const STATUSES: { value: Status; label: MessageKey }[] = [
  { value: '', label: 'filterAll' },
  { value: 'unread', label: 'filterUnread' },
  { value: 'reading', label: 'filterReading' },
  { value: 'read', label: 'filterRead' },
];

function isReading(e: SavedEntry): boolean {
  return !e.read && (e.progress ?? 0) >= 0.01;
}

/** The posts in progress, the most recently read first, at most four. */
function inProgress(entries: readonly SavedEntry[]): SavedEntry[] {
  return entries
    .filter(isReading)
    .sort((a, b) => (b.readAt ?? 0) - (a.readAt ?? 0))
    .slice(0, 4);
}

function statusOf(e: SavedEntry): Exclude<Status, ''> {
  return e.read ? 'read' : isReading(e) ? 'reading' : 'unread';
}

const ORDER: Record<Sort, (a: SavedEntry, b: SavedEntry) => number> = {
  saved: (a, b) => b.savedAt - a.savedAt || a.title.localeCompare(b.title),
  published: (a, b) => (b.published ?? '').localeCompare(a.published ?? '') || b.savedAt - a.savedAt,
  // The by-title index's order, so the unfiltered list can read its page from the index (lib/store/list.ts).
  title: byTitle,
  progress: (a, b) => (b.read ? 1 : (b.progress ?? 0)) - (a.read ? 1 : (a.progress ?? 0)) || b.savedAt - a.savedAt,
};

function Chip({ pressed, onClick, children }: { pressed: boolean; onClick: () => void; children: string }) {
  return (
    <button type="button" class="lens-chip" aria-pressed={pressed} onClick={onClick}>
      {children}
    </button>
  );
}

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
  onOrder,
  focusSearch,
  onHelp,
}: LibraryProps) {
  const [query, setQuery] = useState('');
  const [tag, setTag] = useState('');
  const [source, setSource] = useState('');
  const [sort, setSort] = useState<Sort>('saved');
  const [status, setStatusFilter] = useState<Status>('');
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
  // "Continue reading": the posts in progress, from the first page at once (no shift of the list below it after the
  // first paint), completed from the whole library when idle.
  const [reading, setReading] = useState<SavedEntry[]>(() => inProgress(first?.entries ?? []));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<
    { kind: 'import' } | { kind: 'tags'; ids: string[]; initial: string[]; title: string; mode: 'set' | 'add' } | null
  >(null);
  const [importDialog, setImportDialog] = useState<ComponentType<ImportDialogProps> | null>(null);
  const [tagDialog, setTagDialog] = useState<ComponentType<TagDialogProps> | null>(null);
  const searchInput = useRef<HTMLDivElement>(null);

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
    // Sorting other than by save date, or a reading-state filter, works on the whole library in memory (its light
    // entries); the usual list (newest saved first) reads only its page.
    const custom = sort !== 'saved' || status !== '';
    const keep = (e: SavedEntry) =>
      (!tag || e.tags.includes(tag)) && (!source || e.source === source) && (!status || statusOf(e) === status);
    void (async () => {
      let next: { entries: SavedEntry[]; total: number };
      if (query.trim()) {
        const asked = performance.now();
        const ids = await search.search(query, 500);
        // The index's share of a search (waiting for it to load included), beside lens:search for the whole.
        performance.measure('lens:search-index', { start: asked, detail: { query } });
        // Without a filter only the entries shown: a common word matches hundreds of posts.
        const narrowed = tag || source || custom;
        const wanted = narrowed ? ids : ids.slice(0, limit);
        let entries = (await cache.get(wanted)).filter(keep);
        // Results stay in order of relevance unless another order was chosen.
        if (sort !== 'saved') entries = entries.sort(ORDER[sort]);
        next = {
          entries: entries.slice(0, limit),
          total: narrowed ? entries.length : ids.length - (wanted.length - entries.length),
        };
      } else if (sort === 'title' && !status && !tag && !source) {
        // The whole library by title: the index gives the page in order without reading every entry.
        next = await listByTitle(db, limit);
      } else if (custom) {
        // The other orders have no index: every entry is sorted in memory, from the entry cache once the idle work has
        // filled it (a second sort or filter reads nothing), else read whole once and kept there.
        const entries = (await cache.all()).filter(keep).sort(ORDER[sort]);
        next = { entries: entries.slice(0, limit), total: entries.length };
      } else {
        next = await listEntries(db, { limit, tag: tag || undefined, source: source || undefined });
        if (cachedVersion.current === version) cache.add(next.entries);
      }
      if (!live) return;
      // The unfiltered list brings "Continue reading" along in the same paint (see `reading`).
      if (!query.trim() && !custom && !tag && !source) {
        const page = next.entries;
        setReading((r) => (r.length ? r : inProgress(page)));
      }
      // A new query or filter paints the rows in view first; "Show more" adds to rows already painted.
      if (limit === PAGE) setRendered(FIRST_ROWS);
      setList({ ...next, query });
    })();
    return () => {
      live = false;
    };
  }, [db, search, cache, query, tag, source, sort, status, limit, version]);

  // Runs after the list is painted: the first screen (lens:library-shown, from navigation start) and typing → results.
  useEffect(() => {
    if (!list) return;
    if (performance.getEntriesByName('lens:library-shown').length === 0) {
      performance.mark('lens:library-shown');
      // The first frame is still being rastered and shown (other threads, on few cores): loading the search index (so
      // the first query finds it ready) and then the entries it will show waits for an idle moment.
      // It waits for the frame to be on screen first: an idle main thread is not an idle machine while the frame's
      // tiles are rasterised on other threads (a trace showed these callbacks, and the search code's parse they
      // start, running beside that raster on two cores).
      afterFirstPaint(() =>
        whenIdle(() => void search.ready().then(() => whenIdle(() => void cache.loadAll(), IDLE_WITHIN)), IDLE_WITHIN),
      );
    } else if (list.query) {
      // After a change to the library the cache starts empty again; a search refills it whole when next idle.
      whenIdle(() => void cache.loadAll(), IDLE_WITHIN);
    }
    // The rest of the page's rows, a frame after the first rows (the frame is still being rastered and shown); a list
    // replaced meanwhile (typing on) paints its own first rows first.
    if (rendered !== undefined) {
      const painted = list;
      afterFirstPaint(() =>
        requestAnimationFrame(() =>
          setTimeout(() => {
            if (current.current === painted) setRendered(undefined);
          }, 0),
        ),
      );
    }
    const last = typed.current;
    if (last && last.query === list.query) {
      typed.current = null;
      if (last.query.trim())
        performance.measure('lens:search', { start: last.at, detail: { query: last.query, total: list.total } });
    }
  }, [list, search, cache, rendered]);

  useEffect(() => {
    if (list) onOrder(list.entries.map((e) => ({ id: e.id, title: e.title || t('untitledPost') })));
  }, [list, onOrder]);

  // After the first page is read: these reads would otherwise queue beside it in the database.
  const listed = list !== null;
  useEffect(() => {
    if (!listed) return;
    let live = true;
    afterFirstPaint(() => {
      if (!live) return;
      void allTags(db).then(setTagsList);
      void db.count('entries').then(setCount);
      void storage?.().then(setUsage);
    });
    // "Continue reading" and the details of posts saved before excerpts existed wait for an idle moment after it.
    afterFirstPaint(() =>
      whenIdle(() => {
        void (async () => {
          const { fillEntryDetails } = await store();
          let filled = 0;
          for (let n = await fillEntryDetails(db); n > 0 && live; n = await fillEntryDetails(db)) filled += n;
          const all = await db.getAll('entries');
          if (!live) return;
          setReading(
            all
              .filter(isReading)
              .sort((a, b) => (b.readAt ?? 0) - (a.readAt ?? 0))
              .slice(0, 4),
          );
          if (filled > 0) bump();
        })();
      }, IDLE_WITHIN),
    );
    return () => {
      live = false;
    };
  }, [db, version, storage, listed, bump]);

  useEffect(() => {
    if (focusSearch) searchInput.current?.querySelector('input')?.focus();
  }, [focusSearch]);

  // Keys: `/` searches, `?` lists the keys (not while typing; a modifier leaves the key to the browser).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (dialog || e.defaultPrevented) return;
      const action = readerAction(keyPress(e));
      if (action === 'search') {
        e.preventDefault();
        searchInput.current?.querySelector('input')?.focus();
      } else if (action === 'help') {
        e.preventDefault();
        onHelp();
      } else if (action === 'back' && selected.size && !isEditing(e.target)) setSelected(new Set());
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [dialog, onHelp, selected]);

  const openDialog = (next: NonNullable<typeof dialog>) => {
    if (next.kind === 'import' && !importDialog)
      void import('../../components/ImportDialog').then((m) => setImportDialog(() => m.ImportDialog));
    if (next.kind === 'tags' && !tagDialog)
      void import('../../components/TagDialog').then((m) => setTagDialog(() => m.TagDialog));
    setDialog(next);
  };

  const remove = async (ids: string[]) => {
    setSelected(new Set());
    await onDeleted(await (await store()).deleteSaved(db, ids));
  };

  const markRead = async (ids: string[], read: boolean) => {
    const { setRead } = await store();
    for (const id of ids) await setRead(db, id, read);
    setStatus(tn(read ? 'markedRead' : 'markedUnread', ids.length));
    bump();
  };

  const saveTags = async (ids: string[], tagsIn: string[], mode: 'set' | 'add') => {
    const { setTags, getSaved } = await store();
    for (const id of ids) {
      const before = mode === 'add' ? ((await getSaved(db, id))?.entry.tags ?? []) : [];
      await setTags(db, id, [...before, ...tagsIn]);
    }
    setStatus(mode === 'set' ? t('tagsSaved') : tn('tagsAdded', ids.length, tagsIn.join(', ')));
    bump();
  };

  const exportMarkdown = async (ids: string[]) => {
    const [{ getSaved }, { markdownFileName, postToMarkdown, postsToMarkdown }] = await Promise.all([
      store(),
      markdown(),
    ]);
    const posts = (await Promise.all(ids.map((id) => getSaved(db, id)))).flatMap((s) => (s ? [s.record.post] : []));
    if (posts.length === 1) download(markdownFileName(posts[0]!), 'text/markdown', postToMarkdown(posts[0]!));
    else if (posts.length > 1)
      download(
        `lens-${posts.length}-posts-${new Date().toISOString().slice(0, 10)}.md`,
        'text/markdown',
        postsToMarkdown(posts),
      );
  };

  const exportAll = async (kind: 'json' | 'md') => {
    const day = new Date().toISOString().slice(0, 10);
    const [{ allSaved }, { exportLibrary }, { postsToMarkdown }] = await Promise.all([
      store(),
      import('../../lib/export/backup'),
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

  const detect = async (input: ImportInput): Promise<ImportPreview> => {
    const { detectImport } = await import('../../lib/reader/import-kind');
    const kind = detectImport(input);
    if (kind === 'empty') return { kind, error: t('importEmptyError') };
    if (kind === 'other-json')
      return {
        kind,
        error: t('importOtherJsonError'),
      };
    if (kind === 'backup') {
      const { parseBackup } = await import('../../lib/export/backup');
      const check = parseBackup(input.text);
      if (!check.ok) return { kind: 'bad-backup', error: check.error };
      const have = new Set(await db.getAllKeys('entries'));
      const ids = check.backup.posts.map((p) => p.post.id);
      return {
        kind,
        posts: ids.length,
        known: ids.filter((id) => have.has(id)).length,
        exportedAt: check.backup.exportedAt,
      };
    }
    if (kind === 'markdown') {
      const { parseLensMarkdown } = await import('../../lib/parse/markdown');
      return { kind, posts: parseLensMarkdown(input.text) };
    }
    const [{ dump }, { postsFromDump }] = await Promise.all([deps(), import('../../lib/store/dump')]);
    return { kind, posts: await postsFromDump({ ...input, type: kind === 'html' ? 'text/html' : 'text/plain' }, dump) };
  };

  const importBackup = async (input: ImportInput): Promise<string> => {
    const [{ sanitize }, { importLibrary }, { allSaved }] = await Promise.all([
      deps(),
      import('../../lib/export/backup'),
      store(),
    ]);
    const report = await importLibrary(db, input.text, sanitize);
    if (!report.ok) return `${input.name}: ${report.error}`;
    // The search index is rebuilt lazily rather than re-indexing a whole backup post by post.
    await search.update((await allSaved(db)).map((s) => s.entry.id));
    bump();
    return report.versionsKept
      ? t('importedBackupVersions', input.name, report.added, report.merged, report.unchanged, report.versionsKept)
      : t('importedBackup', input.name, report.added, report.merged, report.unchanged);
  };

  const savePosts = async (posts: Post[], progress: (done: number, total: number) => void) => {
    const [{ sanitize }, { saveMany, describeSaveMany }] = await Promise.all([deps(), import('../../lib/store/dump')]);
    const r = await saveMany(db, posts, { sanitize, progress });
    if (r.firstSave) void persist?.();
    await search.update(posts.map((p) => p.id));
    bump();
    return describeSaveMany(r, posts.length);
  };

  const select = useCallback((id: string, on: boolean) => {
    setSelected((now) => {
      const next = new Set(now);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const editTags = (id: string) => {
    const entry = list?.entries.find((e) => e.id === id);
    if (entry)
      openDialog({ kind: 'tags', ids: [id], initial: entry.tags, title: t('tagsOf', entry.title), mode: 'set' });
  };

  const filtered = query.trim() !== '' || tag !== '' || source !== '' || status !== '';
  const picked = [...selected];
  const ImportView = importDialog;
  const TagView = tagDialog;
  return (
    <main class="lens-library-page">
      <header class="lens-top">
        <h1>{t('libraryTitle')}</h1>
        <div class="lens-top-actions">
          <button type="button" onClick={() => openDialog({ kind: 'import' })}>
            {t('importExportEllipsis')}
          </button>
          <button type="button" class="lens-icon-button" aria-label={t('keyboardKeys')} onClick={onHelp}>
            ?
          </button>
        </div>
      </header>
      <SequenceShelf db={db} version={version} onPostsChanged={bump} />
      <div ref={searchInput}>
        <SearchBox
          value={query}
          onInput={(v) => {
            typed.current = { query: v, at: performance.now() };
            setQuery(v);
            setLimit(PAGE);
          }}
          resultCount={query.trim() ? list?.total : undefined}
        />
      </div>
      {reading.length > 0 && !filtered && (
        <section class="lens-continue" aria-labelledby="lens-continue-title">
          <h2 id="lens-continue-title">{t('continueReading')}</h2>
          <ul>
            {reading.map((e) => (
              <li key={e.id}>
                <a href={`#post=${encodeURIComponent(e.id)}`}>
                  <span class="lens-continue-title">{e.title || t('untitledPost')}</span>
                  <span class="lens-continue-meter" aria-hidden="true">
                    <span style={{ width: `${Math.round((e.progress ?? 0) * 100)}%` }} />
                  </span>
                  <span class="lens-continue-left">{t('percentRead', Math.round((e.progress ?? 0) * 100))}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div class="lens-filters">
        <fieldset class="lens-chips">
          <legend>{t('readingState')}</legend>
          {STATUSES.map((s) => (
            <Chip key={s.value} pressed={status === s.value} onClick={() => setStatusFilter(s.value)}>
              {t(s.label)}
            </Chip>
          ))}
        </fieldset>
        <fieldset class="lens-chips">
          <legend>{t('filterSite')}</legend>
          {SITES.map((s) => (
            <Chip key={s} pressed={source === s} onClick={() => setSource(source === s ? '' : s)}>
              {siteLabel(s) ?? s}
            </Chip>
          ))}
        </fieldset>
      </div>
      {/* Tags arrive after the first page: their row is there from the start (the sort sets its height), so the list
          below never moves when they do. */}
      <div class="lens-filters is-tags">
        {/* No tag in the library: no empty "Tag" label (the row stays, the sort keeps its height). */}
        {tags.length > 0 && (
          <fieldset class="lens-chips is-scroll">
            <legend>{t('filterTag')}</legend>
            {tags.map((name) => (
              <Chip key={name} pressed={tag === name} onClick={() => setTag(tag === name ? '' : name)}>
                {`#${name}`}
              </Chip>
            ))}
          </fieldset>
        )}
        <label class="lens-sort">
          {t('sortBy')}{' '}
          <select value={sort} onChange={(e) => setSort((e.currentTarget as HTMLSelectElement).value as Sort)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {t(s.label)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {picked.length > 0 && (
        <div class="lens-bulk" role="toolbar" aria-label={t('selectedPosts')}>
          <span>{tn('selectedCount', picked.length)}</span>
          <button type="button" onClick={() => void markRead(picked, true)}>
            {t('markRead')}
          </button>
          <button type="button" onClick={() => void markRead(picked, false)}>
            {t('markUnread')}
          </button>
          <button
            type="button"
            onClick={() =>
              openDialog({
                kind: 'tags',
                ids: picked,
                initial: [],
                mode: 'add',
                title: tn('addTagsTo', picked.length),
              })
            }
          >
            {t('addTagsEllipsis')}
          </button>
          <BookExport
            label={tn('exportSelected', picked.length)}
            actions={bookActions(
              db,
              async () => ({
                ids: picked,
                title: tn('bookFromLens', picked.length),
              }),
              download,
            )}
          />
          <button type="button" class="is-danger" onClick={() => void remove(picked)}>
            {t('deleteButton')}
          </button>
          <button type="button" onClick={() => setSelected(new Set(list?.entries.map((e) => e.id)))}>
            {t('selectAllShown')}
          </button>
          <button type="button" onClick={() => setSelected(new Set())}>
            {t('clearSelection')}
          </button>
        </div>
      )}
      {list === null ? (
        <p class="lens-empty">{t('loading')}</p>
      ) : (
        <StableLibraryList
          entries={list.entries}
          total={list.total}
          filtered={filtered}
          query={list.query}
          selected={selected}
          onSelect={select}
          onDelete={(id) => void remove([id])}
          onToggleRead={(id, read) => void markRead([id], read)}
          onExportMarkdown={(id) => void exportMarkdown([id])}
          onEditTags={editTags}
          onImport={() => openDialog({ kind: 'import' })}
          onMore={() => setLimit((l) => l + PAGE)}
          rendered={rendered}
        />
      )}
      <footer class="lens-library-foot">
        <StorageUsage usage={usage} posts={count} />
      </footer>
      {dialog?.kind === 'import' && ImportView && (
        <ImportView
          onDetect={detect}
          onImportBackup={importBackup}
          onSave={savePosts}
          onExport={(kind) => void exportAll(kind)}
          books={
            <BookExport
              label={filtered ? t('exportPostsListed') : t('exportWholeLibrary')}
              actions={bookActions(
                db,
                () =>
                  listedBook(db, search, {
                    query,
                    tag,
                    source,
                    sourceLabel: siteLabel(source),
                    ...(status ? { keep: (e: SavedEntry) => statusOf(e) === status } : {}),
                  }),
                download,
              )}
            />
          }
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'tags' && TagView && (
        <TagView
          title={dialog.title}
          initial={dialog.initial}
          suggestions={tags}
          mode={dialog.mode}
          onDone={(chosenTags) => {
            const d = dialog;
            setDialog(null);
            void saveTags(d.ids, chosenTags, d.mode);
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </main>
  );
}

/** A keyboard event as the reader's keys read it. */
export function keyPress(e: KeyboardEvent): KeyPress {
  return { key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, editing: isEditing(e.target) };
}

/** True when a key press lands in a field the reader is typing in. */
export function isEditing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return (
    el.isContentEditable ||
    el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null
  );
}

/** What the post page is given (entrypoints/reader/PostPage.tsx, loaded when a post is opened). */
export type PostPageProps = AppProps & {
  id: string;
  /** The posts before and after this one in the list it was opened from (the library's, or a sequence's). */
  nav: PostNav;
  prefs: ReaderPrefs;
  theme: 'light' | 'dark' | 'sepia';
  onLook: (change: Partial<ReaderPrefs>) => void;
  onHelp: () => void;
  /** True while the keys dialog is open (the post's own keys wait). */
  helpOpen: boolean;
  version: number;
  onDeleted: (items: SavedPost[]) => void;
  onChanged: () => void;
};

function LazyPostPage({ component: Page, ...props }: PostPageProps & { component: ComponentType<PostPageProps> }) {
  return <Page {...props} />;
}
