import { afterEach, describe, expect, test, vi } from 'vitest';
import type { BackgroundToPanel, SidebarTabState } from '../../lib/messages';
import { openPanelPort } from '../../lib/sidebar/early-port';

// A runtime as the browser gives it to a classic script: connect() hands out ports whose messages the test delivers.
function fakeRuntime() {
  const names: string[] = [];
  const ports: {
    sent: unknown[];
    deliver: (m: BackgroundToPanel) => void;
    disconnect: () => void;
  }[] = [];
  const api = {
    runtime: {
      id: 'lens',
      connect: vi.fn(({ name }: { name: string }) => {
        names.push(name);
        let onMessage: (m: unknown) => void = () => {};
        let onDisconnect: () => void = () => {};
        const sent: unknown[] = [];
        ports.push({ sent, deliver: (m) => onMessage(m), disconnect: () => onDisconnect() });
        return {
          postMessage: (m: unknown) => sent.push(m),
          onMessage: { addListener: (fn: (m: unknown) => void) => (onMessage = fn) },
          onDisconnect: { addListener: (fn: () => void) => (onDisconnect = fn) },
        };
      }),
    },
    windows: { getCurrent: (callback: (w: { id?: number }) => void) => callback({ id: 7 }) },
  };
  return { api, ports, names };
}

const state = (tabId: number): SidebarTabState => ({
  tabId,
  url: 'https://www.lesswrong.com/posts/p/t',
  title: 'T',
  posts: null,
  position: { postIndex: 0, headingId: null, progress: 0, canGoBack: false },
});

describe("the panel's early port (sidepanel-boot.js)", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  test('follows the tab named in the URL at once, keeps what arrives before anyone listens, and hands it over once', () => {
    const { api, ports, names } = fakeRuntime();
    vi.stubGlobal('chrome', api);
    const port = openPanelPort('?tab=12');
    // A panel bound to its tab names the port so: the background never binds it to a clicked tab.
    expect(names).toEqual(['lens-sidebar']);
    expect(ports[0]!.sent).toEqual([{ type: 'follow', tabId: 12 }]);
    const first: BackgroundToPanel = { type: 'tab', state: state(12) };
    const second: BackgroundToPanel = { type: 'position', tabId: 12, position: { ...state(12).position, progress: 1 } };
    ports[0]!.deliver(first);
    ports[0]!.deliver(second);
    // The panel's first render takes what came so far; a listener then hears only what comes after.
    expect(port.drain()).toEqual([first, second]);
    expect(port.drain()).toEqual([]);
    const third: BackgroundToPanel = { type: 'tab', state: state(12) };
    ports[0]!.deliver(third);
    const heard: BackgroundToPanel[] = [];
    const stop = port.listen((m) => heard.push(m));
    expect(heard).toEqual([third]);
    ports[0]!.deliver(first);
    expect(heard).toEqual([third, first]);
    stop();
    ports[0]!.deliver(second);
    expect(heard).toEqual([third, first]);
    expect(port.drain()).toEqual([second]);
  });

  test("without a tab in the URL it follows its window's active tab, and follows again after the worker restarts", () => {
    const { api, ports, names } = fakeRuntime();
    vi.stubGlobal('chrome', api);
    const port = openPanelPort('');
    expect(names).toEqual(['lens-sidebar-window']);
    expect(ports[0]!.sent).toEqual([{ type: 'follow-window', windowId: 7 }]);
    ports[0]!.disconnect();
    expect(ports).toHaveLength(2);
    expect(ports[1]!.sent).toEqual([{ type: 'follow-window', windowId: 7 }]);
    port.send({ type: 'command', command: { kind: 'next-heading' } });
    expect(ports[1]!.sent.at(-1)).toEqual({ type: 'command', command: { kind: 'next-heading' } });
  });

  test("Firefox's `browser` serves when no `chrome` with a runtime id is there", () => {
    const { api, ports } = fakeRuntime();
    vi.stubGlobal('chrome', undefined);
    vi.stubGlobal('browser', api);
    openPanelPort('?tab=3');
    expect(ports[0]!.sent).toEqual([{ type: 'follow', tabId: 3 }]);
  });
});
