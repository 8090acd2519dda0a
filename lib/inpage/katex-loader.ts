import { browser } from 'wxt/browser';
import type { Reply, Request } from '../messages';
import { KATEX_FONT_DIR, KATEX_GLOBAL } from '../render/katex-paths';
import type { KatexApi, RenderMathOptions } from '../render/math';

let loading: Promise<KatexApi> | undefined;

function published(): KatexApi | undefined {
  return (globalThis as Record<string, unknown>)[KATEX_GLOBAL] as KatexApi | undefined;
}

/** Gets KaTeX in a content script, asking the background to inject it the first time (once per frame). */
export function loadKatexInPage(): Promise<KatexApi> {
  const ready = published();
  if (ready) return Promise.resolve(ready);
  loading ??= (async () => {
    // Visible to tests: a page that never needs KaTeX must never ask for it.
    performance.mark('lens:katex-requested');
    const request: Request<'load-katex'> = { type: 'load-katex' };
    const reply = (await browser.runtime.sendMessage(request)) as Reply<'load-katex'> | undefined;
    if (!reply?.ok) throw new Error(`KaTeX could not be loaded: ${reply ? reply.error : 'no reply'}`);
    const api = published();
    if (!api) throw new Error('KaTeX was injected but did not publish its renderer');
    return api;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Math options for content scripts: KaTeX on demand, fonts from the extension's web-accessible files. */
export function inPageMathOptions(site = false): RenderMathOptions {
  return {
    katex: loadKatexInPage,
    fontUrl: (file) => browser.runtime.getURL(`/${KATEX_FONT_DIR}/${file}` as '/'),
    site,
  };
}
