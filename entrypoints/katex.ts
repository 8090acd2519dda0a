import css from 'katex/dist/katex.min.css?raw';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createKatexApi } from '../lib/render/katex-core';
import { KATEX_GLOBAL } from '../lib/render/katex-paths';

// Injected by the background into the content script's world only when a page has math to render, so the
// content script itself never carries KaTeX.
export default defineUnlistedScript(() => {
  const scope = globalThis as Record<string, unknown>;
  scope[KATEX_GLOBAL] ??= createKatexApi(css);
});
