function texFromDelimited(text: string): { tex: string; display: boolean } | null {
  const t = text.trim();
  if (t.startsWith('\\(') && t.endsWith('\\)')) return { tex: t.slice(2, -2).trim(), display: false };
  if (t.startsWith('\\[') && t.endsWith('\\]')) return { tex: t.slice(2, -2).trim(), display: true };
  if (t.startsWith('$$') && t.endsWith('$$') && t.length > 4) return { tex: t.slice(2, -2).trim(), display: true };
  return null;
}

type Found = { v3: Element | null; v2: Element | null; display: boolean };

function hasClass(el: Element, name: string): boolean {
  const cls = el.getAttribute('class');
  return cls !== null && ` ${cls} `.includes(` ${name} `);
}

/** One walk over an equation's subtree for the parts readEquation needs (happy-dom's selector engine is slow per call). */
function scan(root: Element): Found {
  const found: Found = { v3: null, v2: null, display: false };
  const stack: Element[] = [root];
  while (stack.length) {
    const el = stack.pop();
    if (!el) break;
    if (el.tagName === 'MJX-CONTAINER') {
      found.v3 = el;
      return found;
    }
    if (hasClass(el, 'MJXc-display') || hasClass(el, 'mjpage__block')) found.display = true;
    if (!found.v2 && hasClass(el, 'mjx-math') && el.hasAttribute('aria-label')) found.v2 = el;
    // A v2 equation's glyph spans below .mjx-math hold nothing readEquation needs.
    if (found.v2 === el) continue;
    for (let c = el.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
  }
  return found;
}

/** The TeX and display flag of one rendered or unrendered equation element, or null when it carries no TeX. */
export function readEquation(el: Element): { tex: string; display: boolean } | null {
  // LessWrong's own recovery (ForumMagnum MathNode.tsx convertMathElement): aria-label of the rendered equation,
  // display from MathJax's display markers, else the delimited source text of an unrendered span.math-tex.
  const { v3, v2, display } = scan(el);
  if (v3) {
    const tex = v3.getAttribute('aria-label');
    if (tex === null) return null;
    return { tex, display: v3.getAttribute('display') === 'true' || el.tagName === 'DIV' };
  }
  if (v2) return { tex: v2.getAttribute('aria-label') ?? '', display };
  if (hasClass(el, 'math-tex')) return texFromDelimited(el.textContent ?? '');
  return null;
}
