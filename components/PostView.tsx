import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatMinutes, type MessageKey, t, tn } from '../lib/i18n';
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
  /** Tags already in the library, offered while editing this post's tags. */
  tagSuggestions?: readonly string[];
  /** Minutes the whole post takes to read, shown in the byline. */
  minutes?: number;
};

const SITE: Record<string, MessageKey> = {
  lesswrong: 'siteLessWrong',
  alignmentforum: 'siteAlignmentForum',
  eaforum: 'siteEaForum',
  greaterwrong: 'siteGreaterWrong',
  text: 'siteTextDump',
};

const NO_IMAGES: ReadonlyMap<string, string> = new Map();

function day(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
}

/** A saved post for offline reading: title, byline, link to the original, outline, body, then its footnotes. */
export function PostView({ post, entry, sanitize, images, onReady, onTags, tagSuggestions = [], minutes }: Props) {
  const article = useRef<HTMLElement>(null);
  const local = images ?? NO_IMAGES;
  const body = useMemo(() => withLocalImages(sanitize(post.html), local), [post.html, sanitize, local]);
  const notes = useMemo(
    () => post.footnotes.map((f) => ({ ...f, html: withLocalImages(sanitize(f.html), local) })),
    [post.footnotes, sanitize, local],
  );
  const [tagText, setTagText] = useState<string | null>(null);
  const tagField = useRef<HTMLInputElement>(null);
  const editing = tagText !== null;
  // The field opened by the reader's own click takes the focus (the button that had it is gone). Not `autofocus`:
  // browsers apply that attribute once per document at most, and not while another element has focus.
  // Closed again (saved, cancelled, Escape), focus goes back to the button that opened it.
  const tagButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (editing) tagField.current?.focus();
    else if (wasEditing.current) tagButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  useEffect(() => {
    const root = article.current;
    if (!root) return;
    // Site markup that reads wrongly to assistive technology here: LessWrong's footnote reference spans carry a role
    // only links may have, and figures often have no alt text (their caption, when there is one, says what they show).
    for (const el of root.querySelectorAll('[role="doc-noteref"]:not(a), [role="doc-backlink"]:not(a)'))
      el.removeAttribute('role');
    for (const img of root.querySelectorAll('img:not([alt])'))
      img.setAttribute('alt', img.closest('figure')?.querySelector('figcaption')?.textContent?.trim() ?? '');
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
  const saveTags = () => {
    if (tagText === null || !onTags) return;
    onTags(tagText.split(','));
    setTagText(null);
  };
  return (
    <article class="lens-reader-post" ref={article} aria-labelledby="lens-post-title">
      <header class="lens-post-head">
        <p class="lens-byline">
          {post.author && <span class="lens-author">{post.author}</span>}
          {date && <time dateTime={post.published}>{date}</time>}
          <span>{SITE[post.source] ? t(SITE[post.source]!) : post.source}</span>
          {minutes !== undefined && <span>{t('minRead', formatMinutes(minutes))}</span>}
          {isWebUrl(post.url) && (
            <a href={post.url} rel="noopener noreferrer" target="_blank">
              {t('originalPost')}
              <span aria-hidden="true"> ↗</span>
            </a>
          )}
        </p>
        <h1 id="lens-post-title" tabIndex={-1}>
          {post.title || t('untitledPost')}
        </h1>
        {entry?.updatedSinceSaved && (
          <p class="lens-notice" role="note">
            {tn('postUpdated', entry.versions)}
          </p>
        )}
        {entry && onTags && (
          <div class="lens-post-tags">
            {tagText === null ? (
              <>
                {entry.tags.length > 0 && (
                  <ul class="lens-entry-tags" aria-label={t('tags')}>
                    {entry.tags.map((t) => (
                      <li key={t} class="lens-tag">
                        {t}
                      </li>
                    ))}
                  </ul>
                )}
                <button
                  type="button"
                  class="lens-quiet-button"
                  ref={tagButton}
                  onClick={() => setTagText(entry.tags.join(', '))}
                >
                  {entry.tags.length ? t('editTags') : t('addTags')}
                </button>
              </>
            ) : (
              <form
                class="lens-tag-inline"
                onSubmit={(e) => {
                  e.preventDefault();
                  saveTags();
                }}
              >
                <label for="lens-tags">{t('tagsLabel')}</label>
                <input
                  id="lens-tags"
                  list="lens-post-tag-suggestions"
                  value={tagText}
                  autocomplete="off"
                  ref={tagField}
                  onInput={(e) => setTagText((e.currentTarget as HTMLInputElement).value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Escape') {
                      e.preventDefault();
                      e.stopPropagation();
                      setTagText(null);
                    }
                  }}
                />
                <datalist id="lens-post-tag-suggestions">
                  {tagSuggestions
                    .filter(
                      (t) =>
                        !tagText
                          .split(',')
                          .map((x) => x.trim())
                          .includes(t),
                    )
                    .map((t) => (
                      <option
                        key={t}
                        value={`${tagText.replace(/[^,]*$/, '')}${tagText.includes(',') ? ' ' : ''}${t}`}
                      />
                    ))}
                </datalist>
                <button type="submit">{t('saveTags')}</button>
                <button type="button" onClick={() => setTagText(null)}>
                  {t('cancel')}
                </button>
              </form>
            )}
          </div>
        )}
      </header>
      <div class="lens-post-body" dangerouslySetInnerHTML={{ __html: body }} />
      {notes.length > 0 && (
        <section class="lens-footnotes" aria-labelledby="lens-notes-title">
          <h2 id="lens-notes-title">{t('footnotes')}</h2>
          <ol>
            {notes.map((note) => (
              <li key={note.id} id={note.id} value={note.number}>
                <div class="lens-note-body" dangerouslySetInnerHTML={{ __html: note.html }} />
                {note.refIds.map((refId, i) => (
                  <a
                    key={refId}
                    class="lens-backlink"
                    href={`#${encodeURIComponent(refId)}`}
                    aria-label={
                      note.refIds.length > 1
                        ? t('backToReferenceOf', note.number, i + 1)
                        : t('backToReference', note.number)
                    }
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
