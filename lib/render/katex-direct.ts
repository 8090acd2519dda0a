import css from 'katex/dist/katex.min.css?raw';
import { createKatexApi } from './katex-core';
import { KATEX_FONT_DIR } from './katex-paths';
import type { KatexApi, RenderMathOptions } from './math';

let api: KatexApi | undefined;

/** Math options for extension pages (reader, side panel), where KaTeX is bundled and fonts load from the extension origin. */
export const directMathOptions: RenderMathOptions = {
  katex: async () => {
    api ??= createKatexApi(css);
    return api;
  },
  fontUrl: (file) => `/${KATEX_FONT_DIR}/${file}`,
};
