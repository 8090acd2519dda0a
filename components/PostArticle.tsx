import { formatDate, t } from '../lib/i18n';
import type { Post } from '../lib/model';

type Props = {
  post: Post;
  index: number;
  /**
   * Set while the post is a placeholder: its title and byline, and an empty box of about this many pixels standing for
   * the body and notes, which are filled in when the post nears the viewport (a 10 MB dump stays light to lay out).
   */
  pendingHeight?: number;
};

/** One post of the reading view: title, byline, body and its footnotes with links back to each reference. */
export function PostArticle({ post, index, pendingHeight }: Props) {
  const titleId = `lens-post-${index}-title`;
  const date = formatDate(post.published);
  return (
    <article
      class="lens-post"
      aria-labelledby={titleId}
      aria-busy={pendingHeight !== undefined ? 'true' : undefined}
      data-index={index}
      data-post-id={post.id}
      data-pending={pendingHeight !== undefined ? '' : undefined}
    >
      <header class="lens-post-header">
        <h2 id={titleId} tabIndex={-1}>
          {post.title || t('untitledPost')}
        </h2>
        {(post.author || date || post.url) && (
          <p class="lens-byline">
            {post.author && <span>{post.author}</span>}
            {date && <time dateTime={post.published}>{date}</time>}
            {post.url && (
              <a href={post.url} rel="noopener noreferrer" target="_blank">
                {t('originalLink')}
              </a>
            )}
          </p>
        )}
      </header>
      {pendingHeight !== undefined ? (
        <div class="lens-pending" style={{ height: `${pendingHeight}px` }} aria-hidden="true" />
      ) : (
        <div class="lens-post-body" dangerouslySetInnerHTML={{ __html: post.html }} />
      )}
      {pendingHeight === undefined && post.footnotes.length > 0 && (
        <section class="lens-footnotes" aria-label={t('notesTo', post.title)}>
          <h3>{t('notesHeading')}</h3>
          <ol>
            {post.footnotes.map((note) => (
              <li key={note.id} id={note.id} value={note.number} tabIndex={-1}>
                <div class="lens-note-body" dangerouslySetInnerHTML={{ __html: note.html }} />
                {note.refIds.map((refId, i) => (
                  <a
                    key={refId}
                    class="lens-backlink"
                    href={`#${refId}`}
                    aria-label={
                      note.refIds.length > 1
                        ? t('backToReferenceOf', note.number, i + 1)
                        : t('backToReference', note.number)
                    }
                  >
                    ↩{note.refIds.length > 1 ? <sup>{i + 1}</sup> : null}
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
