import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { saveMessage, showToast } from '../../lib/background/save-toast';
import { detectPage } from '../../lib/detect';
import { LENS_HOSTS } from '../../lib/hosts';
import { t } from '../../lib/i18n';
import { installCopyTex } from '../../lib/inpage/copy-tex';
import type { DumpViewApi } from '../../lib/inpage/dump-view';
import { enhancePage } from '../../lib/inpage/enhance';
import { inPageMathOptions } from '../../lib/inpage/katex-loader';
import { guard, type PreviewController } from '../../lib/inpage/previews';
import { READING_GLOBAL } from '../../lib/inpage/reading-paths';
import type { ReadingViewHandle } from '../../lib/inpage/reading-view';
import { type SidebarBridge, startSidebarBridge } from '../../lib/inpage/sidebar-bridge';
import { resolveTheme } from '../../lib/inpage/theme';
import { waitFor } from '../../lib/inpage/wait';
import { isRequest, type PageSaveReply, type Reply, type Request, type SaveReply } from '../../lib/messages';
import type { Post } from '../../lib/model';
import { type PostOutline, parseDocument, parseDocumentInSteps } from '../../lib/parse/document';
import { GW_BODY, LW_BODY } from '../../lib/parse/selectors';
import { postIdFromUrl, sourceFromHost } from '../../lib/parse/url';
import { renderMath } from '../../lib/render/math';
import { nextTask } from '../../lib/schedule';
import { loadSettings, type Settings, siteOf, watchSettings } from '../../lib/settings';
import { outlineSummary } from '../../lib/sidebar/summary';

const RUNS_KEY = '__lensContentRuns';

export default defineContentScript({
  matches: LENS_HOSTS,
  runAt: 'document_idle',
  main(ctx) {
    performance.mark('lens:start');
    try {
      const g = globalThis as unknown as Record<string, number>;
      // A second run in the same page means the reader clicked the toolbar button: WXT has already stopped the
      // first run's context (its cleanup ran), so this one takes over, and runs even where Lens is off by default.
      const runs = (g[RUNS_KEY] ?? 0) + 1;
      g[RUNS_KEY] = runs;
      const forced = runs > 1 || (!sourceFromHost(location.hostname) && !/lesswrong\.ru$/.test(location.hostname));
      void start(ctx, forced).catch(report);
    } catch (error) {
      report(error);
    }
  },
});

/** What one page visit set up, torn down on navigation or invalidation. */
const SITE_EQUATION = 'mjx-container[aria-label], .mjx-math[aria-label], .lens-math';

type Session = {
  previews?: PreviewController;
  /** Starts previews again when the reader turns them back on for this site. */
  restartPreviews?: () => PreviewController;
  bridge?: SidebarBridge;
  reading?: ReadingViewHandle;
  stopWatch?: () => void;
  /** Removes the "Copy TeX" action from the site's own equations. */
  stopCopyTex?: () => void;
  /** The post this page shows now (parsed on first ask), for saving; null when there is none. */
  currentPost?: () => Promise<Post | null> | Post | null;
  /** Parses the post if need be and starts the side panel's bridge (a live post page, where both wait for a panel). */
  startBridge?: () => Promise<void>;
};

async function start(ctx: ContentScriptContext, forced: boolean): Promise<void> {
  performance.mark('lens:settings-requested');
  let settings = await loadSettings();
  performance.mark('lens:settings-loaded');
  performance.measure('lens:settings-wait', 'lens:settings-requested', 'lens:settings-loaded');
  if (ctx.isInvalid) return;
  let session: Session = {};
  let currentKey: string | null = null;
  let navigation = new AbortController();

  const teardown = () => {
    navigation.abort();
    guard(() => session.previews?.destroy());
    guard(() => session.bridge?.stop());
    guard(() => session.reading?.destroy());
    guard(() => session.stopWatch?.());
    guard(() => session.stopCopyTex?.());
    session = {};
  };
  ctx.onInvalidated(teardown);

  const stopSettings = watchSettings((next) => {
    settings = next;
    guard(() => applySettings(session, settings, forced));
  });
  ctx.onInvalidated(stopSettings);

  const colorScheme = matchMedia('(prefers-color-scheme: dark)');
  const onScheme = () => guard(() => applySettings(session, settings, forced));
  colorScheme.addEventListener('change', onScheme);
  ctx.onInvalidated(() => colorScheme.removeEventListener('change', onScheme));

  const visit = async (url: string) => {
    // LessWrong navigates client-side: one post is parsed once, whatever hash or query changes happen on it.
    const key = postIdFromUrl(url) ?? url.split('#')[0]!;
    if (key === currentKey) return;
    // After a client-side navigation the old post's body may still be in place for a moment: wait for the new one.
    const previousBody = currentKey === null ? null : document.getElementById('postContent');
    const previousFirst = previousBody?.firstElementChild ?? null;
    teardown();
    navigation = new AbortController();
    currentKey = key;
    session = await run(ctx, url, settings, forced, navigation.signal, previousBody, previousFirst);
  };

  // Saving from the page (issue 4): the page context menu and the save shortcut reach the background, which asks
  // here for the post this script already parsed, so the page is not fetched a second time.
  const onMessage = (
    message: unknown,
  ): Promise<PageSaveReply | Reply<'sidebar-hello'> | Reply<'lens-running'>> | undefined => {
    if (!isRequest(message)) return undefined;
    // A toolbar click asks first: where Lens already works on this page's post or dump, running it again (a second
    // injection that tears this run down and starts over) would only compete with the panel the click opens.
    if (message.type === 'lens-running')
      return Promise.resolve({
        running: lensOn(settings, forced) && (session.currentPost !== undefined || session.reading !== undefined),
      });
    if (message.type === 'page-save') return (async () => savePage((await session.currentPost?.()) ?? null))();
    // A panel now follows this tab: once the bridge runs, it answers hellos itself.
    if (message.type === 'sidebar-hello' && session.startBridge && !session.bridge) {
      void session.startBridge().catch(report);
      return Promise.resolve({ ok: true });
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  ctx.onInvalidated(() =>
    browser.runtime.onMessage.removeListener(onMessage as Parameters<typeof browser.runtime.onMessage.addListener>[0]),
  );

  ctx.addEventListener(window, 'wxt:locationchange', (event) => {
    void visit(event.newUrl.href).catch(report);
  });
  await visit(location.href);
}

/**
 * The pause between two parse steps: the next task, except in a hidden tab (a panel opened as a tab beside it), where
 * browsers hold timers back by a second or more and nothing is painted: there a message to itself, which they do not.
 */
function parsePause(): Promise<void> {
  if (document.visibilityState !== 'hidden') return nextTask();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

async function run(
  ctx: ContentScriptContext,
  url: string,
  settings: Settings,
  forced: boolean,
  signal: AbortSignal,
  previousBody: Element | null,
  previousFirst: Element | null,
): Promise<Session> {
  const site = siteOf(location.hostname);
  const siteSettings = settings.sites[site];
  const session: Session = {};
  // Marks that Lens looked at this page and chose to add nothing (tests wait for it instead of for a fixed time).
  const nothing = () => {
    performance.mark('lens:nothing-to-do');
    return session;
  };
  if (!lensOn(settings, forced)) return nothing();

  const source = sourceFromHost(location.hostname);
  if (source) {
    // A LessWrong-family page is a post page only with a post id in its URL (else nothing is injected); the body
    // hydrates after the URL changes, so wait until detectPage sees it and, after a client-side navigation, until it
    // is the new post's body.
    if (!postIdFromUrl(url) && !forced) return nothing();
    const selector = source === 'greaterwrong' ? GW_BODY : LW_BODY;
    const body = await waitFor(
      document,
      () => {
        if (detectPage(url, document).kind !== 'post') return null;
        const el = document.querySelector<HTMLElement>(selector);
        if (!el?.firstElementChild) return null;
        if (el === previousBody && el.firstElementChild === previousFirst) return null;
        return el;
      },
      { signal, timeout: 15_000 },
    );
    if (!body || signal.aborted || ctx.isInvalid) return session;
    // Nothing is parsed, cloned or sanitised on a page view: the Post is read when a feature needs it (the side panel,
    // a save, a preview the live page cannot answer alone), without DOMPurify (each receiver sanitises what it shows
    // or stores: previews a note when shown, the panel its notes, the store the whole post). `lens:parse-start` marks
    // every parse, so a test can tell that a page view made none.
    let post: Post | null | undefined;
    let stepped: Promise<Post | null> | undefined;
    // The title and headings, known halfway through a stepped parse; whoever wants them early (the panel) listens.
    let outline: PostOutline | undefined;
    let onOutline: ((outline: PostOutline) => void) | undefined;
    const parseNow = (): Post | null => {
      if (post === undefined) {
        performance.mark('lens:parse-start');
        post = parseDocument(document, location.href, { sanitize: false });
        performance.mark('lens:parsed');
        performance.measure('lens:parse', 'lens:parse-start', 'lens:parsed');
      }
      return post;
    };
    // In steps with a pause between them (lens:parse-step), so a panel opening or a save never gives the page a long
    // task; a preview that needs the Post meanwhile parses at once (parseNow), and whichever finishes first is kept.
    const parseSoon = (): Promise<Post | null> => {
      if (post !== undefined) return Promise.resolve(post);
      stepped ??= (async () => {
        performance.mark('lens:parse-start');
        const result = await parseDocumentInSteps(document, location.href, {
          sanitize: false,
          pause: parsePause,
          onStep: (start, end) => performance.measure('lens:parse-step', { start, end }),
          onOutline: (known) => {
            performance.mark('lens:outline-known');
            outline = known;
            onOutline?.(known);
          },
        });
        if (post === undefined) {
          post = result;
          performance.mark('lens:parsed');
          performance.measure('lens:parse', 'lens:parse-start', 'lens:parsed');
        }
        return post;
      })();
      return stepped;
    };
    session.currentPost = parseSoon;
    session.restartPreviews = () =>
      enhancePage(body, parseNow, { ...previewOptions(settings), suppressSiteCards: site !== 'greaterwrong' });
    if (siteSettings.previews) session.previews = session.restartPreviews();
    performance.mark('lens:previews-ready');
    performance.measure('lens:previews', 'lens:start', 'lens:previews-ready');
    // Every equation the site rendered (MathJax 2 or 3, with its TeX in aria-label) offers "Copy TeX" on hover/focus.
    if (body.querySelector(SITE_EQUATION)) session.stopCopyTex = installCopyTex(document);
    // The side panel's outline: started when a panel follows this tab (it asks with sidebar-hello), or at once when
    // one already does (the answer to sidebar-ready, sent here because a panel open before this page loaded cannot
    // know when this script is listening).
    session.startBridge = async () => {
      // The outline goes to the panel as soon as the parse knows it (a summary: no body, notes or math yet); the bridge
      // announces the whole post once it is read, so opening the panel does not wait for the notes and the body.
      const early = (known: PostOutline) => {
        if (signal.aborted || ctx.isInvalid || session.bridge) return;
        const summary: Request<'sidebar-posts'> = {
          type: 'sidebar-posts',
          url: location.href,
          posts: [outlineSummary(known)],
        };
        browser.runtime.sendMessage(summary).catch(() => {});
      };
      if (post === undefined) {
        if (outline) early(outline);
        else onOutline = early;
      }
      const parsed = await parseSoon();
      onOutline = undefined;
      if (signal.aborted || ctx.isInvalid || session.bridge || !parsed) return;
      const from = performance.now();
      session.previews?.prepare?.();
      session.bridge = startSidebarBridge(ctx, [parsed]);
      performance.measure('lens:bridge-start', { start: from, end: performance.now() });
    };
    const ready: Request<'sidebar-ready'> = { type: 'sidebar-ready', url };
    browser.runtime
      .sendMessage(ready)
      .then(async (reply) => {
        if ((reply as Reply<'sidebar-ready'> | undefined)?.wanted && !signal.aborted)
          await session.startBridge?.().catch(report);
      })
      .catch(() => {})
      // The last of the work a post page's load starts: tests of what Lens must not do wait for it.
      .finally(() => performance.mark('lens:settled'));
    return session;
  }

  // The aggregator (lesswrong.ru), a text dump, and anything the reader ran Lens on: a post page if the parser finds
  // one, else the dump reading view over the page's text. Unasked, only what detectPage calls a dump gets the view.
  const kind = detectPage(url, document).kind;
  if (kind !== 'dump' && !forced) return nothing();
  const post = forced && kind !== 'dump' ? parseDocument(document, url) : null;
  if (post && post.footnotes.length + post.math.length > 0) {
    const root = document.body;
    session.currentPost = () => post;
    session.restartPreviews = () => enhancePage(root, post, previewOptions(settings));
    if (siteSettings.previews) session.previews = session.restartPreviews();
    performance.mark('lens:previews-ready');
    session.bridge = startSidebarBridge(ctx, [post]);
    return session;
  }
  const api = await loadReadingView();
  if (signal.aborted || ctx.isInvalid) return session;
  session.reading = api.mount(document, {
    settings,
    previews: siteSettings.previews ? previewOptions(settings) : null,
    onPosts: (posts) => {
      // A dump's post to save is the one in view.
      session.currentPost = () => posts[session.bridge?.position().postIndex ?? 0] ?? posts[0] ?? null;
      performance.mark('lens:previews-ready');
      // A jump from the side panel into a post still shown as a placeholder fills it in first.
      if (!signal.aborted && posts.length > 0)
        session.bridge = startSidebarBridge(ctx, posts, {
          prepare: (index) => session.reading?.fill(index) ?? Promise.resolve(),
        });
    },
  });
  return session;
}

/** Sends the page's post to the background to be saved and tells the reader the outcome in the page. */
async function savePage(post: Post | null): Promise<PageSaveReply> {
  if (!post) return { handled: false, reason: t('noPostOnPage') };
  const request: Request<'save-post'> = { type: 'save-post', post };
  const reply = (await browser.runtime.sendMessage(request).catch((error: unknown) => ({
    ok: false as const,
    error: t('saveFailedShort', String(error)),
  }))) as SaveReply | undefined;
  const ok = reply?.ok === true;
  const message = saveMessage(reply, post.title);
  showToast(message, ok);
  return { handled: true, ok, message };
}

let readingLoad: Promise<DumpViewApi> | undefined;

/** Gets the reading-view bundle, asking the background to inject it into this frame the first time. */
function loadReadingView(): Promise<DumpViewApi> {
  const scope = globalThis as unknown as Record<string, DumpViewApi | undefined>;
  const ready = scope[READING_GLOBAL];
  if (ready) return Promise.resolve(ready);
  readingLoad ??= (async () => {
    const request: Request<'load-reading-view'> = { type: 'load-reading-view' };
    const reply = (await browser.runtime.sendMessage(request)) as Reply<'load-reading-view'> | undefined;
    if (!reply?.ok) throw new Error(`reading view could not be loaded: ${reply ? reply.error : 'no reply'}`);
    const api = scope[READING_GLOBAL];
    if (!api) throw new Error('the reading view script did not publish its entry');
    return api;
  })();
  readingLoad.catch(() => {
    readingLoad = undefined;
  });
  return readingLoad;
}

function previewOptions(settings: Settings) {
  return {
    delay: settings.previewDelay,
    theme: pageTheme(settings),
    renderMath: (root: HTMLElement) => renderMath(root, inPageMathOptions()),
  };
}

function pageTheme(settings: Settings): 'light' | 'dark' {
  const bgs = [document.body, document.documentElement]
    .filter((el): el is HTMLElement => !!el)
    .map((el) => getComputedStyle(el).backgroundColor);
  return resolveTheme(settings.theme, matchMedia('(prefers-color-scheme: dark)').matches, bgs);
}

/** Whether Lens works on this page: the reader's click (forced) or Lens on for the site. */
function lensOn(settings: Settings, forced: boolean): boolean {
  return forced || settings.sites[siteOf(location.hostname)].enabled;
}

function applySettings(session: Session, settings: Settings, forced: boolean): void {
  if (!lensOn(settings, forced) || !settings.sites[siteOf(location.hostname)].previews) {
    session.previews?.destroy();
    session.previews = undefined;
    return;
  }
  if (!session.previews && session.restartPreviews) session.previews = session.restartPreviews();
  session.previews?.update({ delay: settings.previewDelay, theme: pageTheme(settings) });
}

function report(error: unknown): void {
  console.error('[Lens]', error);
}
