import { DISPLAY_ATTR, MATH_CLASS, TEX_ATTR } from '../model';

/** An equation's TeX source and whether it is display math. */
export type TexSource = { tex: string; display: boolean };

/** Selector for every equation Lens can copy as TeX: its own, the site's MathJax 2 and 3, and KaTeX output. */
export const EQUATION_SELECTOR = `.${MATH_CLASS}[${TEX_ATTR}], mjx-container[aria-label], .mjx-math[aria-label], .katex`;

/** Formats TeX the way LessWrong's Markdown editor reads it back: `$tex$` inline, `$$tex$$` on its own lines for display. */
export function formatTex({ tex, display }: TexSource): string {
  const body = tex.trim();
  return display ? `$$\n${body}\n$$` : `$${body}$`;
}

/** The outermost equation element around `node`, or null when it is not inside one. */
export function equationAt(node: Node | null): Element | null {
  let element = node && (node.nodeType === 1 ? (node as Element) : node.parentElement);
  let found: Element | null = null;
  while (element) {
    const match: Element | null = element.closest(EQUATION_SELECTOR);
    if (!match) break;
    found = match;
    element = match.parentElement;
  }
  return found;
}

/** Reads the TeX of an equation element of any era, or null when it carries none. */
export function texOf(element: Element): TexSource | null {
  const own = element.getAttribute(TEX_ATTR);
  if (own !== null) return { tex: own, display: element.getAttribute(DISPLAY_ATTR) === 'true' };
  const label = element.getAttribute('aria-label');
  if (label && element.localName === 'mjx-container')
    return { tex: label, display: element.getAttribute('display') === 'true' };
  if (label && element.classList.contains('mjx-math')) {
    return { tex: label, display: element.closest('.MJXc-display, .mjpage__block') !== null };
  }
  const annotation = element.querySelector('annotation[encoding="application/x-tex"]');
  if (annotation?.textContent) {
    return { tex: annotation.textContent, display: element.closest('.katex-display') !== null };
  }
  return null;
}
