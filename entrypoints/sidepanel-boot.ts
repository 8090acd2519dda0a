import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { EARLY_PANEL_PORT, openPanelPort } from '../lib/sidebar/early-port';

// sidepanel.html's first script, a classic one in its head: it runs as soon as it arrives, while the browser is still
// fetching and compiling the panel's modules and stylesheet, so the background (and the page) answer meanwhile.
export default defineUnlistedScript(() => {
  performance.mark('lens:panel-start');
  (globalThis as Record<string, unknown>)[EARLY_PANEL_PORT] = openPanelPort(location.search);
});
