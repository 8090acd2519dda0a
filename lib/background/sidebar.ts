import { browser } from 'wxt/browser';
import { t } from '../i18n';
import {
  type BackgroundToPanel,
  type PanelToBackground,
  type Reply,
  type Request,
  SIDEBAR_PORT,
  SIDEBAR_WINDOW_PORT,
  type SidebarCommand,
  type SidebarPosition,
  type SidebarTabState,
} from '../messages';
import { isPartial, summarize } from '../sidebar/summary';
import { runLensOnTab } from './inpage';

/** Id of the context-menu item that opens the side panel. */
export const OPEN_SIDEBAR_MENU_ID = 'lens-open-sidebar';
/** Keyboard command names declared in the manifest (`commands`). */
export const SIDEBAR_COMMANDS = {
  open: 'open-sidebar',
  next: 'next-heading',
  previous: 'previous-heading',
} as const;

type Port = ReturnType<typeof browser.runtime.connect>;
type Follower = { port: Port; windowId: number | null; tabId: number | null };
type TabLike = { id?: number; windowId?: number; url?: string; title?: string };

const EMPTY_POSITION: SidebarPosition = { postIndex: -1, headingId: null, progress: 0, canGoBack: false };

// Chrome's side panel and Firefox's sidebar are different APIs missing from each other's typings.
type SidePanelApi = { open: (options: { windowId?: number; tabId?: number }) => Promise<void> };
type SidebarActionApi = { open: () => Promise<void> };

function withoutHash(url: string): string {
  const i = url.indexOf('#');
  return i === -1 ? url : url.slice(0, i);
}

/** Opens the panel for the tab's window; call it synchronously from a user action (click, command, menu), as both browsers require. */
export function openSidePanel(tab: TabLike | undefined): void {
  const g = globalThis as { chrome?: { sidePanel?: SidePanelApi }; browser?: { sidebarAction?: SidebarActionApi } };
  const sidebarAction =
    (browser as unknown as { sidebarAction?: SidebarActionApi }).sidebarAction ?? g.browser?.sidebarAction;
  if (sidebarAction) {
    sidebarAction.open().catch(() => {});
    return;
  }
  const sidePanel = g.chrome?.sidePanel;
  if (!sidePanel || !tab) return;
  const target =
    tab.windowId !== undefined ? { windowId: tab.windowId } : tab.id !== undefined ? { tabId: tab.id } : null;
  if (target) sidePanel.open(target).catch(() => {});
}

/** Registers the background side of the side panel: per-tab outline state from the pages, relayed to open panels, and the ways to open it. */
export function registerSidebar(): void {
  const tabs = new Map<number, SidebarTabState>();
  const followers = new Set<Follower>();

  const post = (follower: Follower, message: BackgroundToPanel): void => {
    try {
      follower.port.postMessage(message);
    } catch {
      followers.delete(follower);
    }
  };

  /** Asks a tab's page to read its post (if it has not) and announce it; a tab without Lens does not answer. */
  const askPage = (tabId: number): void => {
    browser.tabs.sendMessage(tabId, { type: 'sidebar-hello' } satisfies Request<'sidebar-hello'>).catch(() => {});
  };

  const stateOf = async (tabId: number): Promise<SidebarTabState> => {
    const known = tabs.get(tabId);
    if (known) return known;
    // A content script that ran before this worker (re)started still holds its posts, and a page that has not read its
    // post yet reads it when asked: ask first, so the page works while the tab is looked up.
    askPage(tabId);
    const tab = (await browser.tabs.get(tabId).catch(() => undefined)) as TabLike | undefined;
    // The page may have answered meanwhile.
    const answered = tabs.get(tabId);
    if (answered) return answered;
    const state: SidebarTabState = {
      tabId,
      url: tab?.url ?? '',
      title: tab?.title ?? '',
      posts: null,
      position: EMPTY_POSITION,
    };
    tabs.set(tabId, state);
    return state;
  };

  const pushTab = (tabId: number): void => {
    const state = tabs.get(tabId);
    if (!state) return;
    for (const f of followers) if (f.tabId === tabId) post(f, { type: 'tab', state });
  };

  // Tabs whose content script said it shows a post it has not read yet (sidebar-ready), by the URL it said it for.
  const readyAt = new Map<number, string>();

  const follow = async (follower: Follower, tabId: number): Promise<void> => {
    follower.tabId = tabId;
    const known = tabs.has(tabId);
    const state = await stateOf(tabId);
    if (!state.posts) {
      // A page reads its post only once a panel wants it: ask (stateOf already did for a tab it did not know).
      if (known) askPage(tabId);
      if (readyAt.get(tabId) === withoutHash(state.url)) state.reading = true;
    }
    if (follower.tabId === tabId) post(follower, { type: 'tab', state });
  };

  const sendCommand = (tabId: number, command: SidebarCommand): void => {
    browser.tabs
      .sendMessage(tabId, { type: 'sidebar-command', command } satisfies Request<'sidebar-command'>)
      .catch(() => {});
  };

  // The tab a click just opened the panel for: the window-following panel that connects next is that click's, and is
  // bound to its tab at once instead of after asking for its window and that window's active tab (two round trips);
  // its follow-window message still comes and corrects a wrong guess.
  let opened: { tabId: number; windowId: number | undefined; at: number } | null = null;
  const OPENED_FRESH_MS = 2000;

  // Opening the panel asks the page for its post at once: the page reads it while the panel's document loads, so the
  // outline is waiting here when the panel connects (the panel is the feature that needs the parse).
  const openAndPrepare = (tab: TabLike | undefined): void => {
    openSidePanel(tab);
    if (tab?.id === undefined) return;
    opened = { tabId: tab.id, windowId: tab.windowId, at: Date.now() };
    if (!tabs.get(tab.id)?.posts) askPage(tab.id);
  };

  const activeTab = async (): Promise<TabLike | undefined> => {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    return tab as TabLike | undefined;
  };

  browser.runtime.onMessage.addListener(((message: unknown, sender: { tab?: TabLike }) => {
    const m = message as Request | undefined;
    if (!m || typeof m !== 'object') return undefined;
    const tabId = sender.tab?.id;
    switch (m.type) {
      case 'sidebar-ready': {
        if (tabId === undefined) return undefined;
        const { url } = m as Request<'sidebar-ready'>;
        readyAt.set(tabId, withoutHash(url));
        const wanted = [...followers].some((f) => f.tabId === tabId);
        const state = tabs.get(tabId);
        if (wanted && state && !state.posts) {
          state.reading = true;
          pushTab(tabId);
        }
        return Promise.resolve({ wanted } satisfies Reply<'sidebar-ready'>);
      }
      case 'sidebar-posts': {
        if (tabId === undefined) return undefined;
        const { posts, url } = m as Request<'sidebar-posts'>;
        const previous = tabs.get(tabId);
        tabs.set(tabId, {
          tabId,
          url,
          title: sender.tab?.title ?? previous?.title ?? '',
          posts,
          position: previous?.position ?? EMPTY_POSITION,
        });
        readyAt.delete(tabId);
        pushTab(tabId);
        return Promise.resolve({ ok: true });
      }
      case 'sidebar-post': {
        if (tabId === undefined) return undefined;
        const { index, post } = m as Request<'sidebar-post'>;
        const state = tabs.get(tabId);
        const known = state?.posts;
        if (!state || !known || known[index]?.id !== post.id) {
          return Promise.resolve({ ok: true });
        }
        // Keep in full only this post and the one the panel shows now; the rest go back to summaries, so the state
        // relayed to the panel stays small however far the reader scrolls.
        state.posts = known.map((p, i) =>
          i === index ? post : i === state.position.postIndex || isPartial(p) ? p : summarize(p),
        );
        pushTab(tabId);
        return Promise.resolve({ ok: true });
      }
      case 'sidebar-position': {
        if (tabId === undefined) return undefined;
        const { position } = m as Request<'sidebar-position'>;
        const state = tabs.get(tabId);
        if (state) state.position = position;
        // The page sends a post in full before the position that shows it; should it be missing still (a restarted
        // worker, a lost message), ask for it.
        if (state?.posts && isPartial(state.posts[position.postIndex])) {
          browser.tabs
            .sendMessage(tabId, {
              type: 'sidebar-need-post',
              index: position.postIndex,
            } satisfies Request<'sidebar-need-post'>)
            .catch(() => {});
        }
        for (const f of followers) if (f.tabId === tabId) post(f, { type: 'position', tabId, position });
        return Promise.resolve({ ok: true });
      }
      case 'run-lens':
        return runLensOnTab((m as Request<'run-lens'>).tabId);
      default:
        return undefined;
    }
  }) as Parameters<typeof browser.runtime.onMessage.addListener>[0]);

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== SIDEBAR_PORT && port.name !== SIDEBAR_WINDOW_PORT) return;
    const follower: Follower = { port, windowId: null, tabId: null };
    followers.add(follower);
    port.onDisconnect.addListener(() => followers.delete(follower));
    if (port.name === SIDEBAR_WINDOW_PORT && opened && Date.now() - opened.at < OPENED_FRESH_MS) {
      const { tabId, windowId } = opened;
      opened = null;
      follower.windowId = windowId ?? null;
      void follow(follower, tabId);
    }
    port.onMessage.addListener((raw: unknown) => {
      const message = raw as PanelToBackground;
      if (message.type === 'follow') {
        follower.windowId = null;
        void follow(follower, message.tabId);
      } else if (message.type === 'follow-window') {
        follower.windowId = message.windowId;
        void browser.tabs.query({ active: true, windowId: message.windowId }).then(([tab]) => {
          // Already following it (bound at connect after the click): nothing to send again.
          if (tab?.id !== undefined && tab.id !== follower.tabId) void follow(follower, tab.id);
        });
      } else if (message.type === 'command' && follower.tabId !== null) {
        sendCommand(follower.tabId, message.command);
      }
    });
  });

  browser.tabs.onActivated.addListener(({ tabId, windowId }) => {
    for (const f of followers) if (f.windowId === windowId) void follow(f, tabId);
  });

  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    const state = tabs.get(tabId);
    if (!state) return;
    let changed = false;
    // A hash change (following a footnote link) is the same page; any other URL change is a new page whose
    // content script announces its posts again (LessWrong's client-side navigation included).
    if (change.url && withoutHash(change.url) !== withoutHash(state.url)) {
      state.url = change.url;
      state.posts = null;
      state.reading = false;
      state.position = EMPTY_POSITION;
      changed = true;
    }
    if (change.title !== undefined && change.title !== state.title) {
      state.title = change.title;
      changed = true;
    }
    if (change.status === 'loading' && !change.url && tab.url && withoutHash(tab.url) === withoutHash(state.url)) {
      // A reload: the page's script will announce again.
      state.posts = null;
      state.reading = false;
      state.position = EMPTY_POSITION;
      changed = true;
    }
    if (changed) pushTab(tabId);
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    tabs.delete(tabId);
    readyAt.delete(tabId);
  });

  const action =
    (browser as unknown as { action?: typeof browser.action; browserAction?: typeof browser.action }).action ??
    (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
  action?.onClicked.addListener((tab) => openAndPrepare(tab));

  browser.commands?.onCommand.addListener((command, tab) => {
    if (command === SIDEBAR_COMMANDS.open) {
      if (tab) openAndPrepare(tab);
      else void activeTab().then(openAndPrepare);
      return;
    }
    const kind =
      command === SIDEBAR_COMMANDS.next
        ? 'next-heading'
        : command === SIDEBAR_COMMANDS.previous
          ? 'previous-heading'
          : null;
    if (!kind) return;
    const target = tab?.id !== undefined ? Promise.resolve(tab as TabLike) : activeTab();
    void target.then((t) => {
      if (t?.id !== undefined) sendCommand(t.id, { kind });
    });
  });

  const menus = browser.contextMenus;
  if (menus) {
    const create = () => {
      try {
        menus.create(
          { id: OPEN_SIDEBAR_MENU_ID, title: t('menuOpenSidePanel'), contexts: ['page', 'selection', 'link'] },
          () => {
            // Already created by an earlier run of this worker: nothing to do.
            void browser.runtime.lastError;
          },
        );
      } catch {
        // Same: the item exists.
      }
    };
    browser.runtime.onInstalled.addListener(create);
    menus.onClicked.addListener((info, tab) => {
      if (info.menuItemId === OPEN_SIDEBAR_MENU_ID) openAndPrepare(tab);
    });
  }
}
