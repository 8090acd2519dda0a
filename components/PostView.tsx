import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Post } from '../lib/model';
import { isWebUrl, type Sanitizer } from '../lib/store/clean';
import { withLocalImages } from '../lib/store/images';
import type { SavedEntry } from '../lib/store/types';

type Props = {
  post: Post;
  entry?: SavedEntry;
  /** Every HTML string passes through this before it is inserted (DOMPurify via lib/sanitize). */
  sanitize: Sanitizer;
  /** Images kept offline: original src → object URL of the stored copy (the HTML keeps the original src). */
  images?: ReadonlyMap<string, string>;
  /** Called once the body is in the document (previews, math, position restore); may return a cleanup. */
  onReady?: (article: HTMLElement) => undefined | (() => void);
  onTags?: (tags: string[]) => void;
  onToggleRead?: (read: boolean) => void;
  onBack?: () => void;
};

const SITE: Record<string, string> = {
  lesswrong: 'LessWrong',
  alignmentforum: 'the Alignment Forum',
  eaforum: 'the EA Forum',
  greaterwrong: 'GreaterWrong',
  text: 'a text dump',
};

const NO_IMAGES: ReadonlyMap<string, string> = new Map();

function day(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
}

/** A saved post for offline reading: title, byline, link to the original, outline, body, then its footnotes. */
export function PostView({ post, entry, sanitize, images, onReady, onTags, onToggleRead, onBack }: Props) {
  const article = useRef<HTMLElement>(null);
  const local = images ?? NO_IMAGES;
  const body = useMemo(() => withLocalImages(sanitize(post.html), local), [post.html, sanitize, local]);
  const notes = useMemo(
    () => post.footnotes.map((f) => ({ ...f, html: withLocalImages(sanitize(f.html), local) })),
    [post.footnotes, sanitize, local],
  );
  const [tagText, setTagText] = useState(entry?.tags.join(', ') ?? '');
  useEffect(() => setTagText(entry?.tags.join(', ') ?? ''), [entry?.tags]);

  useEffect(() => {
    const root = article.current;
    if (!root) return;
    const cleanup = onReady?.(root);
    // In-post links (#fn1, #intro) scroll inside the article; the page's own hash is the route and stays as it is.
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.('a[href^="#"]');
      if (!a || !root.contains(a) || (a.getAttribute('href') ?? '').startsWith('#post=')) return;
      const id = decodeURIComponent((a.getAttribute('href') ?? '').slice(1));
      const target = root.ownerDocument.getElementById(id);
      if (!target || !root.contains(target)) return;
      e.preventDefault();
      target.scrollIntoView?.({ block: 'start' });
      if (target instanceof HTMLElement) {
        if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
        target.focus({ preventScroll: true });
      }
    };
    root.addEventListener('click', onClick);
    return () => {
      root.removeEventListener('click', onClick);
      cleanup?.();
    };
  }, [post, body, onReady]);

  const date = day(post.published);
  return (
    <article class="lens-reader-post" ref={article} aria-labelledby="lens-post-title">
      <header>
        {onBack && (
          <button type="button" class="lens-back" onClick={onBack}>
            ← Library
          </button>
        )}
        <h1 id="lens-post-title" tabIndex={-1}>
          {post.title || 'Untitled post'}
        </h1>
        <p class="lens-byline">
          {post.author && <span>{post.author}</span>}
          {date && <time dateTime={post.published}>{date}</time>}
          <span>from {SITE[post.source] ?? post.source}</span>
          {isWebUrl(post.url) && (
            <a href={post.url} rel="noopener noreferrer" target="_blank">
              Original post
            </a>
          )}
        </p>
        {entry?.updatedSinceSaved && (
          <p class="lens-notice" role="note">
            This post changed since you first saved it. The earlier{' '}
            {entry.versions === 1 ? 'version is' : `${entry.versions} versions are`} kept in the library and in backups.
          </p>
        )}
        {entry && (onTags || onToggleRead) && (
          <div class="lens-post-tools">
            {onTags && (
              <div class="lens-tags">
                <label for="lens-tags">Tags (comma-separated)</label>
                <input
                  id="lens-tags"
                  value={tagText}
                  onInput={(e) => setTagText((e.currentTarget as HTMLInputElement).value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') onTags(tagText.split(','));
                  }}
                />
                <button type="button" onClick={() => onTags(tagText.split(','))}>
                  Save tags
                </button>
              </div>
            )}
            {onToggleRead && (
              <button type="button" onClick={() => onToggleRead(!entry.read)}>
                {entry.read ? 'Mark unread' : 'Mark read'}
              </button>
            )}
          </div>
        )}
      </header>
      {post.headings.length > 1 && (
        <nav class="lens-outline" aria-label="Outline">
          <h2>Outline</h2>
          <ol>
            {post.headings.map((h) => (
              <li key={h.id} class={`lens-outline-level-${Math.min(h.level, 6)}`}>
                <a href={`#${encodeURIComponent(h.id)}`}>{h.text}</a>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div class="lens-post-body" dangerouslySetInnerHTML={{ __html: body }} />
      {notes.length > 0 && (
        <section class="lens-footnotes" aria-labelledby="lens-notes-title">
          <h2 id="lens-notes-title">Footnotes</h2>
          <ol>
            {notes.map((note) => (
              <li key={note.id} id={note.id} value={note.number}>
                <div class="lens-note-body" dangerouslySetInnerHTML={{ __html: note.html }} />
                {note.refIds.map((refId, i) => (
                  <a
                    key={refId}
                    class="lens-backlink"
                    href={`#${encodeURIComponent(refId)}`}
                    aria-label={`Back to reference ${note.number}${note.refIds.length > 1 ? ` (${i + 1})` : ''}`}
                  >
                    ↩
                  </a>
                ))}
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  );
}
