import { Component } from 'preact';
import type { SavedEntry } from '../lib/store/types';

const SITE_NAMES: Record<string, string> = {
  lesswrong: 'LessWrong',
  alignmentforum: 'Alignment Forum',
  eaforum: 'EA Forum',
  greaterwrong: 'GreaterWrong',
  text: 'Text dump',
};

function siteName(source: string): string {
  return SITE_NAMES[source] ?? source;
}

type Props = {
  entries: readonly SavedEntry[];
  total: number;
  /** True while a search or filter narrows the list (changes the empty message). */
  filtered: boolean;
  onDelete: (id: string) => void;
  onToggleRead: (id: string, read: boolean) => void;
  onExportMarkdown: (id: string) => void;
  onMore?: () => void;
  /**
   * Renders only the first `rendered` entries (and no "Show more" yet): the first screen paints the rows in view
   * without building the other rows of the page, which follow a frame later. All of them when omitted.
   */
  rendered?: number;
};

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The saved posts, newest first: title (opens the post), byline, site, dates, tags, state and per-post actions. */
export function LibraryList({
  entries,
  total,
  filtered,
  onDelete,
  onToggleRead,
  onExportMarkdown,
  onMore,
  rendered,
}: Props) {
  if (entries.length === 0) {
    return (
      <p class="lens-empty">
        {filtered
          ? 'No saved post matches. Try other words, or clear the filters.'
          : 'No saved posts yet. Save a post from LessWrong, the Alignment Forum, the EA Forum or GreaterWrong (right-click → “Save this post to Lens”), or import a text dump below.'}
      </p>
    );
  }
  return (
    <section aria-label="Saved posts">
      <ul class="lens-library">
        {(rendered === undefined ? entries : entries.slice(0, rendered)).map((e) => (
          <li key={e.id} class={e.read ? 'lens-entry is-read' : 'lens-entry'}>
            <h3 class="lens-entry-title">
              <a href={`#post=${encodeURIComponent(e.id)}`}>{e.title || 'Untitled post'}</a>
              {!e.read && <span class="lens-badge">unread</span>}
              {e.updatedSinceSaved && <span class="lens-badge is-updated">updated since saved</span>}
            </h3>
            <p class="lens-entry-meta">
              {e.author && <span>{e.author}</span>}
              <span>{siteName(e.source)}</span>
              {e.published && <span>published {e.published.slice(0, 10)}</span>}
              <span>
                saved <time dateTime={new Date(e.savedAt).toISOString()}>{day(e.savedAt)}</time>
              </span>
              {e.tags.length > 0 && <span>tags: {e.tags.join(', ')}</span>}
            </p>
            <div class="lens-entry-actions">
              <button type="button" onClick={() => onToggleRead(e.id, !e.read)}>
                {e.read ? 'Mark unread' : 'Mark read'}
                <span class="visually-hidden">: {e.title}</span>
              </button>
              <button type="button" onClick={() => onExportMarkdown(e.id)}>
                Markdown<span class="visually-hidden"> of {e.title}</span>
              </button>
              <button type="button" class="is-danger" onClick={() => onDelete(e.id)}>
                Delete<span class="visually-hidden"> {e.title}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      {onMore && entries.length < total && (rendered === undefined || rendered >= entries.length) && (
        <button type="button" class="lens-more" onClick={onMore}>
          Show more ({total - entries.length} left)
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
    onMore: () => this.props.onMore?.(),
  };

  override shouldComponentUpdate(next: Props): boolean {
    const p = this.props;
    return (
      next.entries !== p.entries ||
      next.total !== p.total ||
      next.filtered !== p.filtered ||
      next.rendered !== p.rendered ||
      !next.onMore !== !p.onMore
    );
  }

  override render() {
    const { onMore } = this.props;
    return <LibraryList {...this.props} {...this.handlers} onMore={onMore && this.handlers.onMore} />;
  }
}
