import { DISPLAY_ATTR, type Footnote, MATH_CLASS, type MathSpan, type Post, type Source, TEX_ATTR } from '../model';
import { sanitizeElement, sanitizeHtml } from '../sanitize';
import { finishSteps, finishStepsPausing, type StepOptions } from '../schedule';
import { type CloneSlicing, cloneBodySteps } from './document-clone';
import { readMeta, rssDate } from './document-meta';
import { extractFootnotes } from './footnotes';
import { stableHash } from './hash';
import { extractHeadings } from './headings';
import { GW_BODY, LW_BODY } from './selectors';
import { postIdFromUrl, sourceFromUrl } from './url';

type Body = { el: Element; kind: 'page' | 'fragment' };

/** A query that gives up instead of failing: happy-dom's selector engine recurses per level and overflows on html-deeply-nested. */
function attempt<T>(query: () => T): T | null {
  try {
    return query();
  } catch {
    return null;
  }
}

function findBody(doc: Document, url: string): Body | null {
  const lw = doc.getElementById(LW_BODY.slice(1));
  if (lw) return { el: lw, kind: 'page' };
  const gw = attempt(() => doc.querySelector(GW_BODY) ?? doc.querySelector('div.body-text.post-body'));
  if (gw) return { el: gw, kind: 'page' };
  // Without a post body, only an RSS item (or a bare post fragment) read at its post URL is a post; lists, user
  // pages and search are not post URLs.
  if (!doc.body || !postIdFromUrl(url)) return null;
  return { el: doc.body, kind: 'fragment' };
}

function isBlank(node: Node | null): boolean {
  return node !== null && node.nodeType === 3 && !(node.textContent ?? '').trim();
}

/** Strips an RSS description's `Published on … GMT<br/><br/>` prefix and `<br/><br/><a …#comments>Discuss</a>` tail. */
function stripRss(root: Element): string | undefined {
  let published: string | undefined;
  let first = root.firstChild;
  while (isBlank(first)) first = first?.nextSibling ?? null;
  if (first && first.nodeType === 3) {
    const m = /^\s*Published on ([^\n<]*?GMT)\s*/.exec(first.textContent ?? '');
    if (m) {
      published = rssDate(m[1] ?? '');
      first.textContent = (first.textContent ?? '').slice(m[0].length);
      let next: ChildNode | null = first;
      for (let brs = 0; next && brs < 2; ) {
        const after: ChildNode | null = next.nextSibling;
        if (next.nodeName === 'BR') brs++;
        else if (!isBlank(next)) break;
        next.remove();
        next = after;
      }
    }
  }
  let last = root.lastChild;
  while (isBlank(last)) last = last?.previousSibling ?? null;
  if (last && last.nodeName === 'A' && (last as Element).getAttribute('href')?.endsWith('#comments')) {
    let prev = last.previousSibling;
    last.remove();
    while (prev && (prev.nodeName === 'BR' || isBlank(prev))) {
      const before: ChildNode | null = prev.previousSibling;
      prev.remove();
      prev = before;
    }
  }
  return published;
}

function text(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function mathOf(el: Element, into: MathSpan[]): void {
  for (const m of Array.from(el.getElementsByClassName(MATH_CLASS))) {
    into.push({ tex: m.getAttribute(TEX_ATTR) ?? '', display: m.getAttribute(DISPLAY_ATTR) === 'true' });
  }
}

/** The sanitised inner HTML of a detached element: in place when the DOM allows it, else through a string. */
function safeHtml(el: Element, win: Window | undefined): string {
  try {
    sanitizeElement(el, win);
    return el.innerHTML;
  } catch {
    // DOMPurify refuses in-place work on nodes of another realm (a content script's view of the page): use the string API.
    return sanitizeHtml(el.innerHTML, win);
  }
}

/**
 * The parse in steps: each `yield` is a point where a caller may pause (parseDocumentInSteps). The copy of the live
 * body may itself pause between slices (`slicing`); it restarts if the body changed meanwhile, so what it holds is one
 * consistent reading. Every later step works only on that detached copy.
 */
function* parseSteps(
  doc: Document,
  url: string,
  sanitize = true,
  onOutline?: (outline: PostOutline) => void,
  slicing?: CloneSlicing,
): Generator<undefined, Post | null> {
  const body = findBody(doc, url);
  if (!body) return null;
  const meta = attempt(() => readMeta(doc)) ?? {};
  const docTitle = doc.title.trim() || undefined;
  const win = doc.defaultView ?? undefined;
  const source: Source = sourceFromUrl(url) ?? (meta.canonical ? sourceFromUrl(meta.canonical) : null) ?? 'lesswrong';

  // One copying walk into a fresh document: the caller's document is never touched.
  const out = doc.implementation.createHTMLDocument('');
  const root = yield* cloneBodySteps(body.el, out, slicing);
  yield;

  const rssPublished = body.kind === 'fragment' ? stripRss(root) : undefined;
  const raw = extractFootnotes(root);
  const headings = extractHeadings(root);
  // Emptiness only: normalising the whole body's text (as text() does) costs a pass over it for one bit.
  if (!/\S/.test(root.textContent ?? '') && !root.querySelector('img')) return null;
  const math: MathSpan[] = [];
  mathOf(root, math);
  for (const f of raw) mathOf(f.content, math);
  const title = meta.title ?? docTitle ?? (body.kind === 'fragment' ? headings[0]?.text : undefined) ?? '';
  const id =
    postIdFromUrl(url) ??
    (meta.canonical ? postIdFromUrl(new URL(meta.canonical, url || 'https://www.lesswrong.com/').href) : null) ??
    stableHash(`${source}\n${title}`);
  const published = meta.published ?? rssPublished;
  const outline: PostOutline = { id, source, title, headings, footnoteCount: raw.length };
  if (url) outline.url = url;
  if (meta.author) outline.author = meta.author;
  if (published) outline.published = published;
  // The listener's failure is its own: the parse goes on.
  attempt(() => onOutline?.(outline));
  yield;

  const footnotes: Footnote[] = raw.map((f) => ({
    id: f.id,
    number: f.number,
    text: text(f.content),
    html: (sanitize ? safeHtml(f.content, win) : f.content.innerHTML).trim(),
    refIds: f.refIds,
  }));
  yield;

  const post: Post = {
    id,
    source,
    title,
    html: sanitize ? safeHtml(root, win) : root.innerHTML,
    headings,
    footnotes,
    math,
  };
  if (url) post.url = url;
  if (meta.author) post.author = meta.author;
  if (published) post.published = published;
  return post;
}

/** Reads one LessWrong-family post (page, GreaterWrong page or RSS item HTML) from a document without changing it; null when it holds no single post. */
export function parseDocument(doc: Document, url: string, options: { sanitize?: boolean } = {}): Post | null {
  try {
    return finishSteps(parseSteps(doc, url, options.sanitize ?? true));
  } catch {
    return null;
  }
}

/**
 * How parseDocumentInSteps pauses, and whether it sanitises. `sanitize: false` leaves the body's and the notes' HTML
 * as the copying walk made it (no scripts, styles, frames or comments, but not through DOMPurify): for the page's
 * own use, where every receiver sanitises before it shows or stores (previews, the side panel, the store), so a page
 * view pays for DOMPurify only when the body or a note is needed. Such a Post does not meet Post.html's "safe to
 * insert" until it has been.
 */
export type ParseStepOptions = StepOptions & {
  sanitize?: boolean;
  /** Told the post's title and headings as soon as they are known (after the second step), before the notes and body. */
  onOutline?: (outline: PostOutline) => void;
};

/** What a parse knows after its second step: the post without its body, notes and math (a side panel's outline). */
export type PostOutline = Pick<Post, 'id' | 'source' | 'title' | 'headings' | 'url' | 'author' | 'published'> & {
  footnoteCount: number;
};

/**
 * parseDocument in a few steps (copy; footnotes, headings and math; the footnotes sanitised; the body sanitised) with
 * a pause between them (the copy itself in slices of about 8 ms), so a page that parses in the background keeps
 * answering input and no step is a long task, even on a busy machine. The live document is read only while copying
 * (see cloneBodySteps: a change between its slices restarts it); the same Post as parseDocument.
 */
export async function parseDocumentInSteps(
  doc: Document,
  url: string,
  options: ParseStepOptions = {},
): Promise<Post | null> {
  try {
    // The copy itself in slices of about 8 ms (see cloneBodySteps): on a long post it is the largest step.
    const slicing: CloneSlicing = { sliceMs: 8, win: (doc.defaultView ?? undefined) as CloneSlicing['win'] };
    return await finishStepsPausing(
      parseSteps(doc, url, options.sanitize ?? true, options.onOutline, slicing),
      options,
    );
  } catch {
    return null;
  }
}
