import { type PreviewController, type PreviewOptions, type RefResolver, startPreviews } from '../inpage/previews';
import { FOOTNOTE_ATTR, type Footnote, type Post } from '../model';

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
 * target id is a footnote id of the parsed Post (the parser keeps the site's note element ids).
 */
export function enhancePage(root: HTMLElement, post: Post, options: EnhanceOptions): PreviewController {
  const resolve = resolverFor(post);
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
  return startPreviews(root, resolve, options);
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
    let id = href.slice(hash + 1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // A stray % in an id: keep it raw.
    }
    return byId.get(id);
  };
}
