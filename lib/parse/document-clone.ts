import { DISPLAY_ATTR, MATH_CLASS, TEX_ATTR } from '../model';
import { finishSteps } from '../schedule';
import { readEquation } from './math-dom';

const MAX_DEPTH = 200;
const WRAPPERS = new Set(['DIV', 'SPAN', 'SECTION', 'ARTICLE', 'MAIN', 'FONT', 'CENTER']);
const SKIP_TAGS = new Set([
  'TITLE',
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'LINK',
  'META',
  'IFRAME',
  'OBJECT',
  'EMBED',
]);
// Comments and answers (ForumMagnum CommentsListSection.tsx, CommentBody.tsx; GW comment-threads.lisp) and GW's own
// ToC box (clean-html.lisp) are never body.
const SKIP_IDS = new Set(['comments', 'answers']);
const SKIP_CLASS = /(?:^|\s)(?:CommentsListSection-root|CommentBody-root)(?:\s|$)/;
const MATH_CLASSES = /(?:^|\s)(?:math-tex|mjx-chtml|mjpage)(?:\s|$)/;

function skipped(el: Element): boolean {
  if (SKIP_TAGS.has(el.tagName)) return true;
  if (el.id && SKIP_IDS.has(el.id)) return true;
  const cls = el.getAttribute('class');
  if (!cls) return false;
  if (el.tagName === 'NAV' && /(?:^|\s)contents(?:\s|$)/.test(cls)) return true;
  return SKIP_CLASS.test(cls);
}

function mathElement(el: Element, out: Document): Element | 'drop' | null {
  const isMath = el.tagName === 'MJX-CONTAINER' || MATH_CLASSES.test(el.getAttribute('class') ?? '');
  if (!isMath) return null;
  const eq = readEquation(el);
  if (!eq) {
    // A v3 container saved before aria-labels existed (research §1b) has no TeX left, only empty glyph boxes.
    return el.tagName === 'MJX-CONTAINER' || el.getElementsByTagName('mjx-container').length > 0 ? 'drop' : null;
  }
  const m = out.createElement(eq.display ? 'div' : 'span');
  m.className = MATH_CLASS;
  m.setAttribute(TEX_ATTR, eq.tex);
  m.setAttribute(DISPLAY_ATTR, String(eq.display));
  m.textContent = eq.tex;
  return m;
}

/** How cloneBodySteps may split its walk. */
export type CloneSlicing = {
  /** Yield once a slice has run this long (ms); the copy restarts, once, if `src` changed meanwhile. */
  sliceMs: number;
  /** The window whose MutationObserver watches `src` between slices (no slicing without one). */
  win: (Window & typeof globalThis) | undefined;
};

/**
 * Copies the children of `src` into a new detached div of `out` in one walk, leaving out scripts, styles, comments and
 * chrome, and putting a Lens math element in place of each equation, so MathJax's thousands of glyph spans (and its
 * `<style>`) are never copied; `src` is only read.
 */
export function cloneBody(src: Element, out: Document): Element {
  return finishSteps(cloneBodySteps(src, out));
}

/**
 * cloneBody as a walk that yields between slices of about `slicing.sliceMs`, so a long post's copy never makes one long
 * task on a busy machine (the side panel's window opening beside it on two cores stretched the one-task copy to 45-56
 * ms). The live element may change while the page runs between slices (a site re-rendering its body): a
 * MutationObserver on `src` sees it, and the copy starts again, then runs to its end without yielding, so what it
 * returns is always one consistent reading of `src`. Without slicing it never yields.
 */
export function* cloneBodySteps(src: Element, out: Document, slicing?: CloneSlicing): Generator<undefined, Element> {
  const Observer = slicing?.win?.MutationObserver;
  const watch = Observer ? new Observer(() => {}) : null;
  watch?.observe(src, { subtree: true, childList: true, characterData: true, attributes: true });
  try {
    let sliced = watch !== null;
    for (;;) {
      const root = out.createElement('div');
      // An explicit stack: the deeply nested fixture (html-deeply-nested) would overflow recursion.
      const stack: Array<[Node, Element, number]> = [];
      for (let c = src.lastChild; c; c = c.previousSibling) stack.push([c, root, 0]);
      let since = performance.now();
      let count = 0;
      let changed = false;
      while (stack.length) {
        if (sliced && ++count % 256 === 0 && performance.now() - since > slicing!.sliceMs) {
          yield;
          if (watch!.takeRecords().length > 0) {
            changed = true;
            break;
          }
          since = performance.now();
        }
        copyOne(stack, out);
      }
      if (!changed) return root;
      // Changed while paused: once more, in one go.
      sliced = false;
    }
  } finally {
    watch?.disconnect();
  }
}

/** Copies the node on top of `stack` into its parent copy, pushing its children. */
function copyOne(stack: Array<[Node, Element, number]>, out: Document): void {
  const item = stack.pop();
  if (!item) return;
  const [node, parent, depth] = item;
  if (node.nodeType === 3) {
    parent.appendChild(out.createTextNode((node as Text).data));
    return;
  }
  if (node.nodeType !== 1) return;
  const el = node as Element;
  if (skipped(el)) return;
  const math = mathElement(el, out);
  if (math === 'drop') return;
  if (math) {
    parent.appendChild(math);
    return;
  }
  if (depth >= MAX_DEPTH && WRAPPERS.has(el.tagName) && !el.id) {
    // Past this depth the wrapper is dropped and its children join the parent: happy-dom's serialiser (and
    // DOMPurify's walk) recurse per level and overflow on html-deeply-nested's 5,000 divs; no real post nests so deep.
    for (let c = el.lastChild; c; c = c.previousSibling) stack.push([c, parent, depth]);
    return;
  }
  const copy = out.importNode(el, false) as Element;
  parent.appendChild(copy);
  for (let c = el.lastChild; c; c = c.previousSibling) stack.push([c, copy, depth + 1]);
}
