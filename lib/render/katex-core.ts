import katex from 'katex';
import type { KatexApi } from './math';

// Hostile or accidental TeX must not freeze the tab: KaTeX parses linearly, so a length cap plus its own
// expansion and size limits bound the work per equation.
const MAX_TEX_LENGTH = 8000;

// KaTeX paints unsupported commands in errorColor instead of throwing; an odd shade lets renderMath spot them.
const ERROR_COLOR = '#cc0001';

/** Marker that KaTeX output contains a part it could not render (an unsupported command, shown in red). */
export const KATEX_ERROR_MARK = `color:${ERROR_COLOR}`;

const OPTIONS = {
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  output: 'htmlAndMathml',
  maxExpand: 500,
  maxSize: 20,
  errorColor: ERROR_COLOR,
} as const;

/** Renders one equation to KaTeX HTML with Lens's safety options, or returns null when the TeX is too long to try. */
export function renderTex(tex: string, display: boolean): string | null {
  if (tex.length > MAX_TEX_LENGTH) return null;
  return katex.renderToString(tex, { ...OPTIONS, displayMode: display });
}

/** Builds the renderer object that `renderMath` consumes, given KaTeX's stylesheet text. */
export function createKatexApi(css: string): KatexApi {
  return { render: renderTex, css, version: katex.version, errorMark: KATEX_ERROR_MARK };
}
