import { t } from '../i18n';
import { DISPLAY_ATTR, MATH_CLASS, TEX_ATTR } from '../model';
import { nextTask, sliceTimer } from '../schedule';

/** What `renderMath` needs from KaTeX: a safe renderer (null when the TeX is refused) and KaTeX's stylesheet text. */
export type KatexApi = {
  render: (tex: string, display: boolean) => string | null;
  css: string;
  version: string;
  /** Text found in rendered HTML when part of the TeX could not be rendered. */
  errorMark?: string;
};

/** How `renderMath` gets KaTeX and its fonts, and which equations it looks for. */
export type RenderMathOptions = {
  /** Supplies KaTeX; called only when at least one equation needs rendering. */
  katex: () => Promise<KatexApi>;
  /** Maps a KaTeX font file name such as `KaTeX_Main-Regular.woff2` to the URL the extension serves it at. */
  fontUrl: (file: string) => string;
  /** Also render what the site failed to: raw `span.math-tex` text and glyph-less `mjx-container[aria-label]`. */
  site?: boolean;
};

/** One equation found in a tree: where to render it, its TeX and whether it is display math. */
export type MathTarget = { element: HTMLElement; tex: string; display: boolean };

/** Attribute marking an element Lens has rendered (or is rendering), so no equation is rendered twice. */
export const RENDERED_ATTR = 'data-lens-rendered';
/** Class added to an equation whose TeX KaTeX could not render; the source text is shown instead. */
export const MATH_ERROR_CLASS = 'lens-math-error';

const DELIMITED = /^\s*\\([[(])([\s\S]*)\\([\])])\s*$/;

/** Reads the TeX of a `span.math-tex` the site left unrendered (`\(…\)` or `\[…\]` text), or null. */
export function unrenderedMathTex(element: Element): MathTarget | null {
  if (element.firstElementChild) return null;
  const match = DELIMITED.exec(element.textContent ?? '');
  if (!match || (match[1] === '(') !== (match[3] === ')')) return null;
  return { element: element as HTMLElement, tex: (match[2] ?? '').trim(), display: match[1] === '[' };
}

// MathJax 3 CHTML draws glyphs with `mjx-c::before { content }` from a stylesheet the server inlines once; when
// that stylesheet is missing (stripped copies, broken hydration) every container is blank. One probe per document.
function mathJaxGlyphsMissing(container: Element): boolean {
  if (!container.firstElementChild) return true;
  const glyph = container.querySelector('mjx-c');
  if (!glyph) return false;
  const view = container.ownerDocument.defaultView;
  if (!view) return false;
  const content = view.getComputedStyle(glyph, '::before').content;
  return content === 'none' || content === 'normal';
}

/** Lists the equations under `root` that still need rendering, marking none of them. */
export function findMath(root: ParentNode, site = false): MathTarget[] {
  const found: MathTarget[] = [];
  for (const element of root.querySelectorAll<HTMLElement>(`.${MATH_CLASS}[${TEX_ATTR}]:not([${RENDERED_ATTR}])`)) {
    found.push({
      element,
      tex: element.getAttribute(TEX_ATTR) ?? '',
      display: element.getAttribute(DISPLAY_ATTR) === 'true',
    });
  }
  if (!site) return found;
  for (const element of root.querySelectorAll(`.math-tex:not([${RENDERED_ATTR}])`)) {
    const target = unrenderedMathTex(element);
    if (target) found.push(target);
  }
  let missing: boolean | undefined;
  for (const container of root.querySelectorAll<HTMLElement>(`mjx-container[aria-label]:not([${RENDERED_ATTR}])`)) {
    const emptyHere = !container.firstElementChild;
    if (!emptyHere) {
      missing ??= mathJaxGlyphsMissing(container);
      if (!missing) continue;
    }
    const tex = container.getAttribute('aria-label') ?? '';
    if (tex.trim()) found.push({ element: container, tex, display: container.getAttribute('display') === 'true' });
  }
  return found;
}

/** Splits KaTeX's stylesheet into its `@font-face` rules (woff2 only, URLs from `fontUrl`) and everything else. */
export function rewriteKatexCss(css: string, fontUrl: (file: string) => string): { fontFaces: string; rules: string } {
  const faces: string[] = [];
  const rules = css.replace(/@font-face\s*\{[^}]*\}/g, (face) => {
    const woff2 = /url\(\s*["']?(?:[^"')]*\/)?([\w-]+\.woff2)["']?\s*\)/.exec(face)?.[1];
    if (woff2) faces.push(face.replace(/src\s*:[^;}]*/, `src:url("${fontUrl(woff2)}") format("woff2")`));
    return '';
  });
  return { fontFaces: faces.join('\n'), rules };
}

// nodeType rather than instanceof: Firefox content scripts see page nodes through Xray wrappers of another realm.
function isDocument(node: Node): node is Document {
  return node.nodeType === 9;
}

function isShadowRoot(node: Node): node is ShadowRoot {
  return node.nodeType === 11 && 'host' in node;
}

function addStyle(parent: Document | ShadowRoot, doc: Document, id: string, text: string): void {
  if (parent.querySelector(`style#${id}`)) return;
  const style = doc.createElement('style');
  style.id = id;
  style.textContent = text;
  (isDocument(parent) ? (parent.head ?? parent.documentElement) : parent).appendChild(style);
}

// @font-face inside a shadow root is ignored by browsers, so faces always go to the document; the rest of the
// stylesheet goes wherever the equations live (the document or one shadow root).
function ensureStyles(root: ParentNode, api: KatexApi, fontUrl: (file: string) => string): void {
  const node = root as unknown as Node;
  const doc = isDocument(node) ? node : node.ownerDocument;
  if (!doc) return;
  const { fontFaces, rules } = rewriteKatexCss(api.css, fontUrl);
  addStyle(doc, doc, 'lens-katex-fonts', fontFaces);
  const home = node.getRootNode();
  addStyle(isShadowRoot(home) ? home : doc, doc, 'lens-katex-css', rules);
}

function renderOne(api: KatexApi, target: MathTarget): void {
  const { element, tex, display } = target;
  let host = element;
  if (element.localName === 'mjx-container') {
    // The site's container stays in place, hidden, so LW's own copy handler and scripts still find it.
    const doc = element.ownerDocument;
    host = doc.createElement(display ? 'div' : 'span');
    host.className = MATH_CLASS;
    host.setAttribute(DISPLAY_ATTR, String(display));
    host.setAttribute(RENDERED_ATTR, 'true');
    element.style.display = 'none';
    element.after(host);
  }
  host.classList.add(MATH_CLASS);
  host.setAttribute(TEX_ATTR, tex);
  let html: string | null = null;
  let error = 'too long to render';
  try {
    html = api.render(tex, display);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  if (html === null) {
    host.textContent = tex;
    host.classList.add(MATH_ERROR_CLASS);
    host.title = t('texNotRendered', String(error));
  } else {
    host.innerHTML = html;
    if (host.querySelector('.katex-error') || (api.errorMark && html.includes(api.errorMark))) {
      host.classList.add(MATH_ERROR_CLASS);
    }
  }
  host.setAttribute(RENDERED_ATTR, 'true');
}

/**
 * Renders every equation under `root` that is not rendered yet with KaTeX, loading KaTeX only if one is found;
 * resolves to the number rendered.
 */
export async function renderMath(root: ParentNode, options: RenderMathOptions): Promise<number> {
  const targets = findMath(root, options.site);
  if (targets.length === 0) return 0;
  // Marked before the first await so a second call on the same tree never picks the same equations.
  for (const { element } of targets) element.setAttribute(RENDERED_ATTR, 'pending');
  let api: KatexApi;
  try {
    api = await options.katex();
  } catch (e) {
    for (const { element } of targets) element.removeAttribute(RENDERED_ATTR);
    throw e;
  }
  ensureStyles(root, api, options.fontUrl);
  const sliceUsed = sliceTimer(12);
  for (const target of targets) {
    renderOne(api, target);
    if (sliceUsed()) await nextTask();
  }
  return targets.length;
}
