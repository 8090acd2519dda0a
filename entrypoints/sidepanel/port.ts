import type { BackgroundToPanel, PanelToBackground } from '../../lib/messages';
import { EARLY_PANEL_PORT, openPanelPort, type PanelPort } from '../../lib/sidebar/early-port';

// The port sidepanel-boot.js opened (see lib/sidebar/early-port.ts), or a new one if that script did not run.
const early = (globalThis as Record<string, unknown>)[EARLY_PANEL_PORT] as PanelPort | undefined;
if (!early) performance.mark('lens:panel-start');
const port = early ?? openPanelPort(location.search);

/** Sends a message to the background over the panel's port. */
export function sendToBackground(message: PanelToBackground): void {
  port.send(message);
}

/** The background's messages that came before anyone listened, taken (so a listener gets only those after). */
export function takeEarlyMessages(): BackgroundToPanel[] {
  return port.drain();
}

/** Hands the background's messages to `next`, those that came before first; returns the way to stop. */
export function listenToBackground(next: (message: BackgroundToPanel) => void): () => void {
  return port.listen(next);
}
