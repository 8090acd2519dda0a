import { browser } from 'wxt/browser';
import { type BackgroundToPanel, type PanelToBackground, SIDEBAR_PORT } from '../../lib/messages';

// The first module the panel runs (main.ts loads the rest after it): it asks the page for its post before
// Preact, the components and the rest of the bundle are evaluated, so the page reads the post meanwhile.
performance.mark('lens:panel-start');

// `?tab=<id>` binds the panel to one tab (tests, or the panel opened as a page); otherwise it follows the active tab.
const bound = Number(new URLSearchParams(location.search).get('tab'));
const boundTab = Number.isInteger(bound) && bound > 0 ? bound : null;

type Listener = (message: BackgroundToPanel) => void;
let port: ReturnType<typeof browser.runtime.connect>;
let listener: Listener | null = null;
// What arrived before the panel listened (its first render comes after the rest of the bundle has run).
const backlog: BackgroundToPanel[] = [];

const connect = (): void => {
  port = browser.runtime.connect({ name: SIDEBAR_PORT });
  port.onMessage.addListener((raw: unknown) => {
    const message = raw as BackgroundToPanel;
    if (listener) listener(message);
    else backlog.push(message);
  });
  // Chrome stops an idle service worker, which closes the port: reconnect and follow again.
  port.onDisconnect.addListener(connect);
  if (boundTab !== null) sendToBackground({ type: 'follow', tabId: boundTab });
  else
    void browser.windows
      .getCurrent()
      .then((w) => w.id !== undefined && sendToBackground({ type: 'follow-window', windowId: w.id }));
};

/** Sends a message to the background over the panel's port. */
export function sendToBackground(message: PanelToBackground): void {
  port.postMessage(message);
}

/** Hands the background's messages to `next`, those that came before first; returns the way to stop. */
export function listenToBackground(next: Listener): () => void {
  listener = next;
  for (const message of backlog.splice(0)) next(message);
  return () => {
    if (listener === next) listener = null;
  };
}

connect();
