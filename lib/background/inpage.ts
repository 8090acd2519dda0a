import { browser } from 'wxt/browser';
import { READING_SCRIPT } from '../inpage/reading-paths';
import { isRequest, type Reply, type Request } from '../messages';

/** Path of the built content script, injected on the current tab when the reader clicks the toolbar button. */
export const LENS_SCRIPT = '/content-scripts/lens.js';

type Target = { tabId: number; frameIds?: number[] };
type LegacyTabs = { executeScript?: (tabId: number, details: { file: string; frameId?: number }) => Promise<unknown> };

/** Runs an extension script file in a tab's content-script world: `scripting` (Chrome MV3, Firefox ≥ 102 MV2), else MV2 `tabs.executeScript`. */
export async function injectFile(target: Target, file: string): Promise<void> {
  if (browser.scripting?.executeScript) {
    await browser.scripting.executeScript({ target, files: [file as '/content-scripts/lens.js'] });
    return;
  }
  const tabs = browser.tabs as unknown as LegacyTabs;
  if (!tabs.executeScript) throw new Error('no script injection API');
  await tabs.executeScript(target.tabId, { file, frameId: target.frameIds?.[0] });
}

/** Runs Lens on a tab (what the toolbar button does); resolves to an error message instead of throwing. */
export async function runLensOnTab(tabId: number): Promise<{ ok: boolean; error?: string }> {
  try {
    await injectFile({ tabId }, LENS_SCRIPT);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The toolbar click on a tab: where Lens already works on the page (a post or a dump it found), the click only opens
 * the panel (lib/background/sidebar.ts); elsewhere it runs Lens there. activeTab lasts until the tab navigates, so
 * asking first costs the grant nothing; a second run would tear down the page's run and start over beside the panel.
 */
export async function runLensOnClick(tabId: number): Promise<void> {
  const running = await browser.tabs
    .sendMessage(tabId, { type: 'lens-running' } satisfies Request<'lens-running'>)
    .then(
      (reply) => (reply as Reply<'lens-running'> | undefined)?.running === true,
      () => false,
    );
  if (running) return;
  const r = await runLensOnTab(tabId);
  if (!r.ok) console.warn('[Lens] could not run on this tab:', r.error);
}

/**
 * Registers the background side of in-page reading: the toolbar button runs Lens on the current tab through activeTab,
 * and content scripts on dump pages get the reading-view bundle injected on request.
 */
export function registerInPage(): void {
  const api = browser as unknown as { action?: typeof browser.action; browserAction?: typeof browser.action };
  // Hook for the side panel (issue 5): lib/background/sidebar.ts adds its own onClicked listener on the same button,
  // so one click both runs Lens here and opens the panel there; neither listener depends on the other.
  (api.action ?? api.browserAction)?.onClicked.addListener((tab) => {
    if (tab.id !== undefined) void runLensOnClick(tab.id);
  });

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (!isRequest(message) || message.type !== 'load-reading-view') return undefined;
    const tabId = sender.tab?.id;
    if (tabId === undefined) return Promise.resolve<Reply<'load-reading-view'>>({ ok: false, error: 'no tab' });
    return injectFile({ tabId, frameIds: [sender.frameId ?? 0] }, READING_SCRIPT).then(
      (): Reply<'load-reading-view'> => ({ ok: true }),
      (e: unknown): Reply<'load-reading-view'> => ({ ok: false, error: e instanceof Error ? e.message : String(e) }),
    );
  });
}
