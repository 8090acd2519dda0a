import { DISPLAY_ATTR, MATH_CLASS, TEX_ATTR } from '../model';

/** Every element that stands for a whole equation (MathJax v2/v3 output or CKEditor's unrendered span). */
export const MATH = 'span.math-tex, div.math-tex, mjx-container, .mjx-chtml, .mjpage';

function texFromDelimited(text: string): { tex: string; display: boolean } | null {
  const t = text.trim();
  if (t.startsWith('\\(') && t.endsWith('\\)')) return { tex: t.slice(2, -2).trim(), display: false };
  if (t.startsWith('\\[') && t.endsWith('\\]')) return { tex: t.slice(2, -2).trim(), display: true };
  if (t.startsWith('$$') && t.endsWith('$$') && t.length > 4) return { tex: t.slice(2, -2).trim(), display: true };
  return null;
}

/** The TeX and display flag of one rendered or unrendered equation element, or null when it carries no TeX. */
export function readEquation(el: Element): { tex: string; display: boolean } | null {
  // LessWrong's own recovery (ForumMagnum MathNode.tsx convertMathElement): aria-label of the rendered equation,
  // display from MathJax's display markers, else the delimited source text of an unrendered span.math-tex.
  const v3 = el.matches('mjx-container') ? el : el.querySelector('mjx-container');
  if (v3) {
    const tex = v3.getAttribute('aria-label');
    if (tex === null) return null;
    return { tex, display: v3.getAttribute('display') === 'true' || el.tagName === 'DIV' };
  }
  const v2 = el.matches('.mjx-math[aria-label]') ? el : el.querySelector('.mjx-math[aria-label]');
  if (v2) {
    const display =
      el.matches('.MJXc-display, .mjpage__block') || el.querySelector('.MJXc-display, .mjpage__block') !== null;
    return { tex: v2.getAttribute('aria-label') ?? '', display };
  }
  if (el.matches('.math-tex')) return texFromDelimited(el.textContent ?? '');
  return null;
}

/** Replaces every MathJax v2/v3 or unrendered equation under `root` by a Lens math element carrying its TeX. */
export function replaceMath(root: Element): void {
  const doc = root.ownerDocument;
  const found = root.querySelectorAll(MATH);
  for (const el of Array.from(found)) {
    // An inner part of an equation already replaced through its outer wrapper is no longer under root.
    if (!root.contains(el)) continue;
    const eq = readEquation(el);
    if (!eq) {
      // A v3 container saved before aria-labels existed (research §1b) has no TeX left: drop its empty glyph boxes.
      if (el.matches('mjx-container')) el.remove();
      continue;
    }
    const out = doc.createElement(eq.display ? 'div' : 'span');
    out.className = MATH_CLASS;
    out.setAttribute(TEX_ATTR, eq.tex);
    out.setAttribute(DISPLAY_ATTR, String(eq.display));
    out.textContent = eq.tex;
    el.replaceWith(out);
  }
}
