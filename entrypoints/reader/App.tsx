import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ImportDump } from '../../components/ImportDump';
import { LibraryList } from '../../components/LibraryList';
import { PostView } from '../../components/PostView';
import { SearchBox } from '../../components/SearchBox';
import { StorageUsage } from '../../components/StorageUsage';
import { markdownFileName, postsToMarkdown, postToMarkdown } from '../../lib/export/markdown';
import type { Post } from '../../lib/model';
import { onLibraryChange } from '../../lib/store/changes';
import type { Sanitizer } from '../../lib/store/clean';
import type { LensDatabase } from '../../lib/store/db';
import { type DumpDeps, describeSaveMany, postsFromDump, saveMany } from '../../lib/store/dump';
import { describeImages, type ImageDeps, imagesOfPost, keepPostImages, postImageUrls } from '../../lib/store/images';
import { blockElements, blocksOfElements, positionAt, resolveInBlocks } from '../../lib/store/positions';
import type { RemoteResult } from '../../lib/store/remote';
import {
  allSaved,
  allTags,
  deleteSaved,
  getSaved,
  listEntries,
  markSeen,
  putSaved,
  savePosition,
  savePost,
  setRead,
  setTags,
} from '../../lib/store/saved-posts';
import type { LibrarySearch } from '../../lib/store/search';
import type { StorageUsage as Usage } from '../../lib/store/storage';
import { exportLibrary, importLibrary } from '../../lib/store/transfer';
import type { SavedEntry, SavedPost } from '../../lib/store/types';

/** Everything the reader page needs from its surroundings, passed in so tests can run it on fake-indexeddb. */
export type AppProps = {
  db: LensDatabase;
  search: LibrarySearch;
  dump: DumpDeps;
  sanitize: Sanitizer;
  /** Footnote previews and math on the rendered post (lib/render/enhance + renderMath); returns a cleanup. */
  enhance?: (root: HTMLElement, post: Post) => (() => void) | undefined;
  fetchLink?: (url: string) => Promise<RemoteResult>;
  storage?: () => Promise<Usage | undefined>;
  persist?: () => Promise<boolean>;
  download?: (name: string, type: string, text: string) => void;
  /** Keeping saved posts' images offline when this page saves (omitted: images stay remote). */
  images?: ImageDeps;
  /**
   * Asks the browser for access to the hosts of a post's images; called synchronously in a click (the browser's rule),
   * resolves whether it was granted.
   */
  requestImages?: (post: Post) => Promise<boolean>;
  /** Object URLs for stored images (tests pass their own where the DOM has none). */
  objectUrl?: { create: (blob: Blob) => string; revoke: (url: string) => void };
};

type Route = { view: 'library' } | { view: 'post'; id: string } | { view: 'save-link'; url: string };

function routeOf(hash: string): Route {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const id = params.get('post');
  if (id) return { view: 'post', id };
  const url = params.get('save-link');
  if (url) return { view: 'save-link', url };
  return { view: 'library' };
}

function defaultDownload(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const OBJECT_URLS = {
  create: (blob: Blob) => URL.createObjectURL(blob),
  revoke: (url: string) => URL.revokeObjectURL(url),
};

const PAGE = 50;
const SITES = ['lesswrong', 'alignmentforum', 'eaforum', 'greaterwrong', 'text'] as const;
const SITE_LABEL: Record<string, string> = {
  lesswrong: 'LessWrong',
  alignmentforum: 'Alignment Forum',
  eaforum: 'EA Forum',
  greaterwrong: 'GreaterWrong',
  text: 'Text dumps',
};

/** The reader page: the saved library (search, filters, import, export) or one saved post read offline. */
export function App(props: AppProps) {
  const { db, search, sanitize } = props;
  const [route, setRoute] = useState<Route>(() => routeOf(location.hash));
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState('');
  const [undo, setUndo] = useState<{ label: string; items: SavedPost[] } | null>(null);
  const bump = useCallback(() => setVersion((v) => v + 1), []);

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
  const { fetchLink, persist, images } = props;
  useEffect(() => {
    if (!linkUrl || !fetchLink) return;
    let live = true;
    setStatus(`Fetching ${linkUrl}…`);
    void (async () => {
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
  }, [linkUrl, db, search, sanitize, fetchLink, persist, images, bump]);

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
    await putSaved(db, undo.items);
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
      {route.view === 'post' ? (
        <PostPage
          {...props}
          id={route.id}
          version={version}
          onDeleted={(items) => {
            location.hash = '';
            void afterDelete(items);
          }}
          onChanged={bump}
        />
      ) : (
        <Library {...props} version={version} bump={bump} setStatus={setStatus} onDeleted={afterDelete} />
      )}
    </div>
  );
}

type LibraryProps = AppProps & {
  version: number;
  bump: () => void;
  setStatus: (s: string) => void;
  onDeleted: (items: SavedPost[]) => Promise<void>;
};

function Library({
  db,
  search,
  sanitize,
  dump,
  version,
  bump,
  setStatus,
  onDeleted,
  storage,
  persist,
  download = defaultDownload,
}: LibraryProps) {
  const [query, setQuery] = useState('');
  const [tag, setTag] = useState('');
  const [source, setSource] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const [list, setList] = useState<{ entries: SavedEntry[]; total: number; query: string } | null>(null);
  // When the reader last typed, for the lens:search measure (test/bench/store-chromium.bench.ts reads it).
  const typed = useRef<{ query: string; at: number } | null>(null);
  const [tags, setTagsList] = useState<string[]>([]);
  const [usage, setUsage] = useState<Usage | undefined>();
  const [count, setCount] = useState(0);

  // A layout effect: the query starts as soon as the typed text is committed, not a frame later after the paint.
  useLayoutEffect(() => {
    let live = true;
    void (async () => {
      let next: { entries: SavedEntry[]; total: number };
      if (query.trim()) {
        const asked = performance.now();
        const ids = await search.search(query, 500);
        // The index's share of a search (waiting for it to load included), beside lens:search for the whole.
        performance.measure('lens:search-index', { start: asked, detail: { query } });
        // One transaction, and without a filter only the entries shown: a common word matches hundreds of posts.
        const store = db.transaction('entries').store;
        const wanted = tag || source ? ids : ids.slice(0, limit);
        const entries = (await Promise.all(wanted.map((id) => store.get(id)))).filter(
          (e): e is SavedEntry => !!e && (!tag || e.tags.includes(tag)) && (!source || e.source === source),
        );
        next = {
          entries: entries.slice(0, limit),
          total: tag || source ? entries.length : ids.length - (wanted.length - entries.length),
        };
      } else {
        next = await listEntries(db, { limit, tag: tag || undefined, source: source || undefined });
      }
      if (live) setList({ ...next, query });
    })();
    return () => {
      live = false;
    };
  }, [db, search, query, tag, source, limit, version]);

  // Runs after the list is painted: the first screen (lens:library-shown, from navigation start) and typing → results.
  useEffect(() => {
    if (!list) return;
    if (performance.getEntriesByName('lens:library-shown').length === 0) {
      performance.mark('lens:library-shown');
      // Load the search index as soon as the first screen is up, so the first query finds it ready.
      setTimeout(() => void search.ready(), 0);
    }
    const t = typed.current;
    if (t && t.query === list.query) {
      typed.current = null;
      if (t.query.trim())
        performance.measure('lens:search', { start: t.at, detail: { query: t.query, total: list.total } });
    }
  }, [list, search]);

  useEffect(() => {
    void allTags(db).then(setTagsList);
    void db.count('entries').then(setCount);
    void storage?.().then(setUsage);
  }, [db, version, storage]);

  const remove = async (id: string) => onDeleted(await deleteSaved(db, [id]));

  const exportMarkdown = async (id: string) => {
    const saved = await getSaved(db, id);
    if (saved) download(markdownFileName(saved.record.post), 'text/markdown', postToMarkdown(saved.record.post));
  };

  const exportAll = async (kind: 'json' | 'md') => {
    const day = new Date().toISOString().slice(0, 10);
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
        <LibraryList
          entries={list.entries}
          total={list.total}
          filtered={filtered}
          onDelete={(id) => void remove(id)}
          onToggleRead={(id, read) => void setRead(db, id, read).then(bump)}
          onExportMarkdown={(id) => void exportMarkdown(id)}
          onMore={() => setLimit((l) => l + PAGE)}
        />
      )}
      <section class="lens-export" aria-labelledby="lens-export-title">
        <h2 id="lens-export-title">Export and backup</h2>
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
        onParse={(input) => postsFromDump(input, dump)}
        onSave={async (posts, progress) => {
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

type PostPageProps = AppProps & {
  id: string;
  version: number;
  onDeleted: (items: SavedPost[]) => void;
  onChanged: () => void;
};

function PostPage({
  db,
  id,
  sanitize,
  enhance,
  version,
  onDeleted,
  onChanged,
  download = defaultDownload,
  objectUrl = OBJECT_URLS,
  images: imageDeps,
  requestImages,
}: PostPageProps) {
  const [saved, setSaved] = useState<SavedPost | null | undefined>(undefined);
  const [images, setImages] = useState<ReadonlyMap<string, string> | undefined>(undefined);
  const [imageNote, setImageNote] = useState('');
  const positionRef = useRef(saved?.record.position);

  useEffect(() => {
    let live = true;
    let urls: string[] = [];
    void Promise.all([getSaved(db, id), imagesOfPost(db, id).catch(() => new Map<string, Blob>())]).then(
      ([s, blobs]) => {
        if (!live) return;
        // Stored images render from object URLs made here (revoked when the post is left), never from the network.
        const local = new Map([...blobs].map(([src, blob]) => [src, objectUrl.create(blob)]));
        urls = [...local.values()];
        setImages(local);
        setSaved(s ?? null);
        if (s?.entry.updatedSinceSaved) void markSeen(db, id);
      },
    );
    return () => {
      live = false;
      for (const url of urls) objectUrl.revoke(url);
    };
  }, [db, id, version, objectUrl]);

  useEffect(() => {
    if (saved) document.title = `${saved.record.post.title} · Lens`;
    return () => {
      document.title = 'Lens library';
    };
  }, [saved?.record.post.title]);

  positionRef.current = saved?.record.position;
  const post = saved?.record.post;

  const onReady = useMemo(() => {
    if (!post) return undefined;
    return (article: HTMLElement): (() => void) | undefined => {
      const body = article.querySelector<HTMLElement>('.lens-post-body');
      if (!body) return undefined;
      const cleanup = enhance?.(article, post);
      const elements = blockElements(body);
      const blocks = blocksOfElements(elements);
      const pos = positionRef.current;
      if (pos && elements.length) elements[resolveInBlocks(blocks, pos)]?.scrollIntoView?.({ block: 'start' });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onScroll = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const i = elements.findIndex((el) => el.getBoundingClientRect().bottom > 0);
          const next = positionAt(blocks, i < 0 ? elements.length - 1 : i);
          if (next) void savePosition(db, id, next);
        }, 400);
      };
      addEventListener('scroll', onScroll, { passive: true });
      return () => {
        clearTimeout(timer);
        removeEventListener('scroll', onScroll);
        cleanup?.();
      };
    };
  }, [post, enhance, db, id]);

  if (saved === undefined) return <p class="lens-empty">Loading…</p>;
  const remote = saved ? postImageUrls(saved.record.post).filter((u) => !images?.has(u)).length : 0;
  if (saved === null) {
    return (
      <main>
        <p class="lens-empty">
          This post is not in your library (it may have been deleted). <a href="#library">Back to the library</a>
        </p>
      </main>
    );
  }
  return (
    <main class="lens-post-page">
      <PostView
        post={saved.record.post}
        entry={saved.entry}
        sanitize={sanitize}
        images={images}
        onReady={onReady}
        onBack={() => {
          location.hash = '';
        }}
        onTags={(tags) => void setTags(db, id, tags).then(onChanged)}
        onToggleRead={(read) => void setRead(db, id, read).then(onChanged)}
      />
      <footer class="lens-post-actions">
        {imageDeps && requestImages && remote > 0 && (
          <button
            type="button"
            onClick={() => {
              // Asked inside the click, before any await: the browser only shows its prompt during a user gesture.
              const access = requestImages(saved.record.post);
              void (async () => {
                await access;
                const outcome = await keepPostImages(db, saved.record.post, imageDeps);
                setImageNote(describeImages(outcome));
                onChanged();
              })();
            }}
          >
            Keep {remote === 1 ? 'its image' : `its ${remote} images`} offline
          </button>
        )}
        <button
          type="button"
          onClick={() =>
            download(markdownFileName(saved.record.post), 'text/markdown', postToMarkdown(saved.record.post))
          }
        >
          Download as Markdown
        </button>
        <button type="button" class="is-danger" onClick={() => void deleteSaved(db, [id]).then(onDeleted)}>
          Delete from library
        </button>
        <p class="lens-image-note" role="status">
          {imageNote}
        </p>
      </footer>
    </main>
  );
}
