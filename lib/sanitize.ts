import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';

/** The elements post HTML may keep through sanitising (anything else is dropped, its content kept). */
export const ALLOWED_TAGS: readonly string[] = [
  'a',
  'abbr',
  'b',
  'blockquote',
  // The body DOMPurify parses the string into is the root of its walk and never part of the output (its innerHTML is):
  // allowed, DOMPurify no longer deep-copies the whole post to hoist the content of a root it would remove (~10% of a
  // 200 KB sanitise in Chromium). Its attributes are checked as any element's. A <body> tag inside the string is not
  // an element either: the HTML parser folds it into that root.
  'body',
  'br',
  'caption',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'details',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'samp',
  'section',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'u',
  'ul',
  'var',
  'wbr',
];
const ATTRS = [
  'href',
  'src',
  'alt',
  'title',
  'id',
  'class',
  'role',
  'colspan',
  'rowspan',
  'scope',
  'start',
  'reversed',
  'type',
  'width',
  'height',
  'lang',
  'dir',
  'cite',
  'datetime',
  'open',
  'headers',
  'abbr',
];
const LINK = /^(?:https?:|mailto:|#|\/|\.{1,2}\/|[^:/?#]*(?:[/?#]|$))/i;
const IMAGE = /^(?:https?:|data:image\/(?:png|gif|jpe?g|webp|avif|bmp);|\/|\.{1,2}\/|[^:/?#]*(?:[/?#]|$))/i;

const CONFIG: Config = {
  ALLOWED_TAGS: [...ALLOWED_TAGS],
  ALLOWED_ATTR: ATTRS,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: true,
  ALLOWED_URI_REGEXP: LINK,
  FORBID_TAGS: ['style', 'script', 'form', 'iframe', 'svg', 'math', 'object', 'embed', 'link', 'meta', 'base'],
  KEEP_CONTENT: true,
  WHOLE_DOCUMENT: false,
};

const cache = new WeakMap<object, DOMPurify>();

function following(node: Node, root: Node): Node | null {
  if (node.firstChild) return node.firstChild;
  for (let n: Node | null = node; n && n !== root; n = n.parentNode) if (n.nextSibling) return n.nextSibling;
  return null;
}

function preceding(node: Node): Node | null {
  let p = node.previousSibling;
  if (!p) return node.parentNode;
  while (p.lastChild) p = p.lastChild;
  return p;
}

/**
 * A NodeIterator that survives removal of the node it last returned, as the DOM spec's does: it remembers the node
 * before it and carries on from there. happy-dom's iterator stops instead, so DOMPurify would skip what follows.
 */
function inside(node: Node, root: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) if (n === root) return true;
  return false;
}

function createIterator(root: Node, whatToShow: number): { nextNode(): Node | null } {
  let ref: Node | null = null;
  let before: Node | null = null;
  return {
    nextNode() {
      for (;;) {
        let next: Node | null;
        if (ref === null) next = root;
        else if (inside(ref, root)) next = following(ref, root);
        else next = before && inside(before, root) ? following(before, root) : null;
        if (next === null) return null;
        if (!inside(next, root)) return null;
        before = preceding(next);
        ref = next;
        if (whatToShow & (1 << (next.nodeType - 1))) return next;
      }
    },
  };
}

/**
 * happy-dom (tests, bench) defines `nodeName` on every node subclass and leaves Node.prototype's getter returning '',
 * and its NodeIterator stops when the current node is removed; DOMPurify 3.5 relies on both, so on such a DOM it gets
 * a window whose Node and createNodeIterator behave as the spec says. Real browsers get their own window untouched.
 */
function domWindow(win: Window): Window {
  const RealNode = (win as unknown as { Node: typeof Node }).Node;
  const base = Object.getOwnPropertyDescriptor(RealNode.prototype, 'nodeName')?.get;
  if (!base || base.call(win.document.createElement('p')) === 'P') return win;
  const proto = Object.create(RealNode.prototype, {
    nodeName: {
      get(this: Node) {
        return this.nodeName;
      },
    },
  }) as object;
  function ShimNode(): void {}
  ShimNode.prototype = proto;
  Object.defineProperty(ShimNode, Symbol.hasInstance, { value: (v: unknown) => v instanceof RealNode });
  const doc = new Proxy(win.document, {
    get: (target, key) =>
      key === 'createNodeIterator'
        ? (root: Node, whatToShow: number) => createIterator(root, whatToShow)
        : Reflect.get(target, key),
  });
  return new Proxy(win, {
    // Without HTMLTemplateElement DOMPurify keeps this document instead of a template's inert one.
    get: (target, key) =>
      key === 'Node'
        ? ShimNode
        : key === 'document'
          ? doc
          : key === 'HTMLTemplateElement'
            ? undefined
            : Reflect.get(target, key),
  });
}

function purifier(win: Window): DOMPurify {
  const cached = cache.get(win);
  if (cached) return cached;
  const purify = createDOMPurify(domWindow(win) as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName;
    if (name.startsWith('data-lens-')) {
      data.forceKeepAttr = true;
      return;
    }
    if (name === 'class') {
      // Only Lens's own classes survive: page classes would pick up the host page's styles where the html is shown.
      data.attrValue = data.attrValue
        .split(/\s+/)
        .filter((c) => c.startsWith('lens-'))
        .join(' ');
      if (!data.attrValue) data.keepAttr = false;
      return;
    }
    if (name === 'src' && node.nodeName === 'IMG') {
      if (IMAGE.test(data.attrValue.trim())) data.forceKeepAttr = true;
      else data.keepAttr = false;
      return;
    }
    if (name === 'src') data.keepAttr = false;
  });
  cache.set(win, purify);
  return purify;
}

/**
 * Sanitises post HTML with DOMPurify under Lens's rules; `win` defaults to the global window because DOMPurify needs a
 * real DOM implementation to parse with, and in Node (tests, the bench) that is whichever happy-dom window is passed.
 */
export function sanitizeHtml(html: string, win?: Window): string {
  const w = win ?? (globalThis as { window?: Window }).window;
  if (!w) throw new Error('sanitizeHtml needs a window');
  return purifier(w).sanitize(html, CONFIG) as string;
}

/** Sanitises a detached element's subtree in place under the same rules, sparing a serialise-and-parse round trip. */
export function sanitizeElement(el: Element, win?: Window): void {
  const w = win ?? (globalThis as { window?: Window }).window;
  if (!w) throw new Error('sanitizeElement needs a window');
  purifier(w).sanitize(el, { ...CONFIG, IN_PLACE: true });
}
