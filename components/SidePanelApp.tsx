import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatNumber, type MessageKey, t } from '../lib/i18n';
import type { SidebarCommand, SidebarPost, SidebarTabState } from '../lib/messages';
import type { Post } from '../lib/model';
import { type PostStats, postStats } from '../lib/sidebar/sections';
import { footnoteCount, isPartial } from '../lib/sidebar/summary';
import { BookExport, type ExportAction } from './BookExport';
import { FootnoteIndex } from './FootnoteIndex';
import { Outline } from './Outline';
import { SavedPanel, type SavedPanelProps } from './SavedPanel';

type TabKey = 'outline' | 'footnotes' | 'saved';
const TABS: readonly { key: TabKey; label: MessageKey }[] = [
  { key: 'outline', label: 'outline' },
  { key: 'footnotes', label: 'footnotes' },
  { key: 'saved', label: 'tabSaved' },
];

export type SidePanelAppProps = {
  /** The followed tab; null while the panel is connecting. */
  state: SidebarTabState | null;
  /** Everything the Saved tab needs except the current post, which comes from `state`. */
  saved: Omit<SavedPanelProps, 'current' | 'onOpenLibrary'>;
  onCommand: (command: SidebarCommand) => void;
  onRunLens: () => void;
  onOpenLibrary: () => void;
  /** A line about the last "run Lens" attempt. */
  runMessage?: string | null;
  renderMath?: (root: HTMLElement) => void;
  /** Makes note HTML from the page safe to insert (DOMPurify), when the footnote index shows it. */
  sanitize: (html: string) => string;
  /** Tab shown first (tests and deep links). */
  initialTab?: TabKey;
  /** The sequence part (components/SequencePanel), shown above the tabs when the page belongs to a sequence. */
  sequence?: ComponentChildren;
  /** Export actions (EPUB) for the post on screen; omitted: no export buttons. */
  exportPost?: (post: Post) => ExportAction[];
  /** The tab shows a sequence or collection page: with no post on it, the sequence part is all the panel shows. */
  onSequencePage?: boolean;
};

/**
 * The post's reading time and words per section, worked out a task after the next frame: they read the whole body's
 * HTML (a DOMParser pass over it), which should not stand between the panel opening and its outline. The whole post
 * often arrives a moment after its outline summary, before the outline's frame: a plain next task would run first
 * and hold that frame back. A summary (the body not yet sent) has none.
 */
function useDeferredStats(post: SidebarPost | null): PostStats | null {
  const [stats, setStats] = useState<{ id: string; stats: PostStats } | null>(null);
  useEffect(() => {
    if (!post || isPartial(post)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setStats({ id: post.id, stats: postStats(post) }), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [post]);
  // The same post sent again (the page resends it in full as it comes back into view) keeps its figures meanwhile.
  return stats && post && !isPartial(post) && stats.id === post.id ? stats.stats : null;
}

/** The side panel: outline, footnote index and saved posts of the followed tab, as a keyboard-operable tab list. */
export function SidePanelApp({
  state,
  saved,
  onCommand,
  onRunLens,
  onOpenLibrary,
  runMessage,
  renderMath,
  sanitize,
  initialTab = 'outline',
  sequence,
  exportPost,
  onSequencePage = false,
}: SidePanelAppProps) {
  const [tab, setTab] = useState<TabKey>(initialTab);
  const tabRefs = useRef<Record<TabKey, HTMLButtonElement | null>>({ outline: null, footnotes: null, saved: null });
  const posts = state?.posts ?? null;
  const postIndex =
    posts && posts.length > 0 ? Math.min(Math.max(state?.position.postIndex ?? 0, 0), posts.length - 1) : -1;
  const post = postIndex >= 0 ? (posts?.[postIndex] ?? null) : null;
  const stats = useDeferredStats(post);

  const select = (key: TabKey, focus: boolean) => {
    setTab(key);
    if (focus) tabRefs.current[key]?.focus();
  };
  const onTabKey = (event: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.key === tab);
    const to =
      event.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : event.key === 'ArrowLeft'
          ? (i - 1 + TABS.length) % TABS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? TABS.length - 1
              : -1;
    if (to < 0) return;
    event.preventDefault();
    select(TABS[to]!.key, true);
  };

  const empty = (
    <div class="empty">
      {state === null ? (
        <p>{t('connecting')}</p>
      ) : state.reading ? (
        <p role="status">{t('readingPost')}</p>
      ) : (
        <>
          <p>
            <strong>{t('noPostTitle')}</strong> {t('noPostBody')}
          </p>
          <div class="empty-actions">
            <button type="button" class="primary" onClick={onRunLens}>
              {t('runLens')}
            </button>
            <button type="button" onClick={onOpenLibrary}>
              {t('openLibrary')}
            </button>
          </div>
          {runMessage && <p role="status">{runMessage}</p>}
        </>
      )}
    </div>
  );

  // A sequence page's contents are the sequence part; "No post here yet" and empty tabs under it would only confuse.
  if (onSequencePage && !post && state && !state.reading) {
    return (
      <main class="panel">
        <h1 class="visually-hidden">{t('lensName')}</h1>
        {sequence}
      </main>
    );
  }

  return (
    <main class="panel">
      <h1 class="visually-hidden">{t('lensName')}</h1>
      {sequence}
      {posts && posts.length > 1 && <p class="post-count">{t('postOfPosts', postIndex + 1, posts.length)}</p>}
      {state?.position.canGoBack && (
        <button type="button" class="back" onClick={() => onCommand({ kind: 'back' })}>
          {t('backToWhereYouWere')}
        </button>
      )}
      {exportPost && post && !isPartial(post) && (
        <BookExport label={t('exportPostOnScreen')} actions={exportPost(post as Post)} />
      )}
      <div role="tablist" aria-label={t('sidePanelName')} class="tabs" onKeyDown={onTabKey}>
        {TABS.map(({ key, label }) => (
          <button
            type="button"
            role="tab"
            key={key}
            id={`tab-${key}`}
            ref={(el) => {
              tabRefs.current[key] = el;
            }}
            aria-selected={tab === key}
            aria-controls={`panel-${key}`}
            tabIndex={tab === key ? 0 : -1}
            onClick={() => select(key, false)}
          >
            {t(label)}
            {key === 'footnotes' && post ? ` (${formatNumber(footnoteCount(post))})` : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="panel-outline" aria-labelledby="tab-outline" hidden={tab !== 'outline'}>
        {tab !== 'outline' ? null : post ? (
          <Outline
            title={post.title}
            headings={post.headings}
            stats={stats}
            currentHeadingId={state?.position.headingId ?? null}
            progress={state?.position.progress ?? 0}
            onSelect={(headingId) => onCommand({ kind: 'scroll-to-heading', postIndex, headingId })}
          />
        ) : (
          empty
        )}
      </div>
      <div role="tabpanel" id="panel-footnotes" aria-labelledby="tab-footnotes" hidden={tab !== 'footnotes'}>
        {tab !== 'footnotes' ? null : post && isPartial(post) ? (
          // Only the summary has arrived yet; the page sends the full post as soon as it is in view.
          <p class="muted" role="status">
            {t('loadingFootnotes')}
          </p>
        ) : post ? (
          <FootnoteIndex
            footnotes={post.footnotes}
            renderMath={renderMath}
            sanitize={sanitize}
            onCite={(refId) => onCommand({ kind: 'jump-to-reference', postIndex, refId })}
          />
        ) : (
          empty
        )}
      </div>
      <div role="tabpanel" id="panel-saved" aria-labelledby="tab-saved" hidden={tab !== 'saved'}>
        {tab === 'saved' && (
          <SavedPanel
            {...saved}
            current={post && !isPartial(post) ? { id: post.id, title: post.title } : null}
            onOpenLibrary={onOpenLibrary}
          />
        )}
      </div>
    </main>
  );
}
