import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { registerSidebar, SIDEBAR_COMMANDS } from '../../lib/background/sidebar';
import type { BackgroundToPanel, PanelToBackground, SidebarPosition } from '../../lib/messages';
import type { Post } from '../../lib/model';
import { summarize } from '../../lib/sidebar/summary';

type Listener<A extends unknown[]> = (...args: A) => void;
function event<A extends unknown[]>() {
  const listeners = new Set<Listener<A>>();
  return {
    addListener: (l: Listener<A>) => listeners.add(l),
    removeListener: (l: Listener<A>) => listeners.delete(l),
    hasListener: (l: Listener<A>) => listeners.has(l),
    fire: (...args: A) => {
      for (const l of listeners) l(...args);
    },
  };
}

function fakePort(name = 'lens-sidebar') {
  const onMessage = event<[PanelToBackground]>();
  const onDisconnect = event<[]>();
  const received: BackgroundToPanel[] = [];
  return {
    port: {
      name,
      onMessage,
      onDisconnect,
      postMessage: (m: BackgroundToPanel) => received.push(m),
      disconnect: () => {},
    },
    received,
    say: (m: PanelToBackground) => onMessage.fire(m),
  };
}

const post: Post = { id: 'p', source: 'lesswrong', title: 'T', html: '', headings: [], footnotes: [], math: [] };
/** Waits until the background has taken up a panel's follow request: it answers with the tab's state. */
const followed = (panel: { received: BackgroundToPanel[] }) =>
  vi.waitFor(() => expect(panel.received.some((m) => m.type === 'tab')).toBe(true));
const position: SidebarPosition = { postIndex: 0, headingId: 'h', progress: 0.5, canGoBack: false };

describe('registerSidebar', () => {
  // Fresh events per test: each test registers the background again.
  let onConnect = event<[unknown]>();
  let commandEvent = event<[string, unknown]>();
  let actionEvent = event<[unknown]>();
  let menuEvent = event<[unknown, unknown]>();
  const tabMessages: [number, unknown][] = [];

  beforeEach(async () => {
    fakeBrowser.reset();
    tabMessages.length = 0;
    onConnect = event<[unknown]>();
    commandEvent = event<[string, unknown]>();
    actionEvent = event<[unknown]>();
    menuEvent = event<[unknown, unknown]>();
    const runtime = fakeBrowser.runtime as unknown as Record<string, unknown>;
    runtime.onConnect = onConnect;
    const tabs = fakeBrowser.tabs as unknown as Record<string, unknown>;
    tabs.sendMessage = vi.fn(async (tabId: number, m: unknown) => {
      tabMessages.push([tabId, m]);
      return { ok: true };
    });
    const fb = fakeBrowser as unknown as Record<string, unknown>;
    fb.commands = { onCommand: commandEvent };
    fb.contextMenus = { create: vi.fn(), onClicked: menuEvent };
    fb.action = { onClicked: actionEvent };
    delete fb.sidePanel;
    delete fb.sidebarAction;
    registerSidebar();
  });

  test("relays a page's posts and positions to the panel that follows its tab, and asks unknown tabs to announce", async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://www.lesswrong.com/posts/p/t', title: 'T' });
    const panel = fakePort();
    onConnect.fire(panel.port);
    panel.say({ type: 'follow', tabId: tab.id! });
    await vi.waitFor(() => {
      expect(panel.received[0]).toMatchObject({ type: 'tab', state: { tabId: tab.id, posts: null } });
      expect(tabMessages).toContainEqual([tab.id, { type: 'sidebar-hello' }]);
    });

    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'sidebar-posts', url: 'https://www.lesswrong.com/posts/p/t', posts: [post] },
      { tab },
    );
    expect(panel.received.at(-1)).toMatchObject({ type: 'tab', state: { posts: [{ id: 'p' }] } });
    await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-position', position }, { tab });
    expect(panel.received.at(-1)).toEqual({ type: 'position', tabId: tab.id, position });
  });

  test('a page that says it is ready is told whether a panel follows its tab; the panel then shows it reading', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://www.lesswrong.com/posts/p/t', title: 'T' });
    const url = 'https://www.lesswrong.com/posts/p/t';
    // No panel yet: the page parses nothing.
    expect(await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-ready', url }, { tab })).toContainEqual({
      wanted: false,
    });
    const panel = fakePort();
    onConnect.fire(panel.port);
    panel.say({ type: 'follow', tabId: tab.id! });
    // The page said it holds a post: the panel shows it being read, and the page is asked to announce.
    await vi.waitFor(() => {
      expect(panel.received.at(-1)).toMatchObject({ type: 'tab', state: { posts: null, reading: true } });
      expect(tabMessages).toContainEqual([tab.id, { type: 'sidebar-hello' }]);
    });
    // A page loading while the panel follows its tab hears so in the answer.
    expect(await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-ready', url }, { tab })).toContainEqual({
      wanted: true,
    });
    await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-posts', url, posts: [post] }, { tab });
    expect(panel.received.at(-1)).toMatchObject({ type: 'tab', state: { posts: [{ id: 'p' }] } });
    expect((panel.received.at(-1) as { state: { reading?: boolean } }).state.reading).toBeUndefined();
  });

  test('a panel following a tab the background already knows, with no posts announced, asks the page again', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://www.lesswrong.com/posts/p/t' });
    const first = fakePort();
    onConnect.fire(first.port);
    first.say({ type: 'follow', tabId: tab.id! });
    await followed(first);
    await vi.waitFor(() => expect(tabMessages).toContainEqual([tab.id, { type: 'sidebar-hello' }]));
    tabMessages.length = 0;
    const second = fakePort();
    onConnect.fire(second.port);
    second.say({ type: 'follow', tabId: tab.id! });
    await followed(second);
    await vi.waitFor(() => expect(tabMessages).toContainEqual([tab.id, { type: 'sidebar-hello' }]));
    expect(tabMessages).toEqual([[tab.id, { type: 'sidebar-hello' }]]);
  });

  test('panel commands go to the followed tab', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://www.lesswrong.com/posts/p/t' });
    const panel = fakePort();
    onConnect.fire(panel.port);
    panel.say({ type: 'follow', tabId: tab.id! });
    await followed(panel);
    panel.say({ type: 'command', command: { kind: 'next-heading' } });
    expect(tabMessages.at(-1)).toEqual([tab.id, { type: 'sidebar-command', command: { kind: 'next-heading' } }]);
  });

  test('a panel following a window switches with the active tab', async () => {
    const a = await fakeBrowser.tabs.create({ url: 'https://www.lesswrong.com/posts/a/x', active: true });
    const b = await fakeBrowser.tabs.create({ url: 'https://example.com/', active: false });
    // The fake browser's tabs.create ignores `active`; answer the active-tab query directly.
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([a]);
    const panel = fakePort();
    onConnect.fire(panel.port);
    panel.say({ type: 'follow-window', windowId: a.windowId! });
    await vi.waitFor(() => expect(panel.received.at(-1)).toMatchObject({ type: 'tab', state: { tabId: a.id } }));
    await fakeBrowser.tabs.onActivated.trigger({ tabId: b.id!, windowId: a.windowId! });
    await vi.waitFor(() =>
      expect(panel.received.at(-1)).toMatchObject({ type: 'tab', state: { tabId: b.id, posts: null } }),
    );
  });

  test('a new page in the tab clears the outline until it announces, a hash change does not', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://www.lesswrong.com/posts/p/t' });
    const panel = fakePort();
    onConnect.fire(panel.port);
    panel.say({ type: 'follow', tabId: tab.id! });
    await followed(panel);
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'sidebar-posts', url: 'https://www.lesswrong.com/posts/p/t', posts: [post] },
      { tab },
    );
    const before = panel.received.length;
    await fakeBrowser.tabs.onUpdated.trigger(
      tab.id!,
      { url: 'https://www.lesswrong.com/posts/p/t#fnabc' },
      { ...tab, url: 'https://www.lesswrong.com/posts/p/t#fnabc' },
    );
    expect(panel.received).toHaveLength(before);
    await fakeBrowser.tabs.onUpdated.trigger(
      tab.id!,
      { url: 'https://www.lesswrong.com/posts/q/other' },
      { ...tab, url: 'https://www.lesswrong.com/posts/q/other' },
    );
    expect(panel.received.at(-1)).toMatchObject({
      type: 'tab',
      state: { posts: null, url: 'https://www.lesswrong.com/posts/q/other' },
    });
  });

  test('keyboard heading commands reach the active tab', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://www.lesswrong.com/posts/p/t', active: true });
    commandEvent.fire('previous-heading', tab);
    await vi.waitFor(() =>
      expect(tabMessages.at(-1)).toEqual([tab.id, { type: 'sidebar-command', command: { kind: 'previous-heading' } }]),
    );
  });

  test.each([
    ['the toolbar button', () => actionEvent.fire({ id: 3, windowId: 9 })],
    ['the context menu', () => menuEvent.fire({ menuItemId: 'lens-open-sidebar' }, { id: 3, windowId: 9 })],
    ['the keyboard command', () => commandEvent.fire('open-sidebar', { id: 3, windowId: 9 })],
  ])("Chrome's side panel opens from %s, for the tab's window", (_name, fire) => {
    const open = vi.fn(async () => {});
    (fakeBrowser as unknown as Record<string, unknown>).sidePanel = { open };
    fire();
    expect(open).toHaveBeenCalledWith({ windowId: 9 });
  });

  test("Firefox's sidebar opens from the toolbar button", () => {
    const open = vi.fn(async () => {});
    (fakeBrowser as unknown as Record<string, unknown>).sidebarAction = { open };
    actionEvent.fire({ id: 3, windowId: 9 });
    expect(open).toHaveBeenCalledTimes(1);
  });

  test('opening the panel asks the page for its post at once, so the outline is here when the panel connects', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://www.lesswrong.com/posts/p/t', title: 'T' });
    const open = vi.fn(async () => {});
    (fakeBrowser as unknown as Record<string, unknown>).sidePanel = { open };
    actionEvent.fire({ id: tab.id, windowId: 9 });
    // The panel is opened first (a user gesture does not outlive the handler), and the page asked in the same turn.
    expect(open).toHaveBeenCalledWith({ windowId: 9 });
    expect(tabMessages).toEqual([[tab.id, { type: 'sidebar-hello' }]]);
    // The page answers before the panel's document has connected; the panel gets the outline in its first message.
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'sidebar-posts', url: 'https://www.lesswrong.com/posts/p/t', posts: [post] },
      { tab },
    );
    const panel = fakePort();
    onConnect.fire(panel.port);
    panel.say({ type: 'follow', tabId: tab.id! });
    await followed(panel);
    expect(panel.received[0]).toMatchObject({ type: 'tab', state: { posts: [{ id: 'p' }] } });
    // A second open of a tab whose post is known asks nothing again; a keyboard open asks as a click does.
    commandEvent.fire(SIDEBAR_COMMANDS.open, { id: tab.id, windowId: 9 });
    expect(tabMessages).toEqual([[tab.id, { type: 'sidebar-hello' }]]);
    const other = await fakeBrowser.tabs.create({ url: 'https://www.lesswrong.com/posts/q/u' });
    commandEvent.fire(SIDEBAR_COMMANDS.open, { id: other.id, windowId: 9 });
    expect(tabMessages.at(-1)).toEqual([other.id, { type: 'sidebar-hello' }]);
  });

  test('the window-following panel a click opens is bound to the clicked tab at once; another one waits for its own follow-window', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://www.lesswrong.com/posts/p/t', title: 'T', active: true });
    (fakeBrowser as unknown as Record<string, unknown>).sidePanel = { open: vi.fn(async () => {}) };
    const tabsApi = fakeBrowser.tabs as unknown as Record<string, unknown>;
    // The fake browser's tabs.create ignores `active`: the active-tab query answers the clicked tab.
    const queries: Promise<unknown>[] = [];
    tabsApi.query = () => {
      const answer = Promise.resolve([tab]);
      queries.push(answer);
      return answer;
    };
    actionEvent.fire({ id: tab.id, windowId: tab.windowId });
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'sidebar-posts', url: 'https://www.lesswrong.com/posts/p/t', posts: [post] },
      { tab },
    );
    // Connecting is enough: the outline comes before the panel has said which window it is in.
    const panel = fakePort('lens-sidebar-window');
    onConnect.fire(panel.port);
    await followed(panel);
    expect(panel.received).toHaveLength(1);
    expect(panel.received[0]).toMatchObject({ type: 'tab', state: { tabId: tab.id, posts: [{ id: 'p' }] } });
    // Its follow-window names the same tab active: nothing is sent twice.
    panel.say({ type: 'follow-window', windowId: tab.windowId! });
    await vi.waitFor(() => expect(queries).toHaveLength(1));
    // The background's continuation on the query runs before this one.
    await queries[0];
    // A second window-following panel (no click for it) waits for its own follow-window.
    const other = fakePort('lens-sidebar-window');
    onConnect.fire(other.port);
    expect(other.received).toEqual([]);
    other.say({ type: 'follow-window', windowId: tab.windowId! });
    await followed(other);
    expect(panel.received).toHaveLength(1);
  });

  test('"Run Lens on this page" from the panel runs the toolbar action\'s injection and reports failure in words', async () => {
    const reply = await fakeBrowser.runtime.onMessage.trigger({ type: 'run-lens', tabId: 3 }, {});
    expect(reply.find(Boolean)).toMatchObject({ ok: false, error: expect.any(String) });
  });

  test('a post sent in full replaces its summary; the panel keeps at most the shown post and the new one in full; a summary in view is asked for', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://example.com/dump.txt', title: 'Dump' });
    const panel = fakePort();
    onConnect.fire(panel.port);
    panel.say({ type: 'follow', tabId: tab.id! });
    await followed(panel);
    const full = (i: number): Post => ({
      ...post,
      id: `p${i}`,
      html: `<p>body ${i}</p>`,
      footnotes: [{ id: `fn${i}`, number: 1, html: 'n', text: 'n', refIds: [] }],
    });
    const posts = [0, 1, 2].map(full);
    const url = 'https://example.com/dump.txt';
    const at = (postIndex: number): SidebarPosition => ({ ...position, postIndex });
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'sidebar-posts', url, posts: [posts[0], summarize(posts[1]!), summarize(posts[2]!)] },
      { tab },
    );
    await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-position', position: at(0) }, { tab });
    const shown = () => {
      const last = panel.received.filter((m) => m.type === 'tab').at(-1);
      return last?.type === 'tab' ? last.state.posts?.map((p) => (p.partial ? 'summary' : 'full')) : undefined;
    };
    expect(shown()).toEqual(['full', 'summary', 'summary']);
    expect(tabMessages.filter(([, m]) => (m as { type: string }).type === 'sidebar-need-post')).toEqual([]);

    await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-post', url, index: 1, post: posts[1] }, { tab });
    expect(shown()).toEqual(['full', 'full', 'summary']);
    await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-position', position: at(1) }, { tab });
    await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-post', url, index: 2, post: posts[2] }, { tab });
    expect(shown()).toEqual(['summary', 'full', 'full']);
    const last = panel.received.filter((m) => m.type === 'tab').at(-1);
    expect(last?.type === 'tab' && last.state.posts?.[2]).toEqual(posts[2]);

    // A post of another page (stale message) is ignored.
    const before = panel.received.length;
    await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-post', url, index: 0, post: full(9) }, { tab });
    expect(panel.received).toHaveLength(before);

    await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-position', position: at(0) }, { tab });
    expect(tabMessages).toContainEqual([tab.id, { type: 'sidebar-need-post', index: 0 }]);
  });
});
