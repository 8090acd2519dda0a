import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { BookExport } from '../../components/BookExport';
import { PostView } from '../../components/PostView';
import { markdownFileName, postToMarkdown } from '../../lib/export/markdown';
import { describeImages, imagesOfPost, keepPostImages, postImageUrls } from '../../lib/store/images';
import { blockElements, blocksOfElements, positionAt, resolveInBlocks } from '../../lib/store/positions';
import { deleteSaved, getSaved, markSeen, savePosition, setRead, setTags } from '../../lib/store/saved-posts';
import type { SavedPost } from '../../lib/store/types';
import { defaultDownload, OBJECT_URLS, type PostPageProps, type ReaderDeps } from './App';
import { bookActions } from './book-export';

/** One saved post read offline (loaded with its own chunk: the library list never loads the post view). */
export function PostPage({
  db,
  id,
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
    return () => {
      live = false;
      for (const url of urls) objectUrl.revoke(url);
    };
  }, [db, id, version, objectUrl, loadDeps]);

  useEffect(() => {
    if (saved) document.title = `${saved.record.post.title} · Lens`;
    return () => {
      document.title = 'Lens library';
    };
  }, [saved?.record.post.title]);

  positionRef.current = saved?.record.position;
  const post = saved?.record.post;
  const enhance = deps?.enhance;

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

  if (saved === undefined || !deps) return <p class="lens-empty">Loading…</p>;
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
  const { images: imageDeps, requestImages } = deps;
  return (
    <main class="lens-post-page">
      <PostView
        post={saved.record.post}
        entry={saved.entry}
        sanitize={deps.sanitize}
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
        <BookExport
          label="Export this post"
          actions={bookActions(db, async () => ({ ids: [id], title: saved.record.post.title }), download, false)}
        />
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
