import { render } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ExportAction } from '../../components/BookExport';
import { SequencePanel } from '../../components/SequencePanel';
import { SidePanelApp } from '../../components/SidePanelApp';
import { messagesLanguage, t } from '../../lib/i18n';
import { browserImageDeps, requestImageAccess } from '../../lib/image-access';
import type { BackgroundToPanel, Request, SidebarCommand, SidebarTabState } from '../../lib/messages';
import type { Post } from '../../lib/model';
import { postIdFromUrl } from '../../lib/parse/url';
import { loadSettings, type ThemeSetting, watchSettings } from '../../lib/settings';
import type { LibraryClient, SavedItem } from '../../lib/sidebar/library-client';
import { isPartial, summarize } from '../../lib/sidebar/summary';
import { listenToBackground, sendToBackground, takeEarlyMessages } from './port';
import { useSequence } from './use-sequence';

// The library (the store and its search index) loads when the panel first reads it, not before the outline.
let client: Promise<LibraryClient> | undefined;
const open = () =>
  (client ??= import('../../lib/sidebar/library-client').then((m) =>
    m.createLibraryClient(undefined, browserImageDeps()),
  ));
const library: LibraryClient = {
  entry: async (id) => (await open()).entry(id),
  save: async (post) => (await open()).save(post),
  keepImages: async (id) => (await open()).keepImages(id),
  unsave: async (id) => (await open()).unsave(id),
  setTags: async (id, tags) => (await open()).setTags(id, tags),
  list: async (query) => (await open()).list(query),
  onChange: (listener) => {
    let stop: (() => void) | undefined;
    let stopped = false;
    void open().then((c) => {
      if (!stopped) stop = c.onChange(listener);
    });
    return () => {
      stopped = true;
      stop?.();
    };
  },
};
// KaTeX (~290 KB) loads the first time the footnote index shows an equation, not with the panel: opening it should
// cost the outline and nothing more.
const mathIn = (root: HTMLElement) => {
  if (!root.querySelector('.lens-math')) return;
  void Promise.all([import('../../lib/render/katex-direct'), import('../../lib/render/math')])
    .then(([{ directMathOptions }, { renderMath }]) => renderMath(root, directMathOptions))
    .catch(() => 0);
};
// DOMPurify (a third of the panel's code) loads after the first frame: the outline needs none of it, and a post's notes
// are shown (as "being read") until it is here.
type Sanitizer = (html: string) => string;
let sanitizer: Promise<Sanitizer> | undefined;
const loadSanitizer = () =>
  (sanitizer ??= import('../../lib/sanitize').then(
    ({ sanitizeHtml }) =>
      (html: string) =>
        sanitizeHtml(html),
  ));

// The post on screen as an EPUB, built here (the panel has a DOM; the export code loads on the click). Its images are
// not in this page's reach, so they are left out with their description and a link.
const exportPost = (post: Post): ExportAction[] => [
  {
    label: t('downloadEpub'),
    run: async (progress) => {
      const { buildEpub } = await import('../../lib/export/epub');
      const bytes = await buildEpub([post], { onProgress: progress });
      const name = `${
        post.title
          .replace(/[^\p{L}\p{N}]+/gu, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 80) || 'lens-post'
      }.epub`;
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/epub+zip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return `Saved ${name}.`;
    },
  },
];

function applyTheme(theme: ThemeSetting): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

function openReader(id?: string, sequenceId?: string): void {
  if (sequenceId) {
    // The reader's sequence page (entrypoints/reader/SequencePage.tsx) by its hash.
    const getURL = browser.runtime.getURL as (path: string) => string;
    void browser.tabs.create({ url: getURL(`/reader.html#sequence=${encodeURIComponent(sequenceId)}`) });
    return;
  }
  browser.runtime
    .sendMessage({ type: 'open-reader', id } satisfies Request<'open-reader'>)
    .then((reply) => {
      if (!reply) throw new Error('no reader handler');
    })
    .catch(() => {
      // The reader entrypoint may not be built yet, so its path is not in WXT's typed list.
      const getURL = browser.runtime.getURL as (path: string) => string;
      const url = getURL(`/reader.html${id ? `#post=${encodeURIComponent(id)}` : ''}`);
      void browser.tabs.create({ url });
    });
}

/** The panel's state after one message from the background. */
function apply(state: SidebarTabState | null, message: BackgroundToPanel): SidebarTabState | null {
  if (message.type === 'tab') return message.state;
  return state && state.tabId === message.tabId ? { ...state, position: message.position } : state;
}

function usePanelPort(): [SidebarTabState | null, (command: SidebarCommand) => void] {
  // What the background said while the modules loaded (the outline, when the page read it meanwhile) is in the first
  // render, so the first frame painted shows it; what comes later arrives through the listener.
  const [state, setState] = useState<SidebarTabState | null>(() => takeEarlyMessages().reduce(apply, null));
  useEffect(() => listenToBackground((message) => setState((s) => apply(s, message))), []);
  const command = useCallback((c: SidebarCommand) => sendToBackground({ type: 'command', command: c }), []);
  return [state, command];
}

function Panel() {
  const [received, command] = usePanelPort();
  const [sanitize, setSanitize] = useState<Sanitizer | null>(null);
  useEffect(() => {
    let live = true;
    void loadSanitizer().then((fn) => live && setSanitize(() => fn));
    return () => {
      live = false;
    };
  }, []);
  // Until the sanitiser is here, posts are shown as their summaries (outline, title, the notes' count).
  const state = useMemo(
    () =>
      sanitize || !received?.posts
        ? received
        : { ...received, posts: received.posts.map((p) => (isPartial(p) ? p : summarize(p))) },
    [received, sanitize],
  );
  const [runMessage, setRunMessage] = useState<string | null>(null);
  const [items, setItems] = useState<SavedItem[]>([]);
  const [query, setQuery] = useState('');
  const [currentSaved, setCurrentSaved] = useState<boolean | null>(null);
  const [currentTags, setCurrentTags] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const posts = state?.posts ?? null;
  const post = posts?.length
    ? (posts[Math.max(0, Math.min(state?.position.postIndex ?? 0, posts.length - 1))] ?? null)
    : null;
  const postId = post?.id ?? null;
  const outlined = !!post;

  // Runs after the first outline is painted (Preact runs effects after the frame): open → outline, for the bench.
  useEffect(() => {
    if (outlined && performance.getEntriesByName('lens:outline-shown').length === 0)
      performance.mark('lens:outline-shown');
  }, [outlined]);

  // The library (its code, IndexedDB, the search index) is not part of the outline: on a page that is reading its post
  // for the panel it opens once the outline is painted, so the two do not share the frames in between; elsewhere at
  // once. A page that never answers does not keep the saved posts away for more than a second.
  const libraryNow = outlined || (state !== null && !state.reading);
  const [libraryReady, setLibraryReady] = useState(false);
  useEffect(() => {
    if (libraryReady) return;
    const timer = setTimeout(() => setLibraryReady(true), libraryNow ? 0 : 1000);
    return () => clearTimeout(timer);
  }, [libraryNow, libraryReady]);

  const refresh = useCallback(async () => {
    if (!libraryReady) return;
    try {
      setItems(await library.list(query));
      if (postId) {
        const entry = await library.entry(postId);
        setCurrentSaved(Boolean(entry));
        setCurrentTags(entry?.tags ?? []);
      }
    } catch (e) {
      setMessage(t('libraryReadError', e instanceof Error ? e.message : String(e)));
    }
  }, [query, postId, libraryReady]);

  useEffect(() => {
    setCurrentSaved(null);
    void refresh();
  }, [refresh]);
  useEffect(() => (libraryReady ? library.onChange(() => void refresh()) : undefined), [refresh, libraryReady]);

  useEffect(() => {
    void loadSettings().then((s) => applyTheme(s.theme));
    return watchSettings((s) => applyTheme(s.theme));
  }, []);

  const saved = useMemo(
    () => ({
      currentSaved,
      currentTags,
      busy,
      message,
      items,
      query,
      onQuery: setQuery,
      onOpen: (id: string) => openReader(id),
      onTagsChange: (tags: string[]) => {
        if (postId) void library.setTags(postId, tags);
      },
      onToggleSave: async () => {
        if (!post) return;
        // Before any await: the browser asks for the post's image origins only during this click. The save does not
        // wait for the answer; a grant fetches the images then (already granted origins are fetched while saving).
        const imageAccess = currentSaved ? undefined : requestImageAccess(post);
        setBusy(true);
        setMessage(null);
        try {
          if (currentSaved) await library.unsave(post.id);
          else {
            const result = await library.save(post);
            setMessage(result.ok ? result.note || null : result.error);
            const id = post.id;
            if (result.ok && result.note)
              void imageAccess?.then(async (granted) => {
                if (granted) setMessage((await library.keepImages(id)) || null);
              });
          }
        } finally {
          setBusy(false);
          void refresh();
        }
      },
    }),
    [currentSaved, currentTags, busy, message, items, query, post, postId, refresh],
  );

  const sequence = useSequence(state?.tabId ?? null, state?.url ?? null, postId);

  const onRunLens = async () => {
    if (!state) return;
    setRunMessage(t('runningLens'));
    const reply = (await browser.runtime
      .sendMessage({ type: 'run-lens', tabId: state.tabId } satisfies Request<'run-lens'>)
      .catch((e: unknown) => ({ ok: false, error: String(e) }))) as { ok: boolean; error?: string } | undefined;
    setRunMessage(reply?.ok ? t('lensRan') : t('lensCouldNotRun'));
  };

  return (
    <SidePanelApp
      state={state}
      saved={saved}
      onCommand={command}
      onRunLens={onRunLens}
      onOpenLibrary={() => openReader()}
      runMessage={runMessage}
      renderMath={mathIn}
      sanitize={sanitize ?? noSanitizer}
      onSequencePage={!!(sequence.info?.target || sequence.info?.error)}
      sequence={
        <SequencePanel
          {...sequence}
          currentPostId={postId ?? (state?.url ? postIdFromUrl(state.url) : null)}
          onOpenSequence={(id) => openReader(undefined, id)}
        />
      }
      exportPost={exportPost}
    />
  );
}

// Never called: posts are summaries (no notes' HTML) until the sanitiser is loaded.
const noSanitizer: Sanitizer = () => '';

// The bench's timeline of an opening panel: the modules evaluated, then the first render done.
performance.mark('lens:panel-modules');
document.title = t('lensName');
document.documentElement.lang = messagesLanguage();
const root = document.getElementById('app');
if (root) render(<Panel />, root);
performance.mark('lens:panel-rendered');
