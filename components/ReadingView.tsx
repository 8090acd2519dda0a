import type { VNode } from 'preact';
import { formatNumber, t, tn } from '../lib/i18n';
import type { Post } from '../lib/model';
import { PostArticle } from './PostArticle';

// The same vnode object for a post lets Preact skip re-rendering it when later slices are appended (a 10 MB dump
// appends hundreds of times); one for the placeholder and one for the full post.
const articles = new WeakMap<Post, VNode>();
const placeholders = new WeakMap<Post, VNode>();

/** Rough height of a post's body and notes before it is rendered, from the length of its HTML. */
export function estimateHeight(post: Post): number {
  let chars = post.html.length;
  for (const note of post.footnotes) chars += note.html.length;
  return Math.round(80 + chars * 0.3);
}

function articleOf(post: Post, index: number, full: boolean): VNode {
  const cache = full ? articles : placeholders;
  let vnode = cache.get(post);
  if (!vnode) {
    vnode = (
      <PostArticle
        key={`${index}:${post.id}`}
        post={post}
        index={index}
        pendingHeight={full ? undefined : estimateHeight(post)}
      />
    );
    cache.set(post, vnode);
  }
  return vnode;
}

/** How far reading the page has got: characters of text parsed out of the total. */
export type ReadingProgress = { done: number; total: number };

type Props = {
  title: string;
  posts: Post[];
  /** Null once everything is read. */
  progress: ReadingProgress | null;
  theme: 'system' | 'light' | 'dark';
  onBack: () => void;
  error?: string;
  /** Indexes of the posts shown in full; without it every post is. The others are placeholders. */
  filled?: ReadonlySet<number>;
};

/** The dump reading view: a sticky bar with "Back to original page" and progress, then every post as an article. */
export function ReadingView({ title, posts, progress, theme, onBack, error, filled }: Props) {
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 100;
  const status = error
    ? t('rvError', error)
    : progress
      ? tn('rvProgress', posts.length, formatNumber(percent / 100, { style: 'percent' }))
      : tn('postCount', posts.length);
  return (
    <div class="lens-rv" data-theme={theme}>
      <nav class="lens-bar" aria-label={t('rvName')}>
        <button type="button" class="lens-back" onClick={onBack}>
          {t('rvBack')}
        </button>
        <span class="lens-brand">{t('rvName')}</span>
        <span class="lens-status" role="status" aria-live="polite">
          {status}
        </span>
        {progress && (
          <progress class="lens-progress" max={100} value={percent} aria-label={t('readingProgress')}>
            {formatNumber(percent / 100, { style: 'percent' })}
          </progress>
        )}
      </nav>
      <main class="lens-main" aria-labelledby="lens-rv-title">
        <h1 id="lens-rv-title" tabIndex={-1}>
          {title}
        </h1>
        {posts.map((post, i) => articleOf(post, i, !filled || filled.has(i)))}
        {!progress && posts.length === 0 && <p class="lens-empty">{t('rvNoPosts')}</p>}
      </main>
    </div>
  );
}
