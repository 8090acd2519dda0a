import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { BookExport } from '../../components/BookExport';
import { Outline } from '../../components/Outline';
import { OutlineDrawer } from '../../components/OutlineDrawer';
import { PostView } from '../../components/PostView';
import { ReaderToolbar } from '../../components/ReaderToolbar';
import { markdownFileName, postToMarkdown } from '../../lib/export/markdown';
import { t, tn } from '../../lib/i18n';
import { readerAction, stepSection } from '../../lib/reader/keys';
import { postStats } from '../../lib/sidebar/sections';
import { describeImages, imagesOfPost, keepPostImages, postImageUrls } from '../../lib/store/images';
import { allTags } from '../../lib/store/list';
import { blockElements, blocksOfElements, positionAt, resolveInBlocks } from '../../lib/store/positions';
import { deleteSaved, getSaved, markSeen, savePosition, setRead, setTags } from '../../lib/store/saved-posts';
import type { SavedPost } from '../../lib/store/types';
import { defaultDownload, keyPress, OBJECT_URLS, type PostPageProps, type ReaderDeps } from './App';
import { bookActions } from './book-export';

/** Windows at least this wide show the outline as a column beside the text; narrower ones as a drawer. */
const WIDE = '(min-width: 1100px)';
/** The Contents button's id: focus returns to it when the outline drawer is dismissed. */
const OUTLINE_TOGGLE = 'lens-outline-toggle';
/** Where in the window a heading counts as the section being read: the top quarter. */
const READ_LINE = 0.25;

function wideNow(): boolean {
  return typeof matchMedia === 'function' && matchMedia(WIDE).matches;
}

/** One saved post read offline (loaded with its own chunk: the library list never loads the post view). */
export function PostPage({
  db,
  id,
  nav,
  prefs,
  onLook,
  onHelp,
  helpOpen,
  deps: loadDeps,
  version,
  onDeleted,
  onChanged,
  download = defaultDownload,
  objectUrl = OBJECT_URLS,
}: PostPageProps) {
  const [saved, setSaved] = useState<SavedPost | null | undefined>(undefined);
  const [deps, setDeps] = useState<ReaderDeps | undefined>(undefined);
  const [images, setImages] = useState<ReadonlyMap<string, string> | undefined>(undefined);
  const [imageNote, setImageNote] = useState('');
  const [tags, setTagList] = useState<string[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const [wide, setWide] = useState(wideNow);
  // The outline: open beside the text on wide windows unless collapsed; a closed drawer on narrow ones.
  const [outlineOpen, setOutlineOpen] = useState(wideNow);
  const positionRef = useRef(saved?.record.position);

  useEffect(() => {
    let live = true;
    let urls: string[] = [];
    void Promise.all([getSaved(db, id), imagesOfPost(db, id).catch(() => new Map<string, Blob>()), loadDeps()]).then(
      ([s, blobs, loaded]) => {
        if (!live) return;
        // Stored images render from object URLs made here (revoked when the post is left), never from the network.
        const local = new Map([...blobs].map(([src, blob]) => [src, objectUrl.create(blob)]));
        urls = [...local.values()];
        setDeps(loaded);
        setImages(local);
        setSaved(s ?? null);
        if (s?.entry.updatedSinceSaved) void markSeen(db, id);
      },
    );
    void allTags(db).then((list) => live && setTagList(list));
    return () => {
      live = false;
      for (const url of urls) objectUrl.revoke(url);
    };
  }, [db, id, version, objectUrl, loadDeps]);

  useEffect(() => {
    if (saved) document.title = t('postDocumentTitle', saved.record.post.title);
    return () => {
      document.title = t('libraryTitle');
    };
  }, [saved?.record.post.title]);

  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const media = matchMedia(WIDE);
    const onChange = () => {
      setWide(media.matches);
      setOutlineOpen(media.matches);
    };
    media.addEventListener?.('change', onChange);
    return () => media.removeEventListener?.('change', onChange);
  }, []);

  positionRef.current = saved?.record.position;
  const post = saved?.record.post;
  const enhance = deps?.enhance;
  const stats = useMemo(() => (post && typeof DOMParser === 'function' ? postStats(post) : null), [post]);
  const headingIds = useMemo(() => post?.headings.map((h) => h.id) ?? [], [post]);

  const jumpTo = useCallback((headingId: string) => {
    const target = document.getElementById(headingId);
    if (!target) return;
    // An instant jump: the reader's eyes follow the focus, and the next j/k starts from where the page already is.
    target.scrollIntoView?.({ block: 'start' });
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
    setCurrent(headingId);
  }, []);
  // A heading chosen in the drawer: the page behind is inert until the drawer closes, so the jump waits for that.
  const pendingHeading = useRef<string | null>(null);
  const goToHeading = useCallback(
    (headingId: string) => {
      if (!wide && outlineOpen) {
        pendingHeading.current = headingId;
        setOutlineOpen(false);
      } else jumpTo(headingId);
    },
    [wide, outlineOpen, jumpTo],
  );
  useEffect(() => {
    const id = pendingHeading.current;
    if (outlineOpen || !id) return;
    pendingHeading.current = null;
    jumpTo(id);
  }, [outlineOpen, jumpTo]);

  const onReady = useMemo(() => {
    if (!post) return undefined;
    return (article: HTMLElement): (() => void) | undefined => {
      const body = article.querySelector<HTMLElement>('.lens-post-body');
      if (!body) return undefined;
      const cleanup = enhance?.(article, post);
      const elements = blockElements(body);
      const blocks = blocksOfElements(elements);
      const headings = post.headings.flatMap((h) => {
        const el = article.ownerDocument.getElementById(h.id);
        return el && body.contains(el) ? [{ id: h.id, el }] : [];
      });
      const pos = positionRef.current;
      if (pos && elements.length) elements[resolveInBlocks(blocks, pos)]?.scrollIntoView?.({ block: 'start' });
      // Where the reader is: the section whose heading last passed the reading line, and how far through the post.
      let frame = 0;
      const track = () => {
        frame = 0;
        const line = innerHeight * READ_LINE;
        let here: string | null = null;
        for (const h of headings) {
          if (h.el.getBoundingClientRect().top <= line) here = h.id;
          else break;
        }
        setCurrent(here);
        const rect = body.getBoundingClientRect();
        const through = rect.height > 0 ? (innerHeight - rect.top) / rect.height : 1;
        setProgress(Math.min(1, Math.max(0, through)));
      };
      track();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onScroll = () => {
        if (!frame) frame = requestAnimationFrame(track);
        clearTimeout(timer);
        timer = setTimeout(() => {
          const i = elements.findIndex((el) => el.getBoundingClientRect().bottom > 0);
          const at = i < 0 ? elements.length - 1 : i;
          const next = positionAt(blocks, at);
          const rect = body.getBoundingClientRect();
          const through = rect.height > 0 ? Math.min(1, Math.max(0, (innerHeight - rect.top) / rect.height)) : 1;
          if (next) void savePosition(db, id, next, through);
        }, 400);
      };
      addEventListener('scroll', onScroll, { passive: true });
      return () => {
        clearTimeout(timer);
        if (frame) cancelAnimationFrame(frame);
        removeEventListener('scroll', onScroll);
        cleanup?.();
      };
    };
  }, [post, enhance, db, id]);

  // The post's keys: j/k sections, [ ] previous and next post, Esc back (or closes the drawer), / search, ? keys.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (helpOpen || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      const action = readerAction(keyPress(e));
      if (!action) return;
      const go = (to: string) => {
        e.preventDefault();
        location.hash = to;
      };
      switch (action) {
        case 'next-section':
        case 'prev-section': {
          // From the heading last jumped to (it has focus), else from the section being read.
          const focused = document.activeElement?.id ?? '';
          const from = headingIds.includes(focused) ? focused : current;
          const to = stepSection(headingIds, from, action === 'next-section' ? 1 : -1);
          e.preventDefault();
          if (to) goToHeading(to);
          else if (action === 'prev-section') document.getElementById('lens-post-title')?.focus();
          break;
        }
        case 'prev-post':
          if (nav.prev) go(`post=${encodeURIComponent(nav.prev.id)}`);
          break;
        case 'next-post':
          if (nav.next) go(`post=${encodeURIComponent(nav.next.id)}`);
          break;
        case 'back':
          // (The narrow drawer is a dialog: its own Escape closes it, and this handler stays out while it is open.)
          if (!(e.target as Element | null)?.closest?.('input, textarea, select')) go('');
          break;
        case 'search':
          go('search');
          break;
        case 'help':
          e.preventDefault();
          onHelp();
          break;
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [helpOpen, headingIds, current, nav, goToHeading, onHelp]);

  if (saved === undefined || !deps) return <p class="lens-empty">{t('loading')}</p>;
  if (saved === null) {
    return (
      <main class="lens-post-missing">
        <p class="lens-empty">
          {t('notInLibrary')} <a href="#library">{t('backToTheLibrary')}</a>
        </p>
      </main>
    );
  }
  const remote = postImageUrls(saved.record.post).filter((u) => !images?.has(u)).length;
  const { images: imageDeps, requestImages } = deps;
  const minutes = stats ? Math.max(1, Math.round(stats.minutes)) : undefined;
  const left = stats ? Math.max(0, Math.ceil(stats.minutes * (1 - progress))) : undefined;
  const hasOutline = saved.record.post.headings.length > 0;
  const outline = (
    <Outline
      title={saved.record.post.title}
      headings={saved.record.post.headings}
      stats={stats}
      currentHeadingId={current}
      progress={progress}
      onSelect={goToHeading}
    />
  );
  return (
    <div
      class={`lens-post-page${hasOutline ? ' has-outline' : ''}${outlineOpen ? ' is-outline-open' : ''}${wide ? ' is-wide' : ''}`}
    >
      <div class="lens-read-progress" aria-hidden="true">
        <span style={{ transform: `scaleX(${progress})` }} />
      </div>
      <ReaderToolbar
        prefs={prefs}
        onLook={onLook}
        onHelp={onHelp}
        outline={
          hasOutline ? { open: outlineOpen, toggle: () => setOutlineOpen((o) => !o), id: OUTLINE_TOGGLE } : undefined
        }
        timeLeft={left === undefined ? undefined : left <= 0 ? t('atTheEnd') : t('minutesLeft', left)}
        percent={Math.round(progress * 100)}
      />
      {hasOutline &&
        (wide ? (
          <aside class="lens-outline-column" id="lens-outline" hidden={!outlineOpen} aria-label={t('contents')}>
            {outline}
          </aside>
        ) : (
          <OutlineDrawer
            id="lens-outline"
            class="lens-outline-column is-drawer"
            label={t('contents')}
            open={outlineOpen}
            opener={() => document.getElementById(OUTLINE_TOGGLE)}
            onDismiss={() => setOutlineOpen(false)}
          >
            {outline}
          </OutlineDrawer>
        ))}
      <main class="lens-post-main">
        <PostView
          post={saved.record.post}
          entry={saved.entry}
          sanitize={deps.sanitize}
          images={images}
          onReady={onReady}
          minutes={minutes}
          tagSuggestions={tags}
          onTags={(list) => void setTags(db, id, list).then(onChanged)}
        />
        <footer class="lens-post-end">
          {(nav.prev || nav.next) && (
            <nav class="lens-post-nav" aria-label={t('postNav')}>
              {nav.prev ? (
                <a href={`#post=${encodeURIComponent(nav.prev.id)}`} rel="prev">
                  <span class="lens-nav-dir">{t('previous')}</span>
                  <span class="lens-nav-title">{nav.prev.title}</span>
                </a>
              ) : (
                <span />
              )}
              {nav.next && (
                <a href={`#post=${encodeURIComponent(nav.next.id)}`} rel="next" class="is-next">
                  <span class="lens-nav-dir">{t('next')}</span>
                  <span class="lens-nav-title">{nav.next.title}</span>
                </a>
              )}
            </nav>
          )}
          <div class="lens-post-actions">
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
                {tn('keepImages', remote)}
              </button>
            )}
            <button type="button" onClick={() => void setRead(db, id, !saved.entry.read).then(onChanged)}>
              {saved.entry.read ? t('markUnread') : t('markRead')}
            </button>
            <button
              type="button"
              onClick={() =>
                download(markdownFileName(saved.record.post), 'text/markdown', postToMarkdown(saved.record.post))
              }
            >
              {t('downloadMarkdown')}
            </button>
            <BookExport
              label={t('exportThisPost')}
              actions={bookActions(db, async () => ({ ids: [id], title: saved.record.post.title }), download, false)}
            />
            <button type="button" class="is-danger" onClick={() => void deleteSaved(db, [id]).then(onDeleted)}>
              {t('deleteFromLibrary')}
            </button>
          </div>
          <p class="lens-image-note" role="status">
            {imageNote}
          </p>
        </footer>
      </main>
    </div>
  );
}
