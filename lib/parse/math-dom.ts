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
