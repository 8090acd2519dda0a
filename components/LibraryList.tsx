import { Component } from 'preact';
import { type MessageKey, t } from '../lib/i18n';
import { highlightParts } from '../lib/reader/highlight';
import { readingMinutes } from '../lib/reader/keys';
import type { SavedEntry } from '../lib/store/types';

const SITE_NAMES: Record<string, MessageKey> = {
  lesswrong: 'siteLessWrong',
  alignmentforum: 'siteAlignmentForum',
  eaforum: 'siteEaForum',
  greaterwrong: 'siteGreaterWrong',
  text: 'siteTextDump',
};

function siteName(source: string): string {
  const key = SITE_NAMES[source];
  return key ? t(key) : source;
}

/** The reader's progress through a saved post, in words. */
export function progressLabel(e: Pick<SavedEntry, 'read' | 'progress'>): string {
  if (e.read) return t('progressRead');
  const p = e.progress ?? 0;
  return p >= 0.01 ? `${Math.round(p * 100)} %` : t('progressUnread');
}

type Props = {
  entries: readonly SavedEntry[];
  total: number;
  /** True while a search or filter narrows the list (changes the empty message). */
  filtered: boolean;
  /** The searched words, marked in titles and excerpts. */
  query?: string;
  /** Ids of the cards picked for a bulk action. */
  selected?: ReadonlySet<string>;
  onSelect?: (id: string, on: boolean) => void;
  onDelete: (id: string) => void;
  onToggleRead: (id: string, read: boolean) => void;
  onExportMarkdown: (id: string) => void;
  onEditTags?: (id: string) => void;
  onMore?: () => void;
  /** Opens the import dialog (offered by the empty library). */
  onImport?: () => void;
  /**
   * Renders only the first `rendered` entries (and no "Show more" yet): the first screen paints the rows in view
   * without building the other rows of the page, which follow a frame later. All of them when omitted.
   */
  rendered?: number;
};

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function Marked({ text, query }: { text: string; query: string | undefined }) {
  if (!query?.trim()) return <>{text}</>;
  return <>{highlightParts(text, query).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : p.text))}</>;
}

/** The saved posts as cards: title (opens the post), byline, excerpt, progress, tags; actions on hover and focus. */
export function LibraryList({
  entries,
  total,
  filtered,
  query,
  selected,
  onSelect,
  onDelete,
  onToggleRead,
  onExportMarkdown,
  onEditTags,
  onMore,
  onImport,
  rendered,
}: Props) {
  if (entries.length === 0) {
    return filtered ? (
      <p class="lens-empty">{t('libraryNoMatch')}</p>
    ) : (
      <div class="lens-empty is-welcome">
        <h2>{t('libraryEmptyTitle')}</h2>
        <p>{t('libraryEmpty', t('menuSavePage'))}</p>
        {onImport && (
          <p>
            {t('libraryImportPrompt')}{' '}
            <button type="button" class="is-primary" onClick={onImport}>
              {t('importEllipsis')}
            </button>
          </p>
        )}
      </div>
    );
  }
  const [savedBefore, savedAfter] = t('savedOn', '\u0001').split('\u0001');
  return (
    // Busy while the rows past the first screen are still being added (they come a frame after it).
    <section
      aria-label={t('savedPosts')}
      aria-busy={rendered !== undefined && rendered < entries.length ? 'true' : undefined}
    >
      <h2 class="visually-hidden">{t('savedPosts')}</h2>
      <ul class="lens-library">
        {(rendered === undefined ? entries : entries.slice(0, rendered)).map((e, i) => {
          const title = e.title || t('untitledPost');
          const progress = progressLabel(e);
          const state = e.read ? 'is-read' : (e.progress ?? 0) >= 0.01 ? 'is-reading' : 'is-unread';
          const picked = selected?.has(e.id) ?? false;
          return (
            <li key={e.id} class={`lens-entry ${state}${picked ? ' is-selected' : ''}`}>
              {onSelect && (
                <input
                  type="checkbox"
                  class="lens-entry-pick"
                  checked={picked}
                  aria-label={t('selectPost', title)}
                  onChange={(ev) => onSelect(e.id, (ev.currentTarget as HTMLInputElement).checked)}
                />
              )}
              <div class="lens-entry-main">
                {/* Element Timing names the first title's paint (on its block: inline text counts there), the bench's
                    "list painted". */}
                <h3 class="lens-entry-title" elementtiming={i === 0 ? 'lens-library' : undefined}>
                  <a href={`#post=${encodeURIComponent(e.id)}`}>
                    <Marked text={title} query={query} />
                  </a>
                </h3>
                <p class="lens-entry-meta">
                  {e.author && <span>{e.author}</span>}
                  <span>{siteName(e.source)}</span>
                  {e.published ? (
                    <time dateTime={e.published}>{e.published.slice(0, 10)}</time>
                  ) : (
                    <span>
                      {savedBefore}
                      <time dateTime={new Date(e.savedAt).toISOString()}>{day(e.savedAt)}</time>
                      {savedAfter}
                    </span>
                  )}
                  {e.words !== undefined && e.words > 0 && <span>{t('minutesRead', readingMinutes(e.words))}</span>}
                  <span class={`lens-progress-label ${state}`}>{progress}</span>
                  {e.updatedSinceSaved && <span class="lens-badge is-updated">{t('badgeUpdated')}</span>}
                </p>
                {e.excerpt && (
                  <p class="lens-entry-excerpt">
                    <Marked text={e.excerpt} query={query} />
                  </p>
                )}
                {e.tags.length > 0 && (
                  <ul class="lens-entry-tags" aria-label={t('tags')}>
                    {e.tags.map((tag) => (
                      <li key={tag} class="lens-tag">
                        {tag}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <div class="lens-entry-actions">
                <button type="button" onClick={() => onToggleRead(e.id, !e.read)}>
                  {e.read ? t('markUnread') : t('markRead')}
                  <span class="visually-hidden">: {title}</span>
                </button>
                {onEditTags && (
                  <button type="button" onClick={() => onEditTags(e.id)}>
                    {t('tags')}
                    <span class="visually-hidden"> {t('ofTitle', title)}</span>
                  </button>
                )}
                <button type="button" onClick={() => onExportMarkdown(e.id)}>
                  {t('markdownButton')}
                  <span class="visually-hidden"> {t('ofTitle', title)}</span>
                </button>
                <button type="button" class="is-danger" onClick={() => onDelete(e.id)}>
                  {t('deleteButton')}
                  <span class="visually-hidden"> {t('quotedTitle', title)}</span>
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {onMore && entries.length < total && (rendered === undefined || rendered >= entries.length) && (
        <button type="button" class="lens-more" onClick={onMore}>
          {t('showMore', total - entries.length)}
        </button>
      )}
    </section>
  );
}

/**
 * The list, re-rendered only when what it shows changes: typing a query re-renders the page around it on every key,
 * and diffing 50 unchanged rows each time delays the search. Its handlers always call the latest props' ones.
 */
export class StableLibraryList extends Component<Props> {
  private readonly handlers = {
    onDelete: (id: string) => this.props.onDelete(id),
    onToggleRead: (id: string, read: boolean) => this.props.onToggleRead(id, read),
    onExportMarkdown: (id: string) => this.props.onExportMarkdown(id),
    onEditTags: (id: string) => this.props.onEditTags?.(id),
    onSelect: (id: string, on: boolean) => this.props.onSelect?.(id, on),
    onImport: () => this.props.onImport?.(),
    onMore: () => this.props.onMore?.(),
  };

  override shouldComponentUpdate(next: Props): boolean {
    const p = this.props;
    return (
      next.entries !== p.entries ||
      next.total !== p.total ||
      next.filtered !== p.filtered ||
      next.rendered !== p.rendered ||
      next.selected !== p.selected ||
      !next.onMore !== !p.onMore
    );
  }

  override render() {
    const { onMore, onSelect, onEditTags, onImport } = this.props;
    return (
      <LibraryList
        {...this.props}
        {...this.handlers}
        onMore={onMore && this.handlers.onMore}
        onSelect={onSelect && this.handlers.onSelect}
        onEditTags={onEditTags && this.handlers.onEditTags}
        onImport={onImport && this.handlers.onImport}
      />
    );
  }
}
