import { h, render } from 'preact';
import { ReadingView } from '../../components/ReadingView';
import { t } from '../i18n';
import type { Post } from '../model';
import { type RenderMathOptions, renderMath } from '../render/math';
import { nextTask } from '../schedule';
import type { ThemeSetting } from '../settings';
import { installCopyTex, makeEquationsFocusable } from './copy-tex';
import { parseInSlices } from './parse-slices';
import { READING_VIEW_CSS } from './reading-view-styles';

/** Dump text to read lazily (parsed slice by slice when the view opens), with the parser to read it with. */
export type DumpSource = { text: string | (() => Promise<string>); parse: (text: string) => Post[] };

/** How the reading view starts and what it does to each post it renders. */
export type ReadingViewOptions = {
  /** Show the view at once (the aggregator's default) or only offer a button. Default true. */
  open?: boolean;
  theme?: ThemeSetting;
  /** Heading of the view; defaults to the page title. */
  title?: string;
  /** Called on each rendered post's article element, e.g. to wire footnote previews. */
  enhance?: (root: HTMLElement, post: Post) => void;
  /** How to render math; without it equations stay as TeX text. */
  math?: RenderMathOptions;
  /** Called after each slice is rendered. */
  onProgress?: (progress: { done: number; total: number; posts: number }) => void;
  /** Characters of dump text per parsing slice. */
  sliceSize?: number;
  /**
   * Render posts as placeholders (title, byline, a box of about the body's height) and fill each one in when it nears
   * the viewport. Default: for dumps over 1 MB of text or over 100 posts, where the browser IntersectionObserver exists.
   */
  lazy?: boolean;
};

/** A mounted reading view: open and close it, wait for every post, or remove it. */
export type ReadingViewHandle = {
  host: HTMLElement;
  shadowRoot: ShadowRoot;
  open: () => void;
  close: () => void;
  isOpen: () => boolean;
  /** Resolves once every post is rendered (after the view was first opened). */
  loaded: () => Promise<void>;
  /** Shows a post in full now if it is still a placeholder (a jump from the side panel lands in it); resolves when it is. */
  fill: (index: number) => Promise<void>;
  destroy: () => void;
};

/** Tag name of the element that hosts the reading view's shadow root. */
export const READING_VIEW_TAG = 'lens-reading-view';

type Hidden = { restore: () => void };

/** Dumps with more text than this (characters) or more posts than LAZY_POSTS get placeholders filled in on approach. */
const LAZY_TEXT = 1_000_000;
const LAZY_POSTS = 100;
/** How far beyond the viewport a placeholder is filled in (so the reader rarely sees one). */
const LAZY_MARGIN = '1500px 0px';

// The page is hidden, not removed: every node, listener and form value survives, and closing puts it back where the
// reader left it. Hiding a 10 MB page costs one style and layout pass, measured on the 10 MB aggregator (2 cores):
// Chromium tears down the body's layout for `display: none` in ~100 ms but locks it with `content-visibility: hidden`
// and a zero height in ~10 ms (boxes kept, style, layout and paint skipped); Firefox takes 3+ s for the latter and
// ~200 ms for `display: none`. So each engine gets its cheaper one.
const COLLAPSE = [
  ['content-visibility', 'hidden'],
  ['height', '0'],
  ['min-height', '0'],
  ['max-height', '0'],
  ['overflow', 'hidden'],
  ['margin', '0'],
  ['padding', '0'],
  ['border', '0'],
] as const;
const DISPLAY_NONE = [['display', 'none']] as const;

function hideRules(doc: Document): readonly (readonly [string, string])[] {
  const gecko =
    /\bGecko\/\d/.test(doc.defaultView?.navigator.userAgent ?? '') &&
    !/\bAppleWebKit\//.test(doc.defaultView?.navigator.userAgent ?? '');
  const supported = doc.defaultView?.CSS?.supports?.('content-visibility', 'hidden') ?? false;
  return supported && !gecko ? COLLAPSE : DISPLAY_NONE;
}

function hidePage(doc: Document): Hidden {
  const view = doc.defaultView;
  const x = view?.scrollX ?? 0;
  const y = view?.scrollY ?? 0;
  const body = doc.body;
  const rules = hideRules(doc);
  const saved = rules.map(([name]) => [
    name,
    body?.style.getPropertyValue(name) ?? '',
    body?.style.getPropertyPriority(name) ?? '',
  ]);
  for (const [name, value] of rules) body?.style.setProperty(name, value, 'important');
  view?.scrollTo?.(0, 0);
  return {
    restore: () => {
      for (const [name, value, priority] of saved) {
        if (value) body?.style.setProperty(name!, value, priority);
        else body?.style.removeProperty(name!);
      }
      view?.scrollTo?.(x, y);
    },
  };
}

/**
 * Mounts the dump reading view in a shadow root beside the page's body: from ready posts, or from dump text parsed in
 * slices with progress; the original page stays in the document, hidden while the view is open.
 */
export function mountReadingView(
  doc: Document,
  input: Post[] | DumpSource,
  options: ReadingViewOptions = {},
): ReadingViewHandle {
  doc.querySelector(READING_VIEW_TAG)?.remove();
  const host = doc.createElement(READING_VIEW_TAG);
  const shadowRoot = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = READING_VIEW_CSS;
  const container = doc.createElement('div');
  const offer = doc.createElement('button');
  offer.type = 'button';
  offer.className = 'lens-offer';
  offer.textContent = t('rvOpen');
  shadowRoot.append(style, container, offer);
  (doc.body?.parentElement ?? doc.documentElement).append(host);

  const title = options.title ?? (doc.title.trim() || 'Posts');
  const theme = options.theme ?? 'system';
  const posts: Post[] = [];
  let progress: { done: number; total: number } | null = { done: 0, total: 1 };
  let error: string | undefined;
  let hidden: Hidden | null = null;
  let loading: Promise<void> | null = null;
  let rendered = 0;
  const uninstallCopy = installCopyTex(shadowRoot);
  // Lazy mode: the posts shown in full (null: all of them), those queued to be filled in, and what watches the rest.
  let filled: Set<number> | null = null;
  const queued = new Set<number>();
  let observer: IntersectionObserver | null = null;
  let filling = false;
  // Who waits for a post to be filled in (fill()), by index.
  const waiting = new Map<number, (() => void)[]>();
  const release = (index: number) => {
    for (const resolve of waiting.get(index) ?? []) resolve();
    waiting.delete(index);
  };

  const paint = () => {
    render(
      h(ReadingView, { title, posts, progress, theme, error, onBack: close, filled: filled ?? undefined }),
      container,
    );
  };

  const startLazy = (textLength: number, postCount: number) => {
    const wanted = options.lazy ?? (textLength > LAZY_TEXT || postCount > LAZY_POSTS);
    const IO = doc.defaultView?.IntersectionObserver;
    if (!wanted || !IO) return;
    filled = new Set();
    observer = new IO(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const index = Number((entry.target as HTMLElement).dataset.index);
          if (!filled?.has(index)) queued.add(index);
        }
        if (queued.size) void fillQueued();
      },
      { rootMargin: LAZY_MARGIN },
    );
  };

  // Fills queued placeholders a few at a time, one Preact update and one small layout per task.
  const fillQueued = async () => {
    if (filling) return;
    filling = true;
    try {
      while (queued.size && filled) {
        await nextTask();
        const batch = [...queued].sort((a, b) => a - b).slice(0, 3);
        for (const index of batch) {
          queued.delete(index);
          filled.add(index);
        }
        paint();
        const articles = batch
          .map((i) => container.querySelector<HTMLElement>(`article.lens-post[data-index="${i}"]`))
          .filter((a): a is HTMLElement => a !== null);
        for (const article of articles) observer?.unobserve(article);
        await finishArticles(articles);
        for (const index of batch) release(index);
      }
    } finally {
      filling = false;
      // Whoever still waits (the loop failed, or the view was destroyed) is let go: a jump then finds nothing, rather
      // than hanging.
      for (const index of [...waiting.keys()]) release(index);
    }
  };

  const fill = (index: number): Promise<void> => {
    if (!filled || filled.has(index) || index < 0 || index >= posts.length) return Promise.resolve();
    return new Promise<void>((resolve) => {
      waiting.set(index, [...(waiting.get(index) ?? []), resolve]);
      queued.add(index);
      void fillQueued();
    });
  };

  // After a paint: new full articles are finished; new placeholders are watched.
  const afterPaint = async () => {
    const articles = container.querySelectorAll<HTMLElement>('article.lens-post');
    const fresh = [...articles].slice(rendered);
    rendered = articles.length;
    if (!filled) return finishArticles(fresh);
    for (const article of fresh) observer?.observe(article);
  };

  const finishArticles = async (fresh: HTMLElement[]) => {
    for (const article of fresh) {
      const post = posts[Number(article.dataset.index)];
      if (post && options.enhance) {
        try {
          options.enhance(article, post);
        } catch (e) {
          console.warn('Lens: footnote previews failed on a post', e);
        }
      }
    }
    // Post titles are h2 in the view, so a post's own headings sit one level deeper for assistive technology.
    for (const article of fresh) {
      for (const heading of article.querySelectorAll('.lens-post-body :is(h1, h2, h3, h4, h5)')) {
        heading.setAttribute('aria-level', String(Math.min(6, Math.max(3, Number(heading.localName[1]) + 1))));
      }
    }
    if (options.math) {
      for (const article of fresh) {
        try {
          await renderMath(article, options.math);
        } catch (e) {
          console.warn('Lens: math could not be rendered', e);
        }
        makeEquationsFocusable(article);
      }
    }
  };

  const append = async (more: Post[], done: number, total: number) => {
    posts.push(...more);
    progress = done >= total ? null : { done, total };
    paint();
    await afterPaint();
    options.onProgress?.({ done, total, posts: posts.length });
  };

  const load = async () => {
    try {
      if (Array.isArray(input)) {
        startLazy(0, input.length);
        for (let i = 0; i < input.length; i += 10) {
          await nextTask();
          await append(input.slice(i, i + 10), Math.min(i + 10, input.length), input.length);
        }
        if (input.length === 0) await append([], 1, 1);
        return;
      }
      const text = typeof input.text === 'string' ? input.text : await input.text();
      startLazy(text.length, 0);
      let last = 0;
      for await (const slice of parseInSlices(text, input.parse, options.sliceSize)) {
        await append(slice.posts, slice.done, slice.total);
        last = slice.done;
      }
      if (last === 0) await append([], 1, 1);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      progress = null;
      paint();
    }
  };

  // In-page links (references, back-links) target ids inside this shadow root, which the browser's own fragment
  // navigation cannot see; ids repeat across posts, so look inside the link's own article first.
  shadowRoot.addEventListener('click', (event) => {
    const anchor = (event.target as Element | null)?.closest?.('a[href^="#"]');
    if (!anchor || event.defaultPrevented) return;
    const id = decodeURIComponent(anchor.getAttribute('href')!.slice(1));
    const scope = anchor.closest('article') ?? shadowRoot;
    const target =
      [...scope.querySelectorAll<HTMLElement>('[id]')].find((el) => el.id === id) ?? shadowRoot.getElementById(id);
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: 'center' });
    if (target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.tabIndex = -1;
    target.focus({ preventScroll: true });
    target.classList.remove('lens-flash');
    void target.offsetWidth;
    target.classList.add('lens-flash');
  });

  function open(): void {
    if (!hidden) {
      hidden = hidePage(doc);
      container.hidden = false;
      offer.hidden = true;
      paint();
      shadowRoot.getElementById('lens-rv-title')?.focus({ preventScroll: true });
    }
    loading ??= load();
  }

  function close(): void {
    if (!hidden) return;
    container.hidden = true;
    offer.hidden = false;
    hidden.restore();
    hidden = null;
    offer.focus({ preventScroll: true });
  }

  offer.addEventListener('click', open);
  container.hidden = true;
  if (options.open ?? true) open();

  return {
    host,
    shadowRoot,
    open,
    close,
    isOpen: () => hidden !== null,
    loaded: () => loading ?? Promise.resolve(),
    fill,
    destroy: () => {
      close();
      uninstallCopy();
      observer?.disconnect();
      observer = null;
      queued.clear();
      for (const index of [...waiting.keys()]) release(index);
      render(null, container);
      host.remove();
    },
  };
}
