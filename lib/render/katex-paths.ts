/** Folder of the extension package that holds KaTeX's woff2 fonts (copied from katex/dist/fonts at build time). */
export const KATEX_FONT_DIR = 'katex/fonts';

/** Path of the unlisted script that carries KaTeX, injected into a tab only when it has math to render. */
export const KATEX_SCRIPT = '/katex.js';

/** Name of the property under which the injected KaTeX script publishes its renderer in the content-script world. */
export const KATEX_GLOBAL = '__lensKatex';
