import { browser } from 'wxt/browser';
import { t } from '../i18n';
import type { Request, SidebarCommand, SidebarPosition } from '../messages';
import type { Post } from '../model';
import { blockInView, currentSection, readingProgress } from '../sidebar/scroll-spy';
import { summarize } from '../sidebar/summary';

/** What the bridge needs from WXT's content-script context: a way to learn that the script was invalidated. */
export type BridgeContext = { onInvalidated: (callback: () => void) => unknown };

/** Optional wiring of the bridge; the defaults fit a content script on a post page or the dump reading view. */
export type SidebarBridgeOptions = {
  /** The document to spy on (default: the global one). */
  document?: Document;
  /** Where the posts' elements live: the document, or the shadow root of a view such as the dump reading view. */
  root?: Document | ShadowRoot;
  /** The element holding each post, same order as `posts`; default the root's `[data-index="<i>"][data-post-id]` or `[data-lens-post-id="<id>"]`, else `#postContent` for one post. */
  containers?: readonly (Element | null | undefined)[];
  /** How messages reach the background (default `browser.runtime.sendMessage`); tests pass a spy. */
  send?: (message: Request) => Promise<unknown>;
  /** Milliseconds a followed reference stays marked (default 2000). */
  flashMs?: number;
  /** Makes a post's elements exist before a jump into it (the dump reading view fills a placeholder in). */
  prepare?: (postIndex: number) => Promise<void>;
};

/** A running bridge: `stop` removes every listener and the page UI it added. */
export type SidebarBridge = { stop: () => void; position: () => SidebarPosition };

/** Attribute set on a reference while it is marked after a jump from the panel (tests and styles look for it). */
export const FLASH_ATTR = 'data-lens-flash';
/** Id of the host of the in-page "back" button. */
export const BACK_HOST_ID = 'lens-sidebar-back';

type Block = { top: number; bottom: number };
type BackPoint = { x: number; y: number; focus: Element | null };

let active: SidebarBridge | undefined;

const HEADING_CANDIDATES = 'h1, h2, h3, h4, h5, h6, strong, b';

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function deepActive(doc: Document): Element | null {
  let el = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

function escapeId(id: string): string {
  return typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(id) : id.replace(/["\\]/g, '\\$&');
}

// Fixed or sticky bars pinned to the top (LessWrong's header, which slides away on scroll) cover the text;
// sampling what sits at the top edge finds them without knowing any site's class names.
function fixedHeaderHeight(doc: Document, root: Document | ShadowRoot): number {
  const view = doc.defaultView;
  if (!view || typeof doc.elementsFromPoint !== 'function') return 0;
  const width = view.innerWidth;
  const viewport = view.innerHeight;
  let bottom = 0;
  const seen = new Set<Element>();
  // A shadow root's own bars (the reading view's sticky bar) are only visible from inside it.
  const scopes = root === doc || typeof root.elementsFromPoint !== 'function' ? [doc] : [doc, root];
  for (const x of [width * 0.25, width * 0.5, width * 0.75]) {
    for (const hit of scopes.flatMap((scope) => scope.elementsFromPoint(x, 1))) {
      for (let el: Element | null = hit; el && el !== doc.body && el !== doc.documentElement; el = el.parentElement) {
        if (seen.has(el)) break;
        seen.add(el);
        if (el.id === BACK_HOST_ID) continue;
        const position = view.getComputedStyle(el).position;
        if (position !== 'fixed' && position !== 'sticky') continue;
        const rect = el.getBoundingClientRect();
        if (rect.top <= 1 && rect.bottom > 0 && rect.height < viewport / 2) bottom = Math.max(bottom, rect.bottom);
      }
    }
  }
  return bottom;
}

/** Starts (or restarts) the content-script side of the side panel for these posts: announces them, spies on the scroll, obeys panel commands. */
export function startSidebarBridge(
  ctx: BridgeContext,
  posts: readonly Post[],
  options: SidebarBridgeOptions = {},
): SidebarBridge {
  active?.stop();
  const doc = options.document ?? document;
  // The dump reading view (READING_VIEW_TAG of reading-view.ts, not imported to keep this module light) renders the
  // posts in its own shadow root; find it when the caller did not say.
  const root = options.root ?? doc.querySelector('lens-reading-view')?.shadowRoot ?? doc;
  const view = doc.defaultView ?? window;
  const send = options.send ?? ((message: Request) => browser.runtime.sendMessage(message));
  const flashMs = options.flashMs ?? 2000;
  const cleanups: (() => void)[] = [];
  let stopped = false;
  let frame = 0;
  let last = '';
  const backStack: BackPoint[] = [];
  let position: SidebarPosition = { postIndex: posts.length ? 0 : -1, headingId: null, progress: 0, canGoBack: false };

  const safeSend = (message: Request): void => {
    if (stopped) return;
    // The background may be restarting; it asks again with `sidebar-hello` when it is back.
    send(message).catch(() => {});
  };

  const container = (index: number): Element | null => {
    const given = options.containers?.[index];
    if (given) return given;
    const post = posts[index];
    if (!post) return null;
    const marked =
      root.querySelector(`[data-index="${index}"][data-post-id="${escapeId(post.id)}"]`) ??
      root.querySelector(`[data-lens-post-id="${escapeId(post.id)}"]`);
    if (marked) return marked;
    return posts.length === 1 ? root.getElementById('postContent') : null;
  };

  const findIn = (index: number, id: string): HTMLElement | null => {
    const scope = container(index);
    const inScope = scope?.querySelector<HTMLElement>(`#${escapeId(id)}`);
    return inScope ?? (root.getElementById(id) as HTMLElement | null);
  };

  // Live LessWrong headings carry the parser's ids, but a page may not (GreaterWrong has its own ids, a saved shell
  // none): then the heading is the next element in document order with the same text.
  const resolved = new Map<number, (HTMLElement | null)[]>();
  const headingElements = (index: number): (HTMLElement | null)[] => {
    const cached = resolved.get(index);
    if (cached?.every((el) => !el || el.isConnected)) return cached;
    const headings = posts[index]?.headings ?? [];
    let candidates: HTMLElement[] | null = null;
    let from = 0;
    const found = headings.map((h) => {
      const byId = findIn(index, h.id);
      if (byId) return byId;
      candidates ??= [...(container(index) ?? root).querySelectorAll<HTMLElement>(HEADING_CANDIDATES)];
      const want = normalize(h.text);
      const prefix = want.endsWith('...') ? want.slice(0, -3) : null;
      for (let i = from; i < candidates.length; i++) {
        const text = normalize(candidates[i]!.textContent ?? '');
        if (text === want || (prefix !== null && text.startsWith(prefix))) {
          from = i + 1;
          return candidates[i]!;
        }
      }
      return null;
    });
    // A placeholder (the dump reading view's post not yet filled in, `data-pending`) has no headings yet: asked again
    // once it is filled.
    if (!container(index)?.hasAttribute('data-pending')) resolved.set(index, found);
    return found;
  };

  const blocks = (): Block[] => {
    const firstTops = posts.map((_, i) => {
      const el = container(i) ?? headingElements(i).find((e) => e) ?? null;
      return el ? el.getBoundingClientRect() : null;
    });
    const docBottom = doc.documentElement.getBoundingClientRect().bottom;
    return posts.map((_, i) => {
      const own = container(i);
      if (own) {
        const r = own.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom };
      }
      const top = firstTops[i]?.top ?? Number.NaN;
      const next = firstTops.slice(i + 1).find((r) => r);
      return { top, bottom: next ? next.top : docBottom };
    });
  };

  const measure = (): SidebarPosition => {
    if (posts.length === 0) return { postIndex: -1, headingId: null, progress: 0, canGoBack: backStack.length > 0 };
    const viewport = view.innerHeight;
    const header = fixedHeaderHeight(doc, root);
    const all = blocks();
    const usable = all.map((b) => (Number.isNaN(b.top) ? { top: Number.POSITIVE_INFINITY, bottom: b.bottom } : b));
    const postIndex = Math.max(0, blockInView(usable, viewport, header));
    const tops = headingElements(postIndex).map((el) => (el ? el.getBoundingClientRect().top : Number.NaN));
    const section = currentSection(tops, viewport, header);
    const block = all[postIndex];
    const progress = block && !Number.isNaN(block.top) ? readingProgress(block.top, block.bottom, viewport, header) : 0;
    return {
      postIndex,
      headingId: section >= 0 ? (posts[postIndex]?.headings[section]?.id ?? null) : null,
      progress,
      canGoBack: backStack.length > 0,
    };
  };

  // The post last sent in full (announced, came into view, or asked for). The background keeps only a couple of posts
  // in full, so a post coming back into view is sent again.
  let lastFull = -1;
  const sendFull = (index: number, force = false): boolean => {
    const post = posts[index];
    if (!post) return false;
    if (index === lastFull && !force) return true;
    lastFull = index;
    safeSend({ type: 'sidebar-post', url: view.location.href, index, post });
    return true;
  };

  const report = (force = false): void => {
    position = measure();
    // The full post goes before the position that shows it, so the panel never shows (or saves) a summary.
    if (position.postIndex >= 0) sendFull(position.postIndex);
    const key = `${position.postIndex}|${position.headingId}|${Math.round(position.progress * 100)}|${position.canGoBack}`;
    if (!force && key === last) return;
    last = key;
    safeSend({ type: 'sidebar-position', position });
  };

  const schedule = (): void => {
    if (frame || stopped) return;
    const run = () => {
      frame = 0;
      report();
    };
    // A hidden tab gets no animation frames, yet a panel beside it (or a test driving it) still follows its scroll.
    if (doc.visibilityState === 'hidden') frame = -view.setTimeout(run, 100);
    else frame = view.requestAnimationFrame(run);
  };

  // One message with every post in full is a long task on a big dump (800 posts, 10 MB: ~1 s of structured clone):
  // announce summaries, with only the post in view in full; the others follow one at a time as they come into view.
  const announce = (): void => {
    position = measure();
    const current = position.postIndex;
    lastFull = current;
    safeSend({
      type: 'sidebar-posts',
      url: view.location.href,
      posts: posts.map((post, i) => (i === current ? post : summarize(post))),
    });
    last = '';
    report(true);
  };

  // Jumps are instant: the panel (not the page) has focus when they happen, and a smooth scroll in a page without
  // focus or visibility may never run (headless Chromium, background tabs), leaving the reader where they were.
  const scrollToElement = (el: HTMLElement): void => {
    const top = el.getBoundingClientRect().top + view.scrollY - fixedHeaderHeight(doc, root) - 8;
    view.scrollTo({ top: Math.max(0, top), behavior: 'instant' });
  };

  const focusQuietly = (el: HTMLElement): void => {
    if (!el.matches('a[href], button, input, select, textarea, [tabindex]')) el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: true });
  };

  const flash = (el: HTMLElement): void => {
    const previous = { outline: el.style.outline, offset: el.style.outlineOffset };
    el.setAttribute(FLASH_ATTR, 'true');
    el.style.outline = '3px solid #e8a33d';
    el.style.outlineOffset = '2px';
    const timer = view.setTimeout(() => {
      el.removeAttribute(FLASH_ATTR);
      el.style.outline = previous.outline;
      el.style.outlineOffset = previous.offset;
    }, flashMs);
    cleanups.push(() => view.clearTimeout(timer));
  };

  let backHost: HTMLElement | null = null;
  const hideBack = (): void => {
    backHost?.remove();
    backHost = null;
  };
  const showBack = (): void => {
    if (backHost) return;
    const host = doc.createElement('div');
    host.id = BACK_HOST_ID;
    const root = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = `button{position:fixed;right:16px;bottom:16px;z-index:2147483647;font:14px/1.2 system-ui,sans-serif;
      padding:8px 12px;border-radius:6px;border:1px solid #888;background:#fff;color:#111;box-shadow:0 2px 8px #0003;cursor:pointer}
      @media (prefers-color-scheme: dark){button{background:#222;color:#eee}}`;
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = t('backToWhereYouWere');
    button.addEventListener('click', () => goBack());
    root.append(style, button);
    // Beside the body, not in it: the dump reading view hides the body while it is open.
    doc.documentElement.append(host);
    backHost = host;
  };

  const goBack = (): boolean => {
    const point = backStack.pop();
    if (!point) return false;
    view.scrollTo({ left: point.x, top: point.y, behavior: 'auto' });
    const focus = point.focus as HTMLElement | null;
    if (focus?.isConnected && typeof focus.focus === 'function') focus.focus({ preventScroll: true });
    if (backStack.length === 0) hideBack();
    report(true);
    return true;
  };

  const allHeadings = (): HTMLElement[] => {
    const list: HTMLElement[] = [];
    posts.forEach((_, i) => {
      for (const el of headingElements(i)) if (el) list.push(el);
    });
    return list;
  };

  const stepHeading = (direction: 1 | -1): boolean => {
    const header = fixedHeaderHeight(doc, root);
    const tops = allHeadings().map((el) => ({ el, top: el.getBoundingClientRect().top }));
    const target =
      direction === 1 ? tops.find((t) => t.top > header + 12) : [...tops].reverse().find((t) => t.top < header - 2);
    if (!target) return false;
    scrollToElement(target.el);
    focusQuietly(target.el);
    return true;
  };

  const run = async (command: SidebarCommand): Promise<boolean> => {
    if ((command.kind === 'scroll-to-heading' || command.kind === 'jump-to-reference') && options.prepare) {
      await options.prepare(command.postIndex);
    }
    switch (command.kind) {
      case 'scroll-to-heading': {
        const i = posts[command.postIndex]?.headings.findIndex((h) => h.id === command.headingId) ?? -1;
        const el = i >= 0 ? headingElements(command.postIndex)[i] : null;
        if (!el) return false;
        scrollToElement(el);
        focusQuietly(el);
        return true;
      }
      case 'jump-to-reference': {
        const el = findIn(command.postIndex, command.refId);
        if (!el) return false;
        backStack.push({ x: view.scrollX, y: view.scrollY, focus: deepActive(doc) });
        const focusable = el.matches('a[href]') ? el : (el.querySelector<HTMLElement>('a[href]') ?? el);
        el.scrollIntoView({ block: 'center', behavior: 'instant' });
        focusQuietly(focusable);
        flash(el);
        showBack();
        report(true);
        return true;
      }
      case 'back':
        return goBack();
      case 'next-heading':
        return stepHeading(1);
      case 'previous-heading':
        return stepHeading(-1);
    }
  };

  const onMessage = (message: unknown): Promise<{ ok: boolean }> | undefined => {
    const m = message as Request | undefined;
    if (!m || typeof m !== 'object') return undefined;
    if (m.type === 'sidebar-hello') {
      announce();
      return Promise.resolve({ ok: true });
    }
    if (m.type === 'sidebar-need-post')
      return Promise.resolve({ ok: sendFull((m as Request<'sidebar-need-post'>).index, true) });
    if (m.type === 'sidebar-command')
      return run((m as Request<'sidebar-command'>).command).then(
        (ok) => ({ ok }),
        () => ({ ok: false }),
      );
    return undefined;
  };

  const onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && backHost) hideBack();
  };

  view.addEventListener('scroll', schedule, { passive: true });
  view.addEventListener('resize', schedule, { passive: true });
  doc.addEventListener('keydown', onKey);
  browser.runtime.onMessage.addListener(onMessage as Parameters<typeof browser.runtime.onMessage.addListener>[0]);

  const bridge: SidebarBridge = {
    stop: () => {
      if (stopped) return;
      stopped = true;
      view.removeEventListener('scroll', schedule);
      view.removeEventListener('resize', schedule);
      doc.removeEventListener('keydown', onKey);
      browser.runtime.onMessage.removeListener(
        onMessage as Parameters<typeof browser.runtime.onMessage.addListener>[0],
      );
      if (frame > 0) view.cancelAnimationFrame(frame);
      else if (frame < 0) view.clearTimeout(-frame);
      for (const cleanup of cleanups) cleanup();
      hideBack();
      if (active === bridge) active = undefined;
    },
    position: () => position,
  };
  active = bridge;
  ctx.onInvalidated(() => bridge.stop());
  announce();
  return bridge;
}
