import { FOOTNOTE_ATTR, type Footnote, type Post } from '../model';
import { cloneBody } from '../parse/document-clone';
import { BACK_LINK, FOOTNOTE_ITEM } from '../parse/selectors';
import { sanitizeHtml } from '../sanitize';
import { type PreviewController, type PreviewOptions, type RefResolver, startPreviews } from './previews';

/** Options of `enhancePost` / `enhancePage`: the preview options (delay, theme, math renderer, site-card suppression). */
export type EnhanceOptions = PreviewOptions;

/**
 * Wires footnote previews onto every `a.lens-fnref` under `root`, for Lens's own rendered views of a Post
 * (the dump reading view, the reader page).
 */
export function enhancePost(root: HTMLElement, post: Post, options: EnhanceOptions): PreviewController {
  return startPreviews(root, resolverFor(post), { ...options, suppressSiteCards: false });
}

/**
 * Wires footnote previews onto a live site page, where references are the site's own anchors: each `#<id>` link whose
 * target id is a footnote id of the parsed Post (the parser keeps the site's note element ids). `post` may be a getter,
 * called at most once and only when a reference is first used, so the page can be parsed after previews are ready. Its
 * notes' HTML is sanitised when a preview shows it, so the Post may come from a parse without DOMPurify.
 */
export function enhancePage(
  root: HTMLElement,
  post: Post | (() => Post | null),
  options: EnhanceOptions,
): PreviewController {
  const doc = root.ownerDocument;
  let parsed: Post | null | undefined = typeof post === 'function' ? undefined : post;
  let resolve: RefResolver | undefined;
  const get = (): RefResolver => {
    if (!resolve) {
      if (parsed === undefined) parsed = (post as () => Post | null)();
      resolve = parsed ? sanitizingResolver(resolverFor(parsed), doc) : () => undefined;
      if (parsed) markRefs(root, parsed);
    }
    return resolve;
  };
  if (parsed) get();
  // Before the full parse, a reference's note is read from the live page on its own (one note cloned and sanitised,
  // a few milliseconds), so the first hover never waits on parsing the whole post.
  const live = new Map<Element, Footnote | null>();
  const lazy: RefResolver = (anchor) => {
    if (resolve) return resolve(anchor);
    // Cheap gate before the first parse: only an in-page link whose target exists can be a reference.
    const href = anchor.getAttribute('href') ?? '';
    const hash = href.indexOf('#');
    const target = hash < 0 ? null : doc.getElementById(safeDecode(href.slice(hash + 1)));
    if (!anchor.hasAttribute(FOOTNOTE_ATTR) && !target) return undefined;
    if (target && root.contains(target) && !anchor.hasAttribute(FOOTNOTE_ATTR) && samePage(anchor, hash)) {
      let note = live.get(target);
      if (note === undefined) {
        note = liveNote(target, doc);
        live.set(target, note);
      }
      if (note) return note;
    }
    return get()(anchor);
  };
  const controller = startPreviews(root, lazy, options);
  controller.prepare = () => void get();
  return controller;
}

/**
 * The page's own parse leaves notes unsanitised (the content script parses without DOMPurify): each note is
 * sanitised the first time a preview asks for it, once.
 */
function sanitizingResolver(resolve: RefResolver, doc: Document): RefResolver {
  const safe = new Map<Footnote, Footnote>();
  return (anchor) => {
    const note = resolve(anchor);
    if (!note) return undefined;
    let clean = safe.get(note);
    if (!clean) {
      clean = { ...note, html: sanitizeHtml(note.html, doc.defaultView ?? undefined).trim() };
      safe.set(note, clean);
    }
    return clean;
  };
}

/** Same-page link: `#fn1`, or an absolute link back to this very page. */
function samePage(anchor: HTMLAnchorElement, hash: number): boolean {
  if (hash === 0) return true;
  const base = anchor.ownerDocument.location?.href.split('#')[0];
  return !!base && anchor.href.split('#')[0] === base;
}

/**
 * One note read straight from the live page, as the parser would give it: the note's content (CKEditor's
 * `div.footnote-content`, else the item without its back-links), math as Lens math elements, sanitised. Null when the
 * target is not a footnote item (then the full parse decides).
 */
function liveNote(target: Element, doc: Document): Footnote | null {
  if (!target.id || !target.matches(FOOTNOTE_ITEM)) return null;
  performance.mark('lens:note-start');
  const out = doc.implementation.createHTMLDocument('');
  const copy = cloneBody(target, out);
  let content: Element = copy.querySelector(':scope > div.footnote-content') ?? copy;
  if (content === copy) for (const b of Array.from(copy.querySelectorAll(BACK_LINK))) b.remove();
  else content = content.cloneNode(true) as Element;
  const index = Number(target.getAttribute('data-footnote-index'));
  const siblings = target.parentElement ? Array.from(target.parentElement.children) : [target];
  const number = Number.isInteger(index) && index > 0 ? index : siblings.indexOf(target) + 1;
  const text = (content.textContent ?? '').replace(/\s+/g, ' ').trim();
  const html = sanitizeHtml(content.innerHTML, doc.defaultView ?? undefined).trim();
  performance.mark('lens:note-end');
  performance.measure('lens:note', 'lens:note-start', 'lens:note-end');
  return { id: target.id, number, text, html, refIds: [] };
}

function markRefs(root: HTMLElement, post: Post): void {
  const doc = root.ownerDocument;
  for (const footnote of post.footnotes) {
    for (const refId of footnote.refIds) {
      // The ref id may sit on the anchor (markdown-it) or on a wrapping span (CKEditor, `span#fnref…`).
      const el = doc.getElementById(refId);
      const anchor = el?.matches('a') ? el : el?.querySelector('a');
      if (anchor && root.contains(anchor) && !anchor.hasAttribute('aria-expanded'))
        anchor.setAttribute('aria-expanded', 'false');
    }
  }
}

function safeDecode(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

/** Builds the lookup from a reference anchor to its Footnote: by `data-lens-footnote`, else by the `#id` it links to. */
export function resolverFor(post: Post): RefResolver {
  const byId = new Map<string, Footnote>();
  for (const f of post.footnotes) byId.set(f.id, f);
  return (anchor) => {
    const named = anchor.getAttribute(FOOTNOTE_ATTR);
    if (named !== null) return byId.get(named);
    const href = anchor.getAttribute('href');
    if (!href) return undefined;
    const hash = href.indexOf('#');
    if (hash < 0) return undefined;
    // Only same-page links: `#fn1`, or an absolute link back to this very page (some sites write the full URL).
    if (hash > 0) {
      const base = anchor.ownerDocument.location?.href.split('#')[0];
      if (!base || anchor.href.split('#')[0] !== base) return undefined;
    }
    return byId.get(safeDecode(href.slice(hash + 1)));
  };
}
