import katex from 'katex';
import { t } from '../i18n';
import { DISPLAY_ATTR, FOOTNOTE_ATTR, FOOTNOTE_REF_CLASS, MATH_CLASS, type Post, TEX_ATTR } from '../model';
import { ALLOWED_TAGS } from '../sanitize';
import { el, MATHML_NS, serializeXml, XHTML_NS, xhtmlDocument, xmlDocument, xmlText } from './epub-xml';

/** What the book knows when it writes one post: where other posts and kept images live. */
export type PostContext = {
  /** The language of this post's text (BCP 47). */
  lang: string;
  /** The file of another post of the book, by the URL or LessWrong id a link may name. */
  postFile: (href: URL) => string | undefined;
  /** The book path (relative to the post's folder) of a kept image, by its `src` as written in the post; null: not kept. */
  image: (src: string) => string | null;
};

/** One post written as an EPUB XHTML document, with what the package and the table of contents need from it. */
export type PostDocument = {
  xhtml: string;
  /** Whether the document holds MathML (its manifest item then says `properties="mathml"`). */
  mathml: boolean;
  /** The post's headings with the ids they carry in this document, in order. */
  headings: { id: string; level: number; text: string }[];
  counts: { notes: number; noterefs: number; math: number; texFallbacks: number };
};

// Same limits as the page renderer (lib/render/katex-core.ts): hostile TeX must not stall the export.
const MAX_TEX_LENGTH = 8000;
const KATEX = {
  output: 'mathml',
  throwOnError: true,
  trust: false,
  strict: 'ignore',
  maxExpand: 500,
  maxSize: 20,
} as const;

/** MathML for one equation, parsed as XML from KaTeX's output; null when KaTeX cannot read the TeX. */
export function texToMathml(tex: string, display: boolean): Element | null {
  if (tex.length > MAX_TEX_LENGTH) return null;
  let out: string;
  try {
    out = katex.renderToString(tex, { ...KATEX, displayMode: display });
  } catch {
    return null;
  }
  const start = out.indexOf('<math');
  const end = out.lastIndexOf('</math>');
  if (start < 0 || end < 0) return null;
  const doc = xmlDocument(out.slice(start, end + 7));
  const math = doc.documentElement;
  if (math.namespaceURI !== MATHML_NS || math.localName !== 'math' || doc.getElementsByTagName('parsererror').length)
    return null;
  return math;
}

const RENAME: Record<string, string> = { strike: 's', time: 'span', body: 'div' };
// What sanitising keeps is what a post can hold: each such element is written as it is (all are HTML5 names EPUB 3
// XHTML accepts), renamed above, or unwrapped to its content (<wbr>, a line-break hint a reflowing reader needs not).
// Derived, so a tag the sanitiser starts to allow reaches the book, and the every-element book in
// test/export/epub.test.ts has epubcheck say whether it validates.
const UNWRAP = new Set(['wbr']);
const KEEP = new Set(ALLOWED_TAGS.filter((tag) => !(tag in RENAME) && !UNWRAP.has(tag)));
// Elements whose content is phrasing only: a block inside one (a <div> in a <span>) would not validate.
const PHRASING_ONLY = new Set([
  'abbr',
  'b',
  'cite',
  'code',
  'dfn',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'i',
  'kbd',
  'mark',
  'p',
  'pre',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'summary',
  'sup',
  'u',
  'var',
  'dt',
  'caption',
]);
const PHRASING = new Set([...PHRASING_ONLY, 'a', 'br', 'img', 'del', 'ins']);
// Where an element may stand: its allowed parents; elsewhere it becomes a <div> (or a <span> in phrasing).
const PARENTS: Record<string, readonly string[]> = {
  li: ['ul', 'ol'],
  dt: ['dl'],
  dd: ['dl'],
  figcaption: ['figure'],
  summary: ['details'],
  caption: ['table'],
  colgroup: ['table'],
  col: ['colgroup'],
  thead: ['table'],
  tbody: ['table'],
  tfoot: ['table'],
  tr: ['table', 'thead', 'tbody', 'tfoot'],
  td: ['tr'],
  th: ['tr'],
};
const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

type Walk = {
  doc: XMLDocument;
  post: Post;
  ctx: PostContext;
  base: URL | undefined;
  /** Source id → id in this document (unique, XML-safe). */
  ids: Map<string, string>;
  used: Set<string>;
  /** Ids written into the document so far (a source id used twice is written once). */
  emitted: Set<string>;
  /** Footnote id → its index in post.footnotes. */
  noteIndex: Map<string, number>;
  /** Footnote index → the ids of the references to it, in document order. */
  refsTo: string[][];
  counts: PostDocument['counts'];
};

function freshId(w: Walk, wanted: string): string {
  let base = wanted.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[A-Za-z]/.test(base)) base = `x${base}`;
  let id = base;
  for (let n = 2; w.used.has(id); n++) id = `${base}-${n}`;
  w.used.add(id);
  return id;
}

function noteId(i: number): string {
  return `fn-${i + 1}`;
}

function collectIds(root: Element, w: Walk): void {
  for (const e of root.querySelectorAll('[id]')) {
    const id = e.getAttribute('id')!;
    if (!w.ids.has(id)) w.ids.set(id, freshId(w, `h-${id}`));
  }
}

function isMath(e: Element): boolean {
  return e.classList.contains(MATH_CLASS) && e.hasAttribute(TEX_ATTR);
}

function footnoteOf(e: Element, w: Walk): number | undefined {
  if (e.localName !== 'a') return undefined;
  if (!e.classList.contains(FOOTNOTE_REF_CLASS) && !e.hasAttribute(FOOTNOTE_ATTR)) return undefined;
  const target = e.getAttribute(FOOTNOTE_ATTR) ?? e.getAttribute('href')?.replace(/^#/, '') ?? '';
  return w.noteIndex.get(target);
}

function linkTarget(href: string, w: Walk): string | null {
  const raw = href.trim();
  if (raw.startsWith('#')) {
    const id = w.ids.get(decodeURIComponentSafe(raw.slice(1)));
    return id ? `#${id}` : null;
  }
  let url: URL;
  try {
    url = new URL(raw, w.base);
  } catch {
    return null;
  }
  if (!LINK_SCHEMES.has(url.protocol)) return null;
  return w.ctx.postFile(url) ?? url.href;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function copyAttributes(src: Element, out: Element, tag: string, w: Walk): void {
  const id = src.getAttribute('id');
  const mapped = id === null ? undefined : w.ids.get(id);
  if (mapped && !w.emitted.has(mapped)) {
    out.setAttribute('id', mapped);
    w.emitted.add(mapped);
  }
  const title = src.getAttribute('title');
  if (title) out.setAttribute('title', xmlText(title));
  const dir = src.getAttribute('dir')?.toLowerCase();
  if (dir === 'ltr' || dir === 'rtl' || dir === 'auto') out.setAttribute('dir', dir);
  const lang = src.getAttribute('lang');
  if (lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang)) {
    out.setAttribute('lang', lang);
    out.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:lang', lang);
  }
  const int = (name: string, test = /^[1-9]\d{0,3}$/) => {
    const v = src.getAttribute(name)?.trim();
    if (v && test.test(v)) out.setAttribute(name, v);
  };
  if (tag === 'td' || tag === 'th') {
    int('colspan');
    int('rowspan');
  }
  if (tag === 'th') {
    const scope = src.getAttribute('scope')?.toLowerCase();
    if (scope && ['row', 'col', 'rowgroup', 'colgroup'].includes(scope)) out.setAttribute('scope', scope);
  }
  if (tag === 'col' || tag === 'colgroup') int('span');
  if (tag === 'ol') {
    int('start', /^-?\d{1,6}$/);
    const type = src.getAttribute('type');
    if (type && ['1', 'a', 'A', 'i', 'I'].includes(type)) out.setAttribute('type', type);
    if (src.hasAttribute('reversed')) out.setAttribute('reversed', 'reversed');
  }
  if (tag === 'details' && src.hasAttribute('open')) out.setAttribute('open', 'open');
}

function appendMath(e: Element, out: Node, w: Walk, phrasing: boolean): void {
  const tex = e.getAttribute(TEX_ATTR)!.trim();
  const display = e.getAttribute(DISPLAY_ATTR) === 'true';
  const math = texToMathml(tex, display);
  const wrapTag = display && !phrasing ? 'div' : 'span';
  const wrap = el(w.doc, wrapTag, { class: display ? 'math display' : 'math' });
  if (math) {
    wrap.appendChild(importMath(math, w.doc));
    w.counts.math++;
  } else {
    // Kept as TeX, marked so a reader (and a search) can tell it from text: KaTeX could not read it.
    wrap.setAttribute('class', display ? 'tex display' : 'tex');
    wrap.appendChild(el(w.doc, 'code', { title: t('epubTexTitle') }, display ? `$$${tex}$$` : `$${tex}$`));
    w.counts.texFallbacks++;
  }
  out.appendChild(wrap);
}

/** A copy of KaTeX's MathML into the book document, without any attribute that could act (KaTeX runs untrusted). */
function importMath(src: Element, doc: XMLDocument): Element {
  const out = doc.createElementNS(MATHML_NS, src.localName);
  for (const a of src.attributes) {
    if (a.namespaceURI === 'http://www.w3.org/2000/xmlns/' || a.name === 'xmlns') continue;
    const name = a.localName.toLowerCase();
    if (name.startsWith('on') || name === 'href' || name === 'src' || name === 'style' || a.namespaceURI) continue;
    out.setAttribute(a.localName, xmlText(a.value));
  }
  for (const c of src.childNodes) {
    if (c.nodeType === 3) out.appendChild(doc.createTextNode(xmlText(c.textContent ?? '')));
    else if (c.nodeType === 1 && (c as Element).namespaceURI === MATHML_NS)
      out.appendChild(importMath(c as Element, doc));
  }
  return out;
}

function appendNoteref(i: number, out: Node, w: Walk, inSup: boolean): void {
  const refs = w.refsTo[i]!;
  const id = freshId(w, `fnref-${i + 1}${refs.length ? `-${refs.length + 1}` : ''}`);
  refs.push(id);
  const a = el(
    w.doc,
    'a',
    { 'epub:type': 'noteref', role: 'doc-noteref', id, href: `#${noteId(i)}`, class: 'noteref' },
    String(w.post.footnotes[i]!.number),
  );
  w.counts.noterefs++;
  if (inSup) out.appendChild(a);
  else {
    const sup = el(w.doc, 'sup');
    sup.appendChild(a);
    out.appendChild(sup);
  }
}

function insideLink(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) if ((n as Element).localName === 'a') return true;
  return false;
}

function appendImage(e: Element, out: Node, w: Walk): void {
  const src = e.getAttribute('src')?.trim() ?? '';
  const alt = xmlText(e.getAttribute('alt') ?? '');
  const kept = src ? w.ctx.image(src) : null;
  if (kept) {
    const img = el(w.doc, 'img', { src: kept, alt });
    for (const dim of ['width', 'height']) {
      const v = e.getAttribute(dim)?.trim();
      if (v && /^[1-9]\d{0,4}$/.test(v)) img.setAttribute(dim, v);
    }
    out.appendChild(img);
    return;
  }
  // Not kept offline: an e-reader cannot load a remote image, so its description and a link stand in for it.
  const note = el(w.doc, 'span', { class: 'image-missing' }, `[Image${alt.trim() ? `: ${alt.trim()}` : ''}]`);
  let href: string | null = null;
  try {
    const url = new URL(src, w.base);
    if (url.protocol === 'https:' || url.protocol === 'http:') href = url.href;
  } catch {
    href = null;
  }
  if (href && !insideLink(out)) {
    note.appendChild(w.doc.createTextNode(' '));
    note.appendChild(el(w.doc, 'a', { href }, '(online)'));
  }
  out.appendChild(note);
}

function walk(src: Node, out: Element, w: Walk, phrasing: boolean): void {
  for (const node of src.childNodes) {
    if (node.nodeType === 3) {
      const text = xmlText(node.textContent ?? '');
      if (text) appendText(out, text, w);
      continue;
    }
    if (node.nodeType !== 1) continue; // comments (and their `--`) never reach the book
    const e = node as Element;
    const name = e.localName.toLowerCase();
    if (isMath(e)) {
      appendMath(e, out, w, phrasing);
      continue;
    }
    const note = footnoteOf(e, w);
    if (note !== undefined && !insideLink(out)) {
      appendNoteref(note, out, w, out.localName === 'sup');
      continue;
    }
    // <sup><a class="lens-fnref">[1]</a></sup>: the sup is only the reference's dress.
    if (name === 'sup' && e.children.length === 1 && footnoteOf(e.children[0]!, w) !== undefined) {
      if ((e.textContent ?? '').trim() === (e.children[0]!.textContent ?? '').trim()) {
        const sup = el(w.doc, 'sup');
        appendNoteref(footnoteOf(e.children[0]!, w)!, sup, w, true);
        out.appendChild(sup);
        continue;
      }
    }
    if (name === 'img') {
      appendImage(e, out, w);
      continue;
    }
    let tag = RENAME[name] ?? name;
    if (!KEEP.has(tag)) {
      walk(e, out, w, phrasing);
      continue;
    }
    const parent = out.localName;
    const allowed = PARENTS[tag];
    if (allowed && !allowed.includes(parent)) tag = phrasing ? 'span' : 'div';
    else if (phrasing && !PHRASING.has(tag)) tag = tag === 'hr' ? 'br' : 'span';
    const wrapper =
      (parent === 'ul' || parent === 'ol') && tag !== 'li'
        ? 'li'
        : parent === 'dl' && tag !== 'dt' && tag !== 'dd'
          ? 'dd'
          : null;
    if (wrapper) {
      const item = el(w.doc, wrapper);
      out.appendChild(item);
      appendElement(e, tag, item, w, false);
      continue;
    }
    appendElement(e, tag, out, w, phrasing);
  }
}

const TABLE_PARTS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'colgroup', 'ul', 'ol', 'dl']);

function appendText(out: Element, text: string, w: Walk): void {
  // Tables and lists take no text of their own: whitespace between rows goes, anything else moves into a cell or item.
  if (TABLE_PARTS.has(out.localName)) {
    if (!text.trim()) return;
    if (out.localName === 'ul' || out.localName === 'ol') out.appendChild(el(w.doc, 'li', {}, text));
    else if (out.localName === 'dl') out.appendChild(el(w.doc, 'dd', {}, text));
    return;
  }
  const last = out.lastChild;
  if (last && last.nodeType === 3) last.textContent += text;
  else out.appendChild(w.doc.createTextNode(text));
}

function appendElement(e: Element, tag: string, out: Element, w: Walk, phrasing: boolean): void {
  const copy = w.doc.createElementNS(XHTML_NS, tag);
  copyAttributes(e, copy, tag, w);
  if (tag === 'a') {
    const href = e.getAttribute('href');
    const target = href ? linkTarget(href, w) : null;
    if (target) copy.setAttribute('href', target);
  }
  out.appendChild(copy);
  if (tag === 'br' || tag === 'hr' || tag === 'col') return;
  walk(e, copy, w, phrasing || PHRASING_ONLY.has(tag));
  // An element emptied of everything (a table part, a list) would not validate: drop what must have content.
  if (!copy.firstChild && ['ul', 'ol', 'dl', 'table', 'tr', 'thead', 'tbody', 'tfoot', 'colgroup'].includes(tag))
    copy.remove();
  // XHTML wants a <details> to open with its <summary> and a <dl>'s descriptions to follow a term: a post's HTML
  // need not (and text loose in a <dl> becomes a <dd>), so an empty one stands in.
  else if (tag === 'details' && (copy.firstChild as Element | null)?.localName !== 'summary')
    copy.insertBefore(w.doc.createElementNS(XHTML_NS, 'summary'), copy.firstChild);
  else if (tag === 'dl' && (copy.firstChild as Element | null)?.localName === 'dd')
    copy.insertBefore(w.doc.createElementNS(XHTML_NS, 'dt'), copy.firstChild);
}

/** Parses post HTML into inert elements of one HTML document per post (a parser per note costs 5,000 documents). */
function htmlParser(): (html: string) => Element {
  const doc = new DOMParser().parseFromString('<!doctype html><body></body>', 'text/html');
  return (html) => {
    const holder = doc.createElement('div');
    holder.innerHTML = html;
    return holder;
  };
}

function formatDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
}

/** A post's visible title: its own, or a plain stand-in when it has none. */
export function postTitle(post: Pick<Post, 'title'>): string {
  return xmlText(post.title).trim() || 'Untitled post';
}

/** Writes one sanitised post as a well-formed EPUB 3 XHTML document (DOM + XMLSerializer) with popup footnotes and MathML. */
export function postDocument(post: Post, ctx: PostContext): PostDocument {
  const title = postTitle(post);
  const { doc, body } = xhtmlDocument(title, ctx.lang, '../style.css');
  let base: URL | undefined;
  try {
    base = post.url ? new URL(post.url) : undefined;
    if (base && base.protocol !== 'https:' && base.protocol !== 'http:') base = undefined;
  } catch {
    base = undefined;
  }
  const w: Walk = {
    doc,
    post,
    ctx,
    base,
    ids: new Map(),
    used: new Set(post.footnotes.map((_, i) => noteId(i))),
    emitted: new Set(),
    noteIndex: new Map(post.footnotes.map((f, i) => [f.id, i])),
    refsTo: post.footnotes.map(() => []),
    counts: { notes: 0, noterefs: 0, math: 0, texFallbacks: 0 },
  };
  const parse = htmlParser();
  const source = parse(post.html);
  const notes = post.footnotes.map((f) => parse(f.html));
  collectIds(source, w);
  for (const n of notes) collectIds(n, w);

  const section = el(doc, 'section', { 'epub:type': 'chapter', role: 'doc-chapter', class: 'post' });
  const header = el(doc, 'header', { class: 'post-head' });
  header.appendChild(el(doc, 'h1', { class: 'post-title', dir: 'auto' }, title));
  const by = [post.author?.trim() && `by ${xmlText(post.author.trim())}`, formatDate(post.published)].filter(Boolean);
  if (by.length) header.appendChild(el(doc, 'p', { class: 'byline', dir: 'auto' }, by.join(' · ')));
  if (base) {
    const p = el(doc, 'p', { class: 'original' });
    p.appendChild(el(doc, 'a', { href: base.href }, 'Original post'));
    header.appendChild(p);
  }
  section.appendChild(header);
  const content = el(doc, 'div', { class: 'post-body' });
  walk(source, content, w, false);
  if (!content.firstChild) content.appendChild(el(doc, 'p', { class: 'empty' }, t('epubNoText')));
  section.appendChild(content);

  if (post.footnotes.length) {
    // Notes go after the body; their own references (notes that cite notes, even themselves) are walked first so
    // every reference exists before the back links are written.
    const bodies = notes.map((n) => {
      const div = el(doc, 'div', { class: 'note-body' });
      walk(n, div, w, false);
      return div;
    });
    const uncited = post.footnotes.flatMap((_, i) => (w.refsTo[i]!.length ? [] : [i]));
    const list = el(doc, 'section', { class: 'notes' });
    list.appendChild(el(doc, 'h2', { class: 'notes-title' }, t('epubNotes')));
    if (uncited.length) {
      // A note nothing in the text points to would be hidden for good by readers that hide footnotes: this line points to it.
      const p = el(doc, 'p', { class: 'uncited' }, `${t('epubUncited')} `);
      for (const i of uncited) {
        appendNoteref(i, p, w, false);
        p.appendChild(doc.createTextNode(' '));
      }
      list.appendChild(p);
    }
    post.footnotes.forEach((f, i) => {
      const aside = el(doc, 'aside', {
        'epub:type': 'footnote',
        role: 'doc-footnote',
        id: noteId(i),
        class: 'footnote',
      });
      const head = el(doc, 'p', { class: 'note-number' });
      const refs = w.refsTo[i]!;
      head.appendChild(el(doc, 'a', { href: `#${refs[0]}`, role: 'doc-backlink' }, `${f.number}.`));
      for (const [k, ref] of refs.slice(1).entries())
        head.appendChild(el(doc, 'a', { href: `#${ref}`, role: 'doc-backlink', class: 'more' }, ` ↩${k + 2}`));
      aside.appendChild(head);
      const b = bodies[i]!;
      if (!b.firstChild && f.text.trim()) b.appendChild(el(doc, 'p', {}, f.text));
      aside.appendChild(b);
      list.appendChild(aside);
      w.counts.notes++;
    });
    section.appendChild(list);
  }
  body.appendChild(section);

  const headings = post.headings.flatMap((h) => {
    const id = w.ids.get(h.id);
    return id && w.emitted.has(id) ? [{ id, level: h.level, text: xmlText(h.text).trim() }] : [];
  });
  return {
    xhtml: serializeXml(doc),
    mathml: w.counts.math > 0,
    headings: headings.filter((h) => h.text),
    counts: w.counts,
  };
}
