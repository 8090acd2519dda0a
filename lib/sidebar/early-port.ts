import { type BackgroundToPanel, type PanelToBackground, SIDEBAR_PORT, SIDEBAR_WINDOW_PORT } from '../messages';

// The side panel's connection to the background, opened by sidepanel-boot.js (the panel's first script, a classic one
// in its head) before the panel's modules are fetched and compiled: the background answers with the post's outline
// (which the page may already be reading: opening the panel asks it) while Preact and the components load.
// entrypoints/sidepanel/port.ts takes it over, or opens it itself if that script did not run.

/** Where the boot script leaves the connection for the panel's modules. */
export const EARLY_PANEL_PORT = '__lensPanelPort';

type Listener = (message: BackgroundToPanel) => void;

/** A runtime port, as the browser's own API gives it (no polyfill here: the boot script has no modules). */
type RawPort = {
  postMessage: (message: unknown) => void;
  onMessage: { addListener: (fn: (message: unknown) => void) => void };
  onDisconnect: { addListener: (fn: () => void) => void };
};
type RawRuntime = { connect: (info: { name: string }) => RawPort };
type RawApi = {
  runtime: RawRuntime & { id?: string };
  windows?: { getCurrent: (callback: (w: { id?: number }) => void) => void };
};

/** The panel's side of the port: messages that came before anyone listened are kept until someone does. */
export type PanelPort = {
  send: (message: PanelToBackground) => void;
  /** Takes the messages that came before anyone listened (the panel's first render folds them into its state). */
  drain: () => BackgroundToPanel[];
  listen: (next: Listener) => () => void;
};

function api(): RawApi {
  const g = globalThis as { browser?: RawApi; chrome?: RawApi };
  // Firefox's `browser` (promises) and Chrome's `chrome`; windows.getCurrent is called with a callback, which
  // Firefox's `chrome` alias accepts too.
  return (g.chrome?.runtime?.id ? g.chrome : g.browser) as RawApi;
}

/**
 * Connects the panel to the background and follows its tab: the one named by `?tab=<id>` (tests, or the panel opened
 * as a page), else the active tab of the panel's window. Reconnects when the background's worker stops.
 */
export function openPanelPort(search: string): PanelPort {
  const bound = Number(new URLSearchParams(search).get('tab'));
  const boundTab = Number.isInteger(bound) && bound > 0 ? bound : null;
  const browser = api();
  let port: RawPort;
  let listener: Listener | null = null;
  const backlog: BackgroundToPanel[] = [];
  const send = (message: PanelToBackground) => port.postMessage(message);
  const connect = (): void => {
    port = browser.runtime.connect({ name: boundTab === null ? SIDEBAR_WINDOW_PORT : SIDEBAR_PORT });
    port.onMessage.addListener((raw) => {
      const message = raw as BackgroundToPanel;
      // When the post's outline reached the panel (the bench's timeline of an opening panel).
      if (message.type === 'tab' && message.state.posts && !performance.getEntriesByName('lens:panel-posts').length)
        performance.mark('lens:panel-posts');
      if (listener) listener(message);
      else backlog.push(message);
    });
    // Chrome stops an idle service worker, which closes the port: reconnect and follow again.
    port.onDisconnect.addListener(connect);
    if (boundTab !== null) send({ type: 'follow', tabId: boundTab });
    else
      browser.windows?.getCurrent((w) => {
        if (w?.id !== undefined) send({ type: 'follow-window', windowId: w.id });
      });
  };
  connect();
  return {
    send,
    drain: () => backlog.splice(0),
    listen: (next) => {
      listener = next;
      for (const message of backlog.splice(0)) next(message);
      return () => {
        if (listener === next) listener = null;
      };
    },
  };
}
