import { browser } from 'wxt/browser';
import { isRequest, type Reply } from '../messages';
import { KATEX_SCRIPT } from '../render/katex-paths';

/** Answers `load-katex` by injecting the KaTeX script into the asking frame, so only pages with math load it. */
export function registerKatexLoader(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (!isRequest(message) || message.type !== 'load-katex') return undefined;
    const tabId = sender.tab?.id;
    if (tabId === undefined) return Promise.resolve<Reply<'load-katex'>>({ ok: false, error: 'no tab' });
    return browser.scripting
      .executeScript({ target: { tabId, frameIds: [sender.frameId ?? 0] }, files: [KATEX_SCRIPT] })
      .then(
        (): Reply<'load-katex'> => ({ ok: true }),
        (e: unknown): Reply<'load-katex'> => ({ ok: false, error: e instanceof Error ? e.message : String(e) }),
      );
  });
}
