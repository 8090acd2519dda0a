import type { Footnote } from '../model';
import { BACK_LINK } from '../parse/selectors';

// LessWrong's sidenotes (ForumMagnum components/linkPreview/FootnotePreview.tsx and contents/SideItems.tsx, PRs 9608
// and 9703). Each footnote reference in a post gets a SideItem: a `div.SideItems-sideItem` in the right column's
// `div.SideItems-sidebar`, holding `div.FootnotePreview-sidenote` > … > `div.FootnotePreview-sidenoteContent` (the
// note's own innerHTML, back-links hidden, max-height 200 px with a fade) and `div.FootnotePreview-overflowFade`. The
// sidenote is `display:none` below the `lg` breakpoint (1280 px), where the site's hover card opens instead. Hovering
// the reference (or the sidenote) adds `FootnotePreview-sidenoteHover`, which lifts the 200 px cap. Nothing ties a
// sidenote to its reference in the DOM (it is portalled), so a sidenote is matched to a note by the back-links the
// note's HTML carries into it.
//
// The rule Lens follows, never two copies of one note on screen:
// - A mouse hover on a reference in the page adds no Lens preview when a sidenote of that note is on screen whole:
//   rendered beside the text (no horizontal overlap with the post body), inside the viewport at its full length, and
//   no TeX left unrendered in it. The site already shows the note next to its reference and highlights it.
// - "Full length": the hover lifts the site's 200 px cap (FM `sidenoteHover`: `maxHeight: unset`), so a cut note is
//   judged by where its end will be once expanded, measured from the note's own body under the cap. This keeps the
//   decision from racing the site's re-render (a 0 ms preview delay may come before React's).
// - Otherwise Lens previews as it always has: no column (narrow window, sidenotes disabled on the post), the sidenote
//   scrolled out of view, a note whose full length runs past the viewport's edge (too long for the margin), raw TeX.
// - Keyboard focus, Lens's "enter preview" keys, a tap and references inside Lens's own previews (nested notes)
//   always preview: the site offers none of those paths.
// - While a sidenote of the note is beside the text, the site's own mouse handlers see the hover (so it highlights
//   its sidenote); the site keeps its hover card shut by itself whenever the column is there.

/** The site's class on a sidenote (FM FootnotePreview.tsx `sidenote`). */
export const SIDENOTE = '.FootnotePreview-sidenote';
/** The site's class on a sidenote's clipped body (FM FootnotePreview.tsx `sidenoteContent`, max-height 200 px). */
export const SIDENOTE_CONTENT = '.FootnotePreview-sidenoteContent';

const FADE = 'FootnotePreview-overflowFade';
const RENDERED_MATH = 'mjx-container, .mjx-chtml, .mjx-math, .MathJax, .MathJax_CHTML, .katex';

/** A rectangle in viewport pixels. */
export type Box = { top: number; bottom: number; left: number; right: number };

/** What is on screen of one of the site's sidenotes. */
export type SidenoteView = {
  /** Its rendered box; empty (zero size) when the site hides it (below `lg`). */
  box: Box;
  /** Pixels of the note hidden under the site's 200 px cap now (0 when it shows whole or is expanded). */
  cut: number;
  /** It shows TeX source the site left unrendered (`span.math-tex` without MathJax output), which Lens renders. */
  rawTex: boolean;
};

/** How a preview was asked for: a mouse hover after the delay, or any other way (focus, keys, tap). */
export type PreviewTrigger = 'hover' | 'other';

/** Everything the sidenote decision looks at, all measured from the screen. */
export type SidenoteInput = {
  trigger: PreviewTrigger;
  /** The reference is inside one of Lens's own previews (a nested note). */
  nested: boolean;
  /** The site's sidenotes of this note. */
  sidenotes: SidenoteView[];
  /** The post body's box. */
  text: Box;
  viewport: { width: number; height: number };
};

/** A box with no area is not on screen. */
function rendered(box: Box): boolean {
  return box.right - box.left > 0 && box.bottom - box.top > 0;
}

/** Whether a sidenote is shown in a column beside the post body: rendered, and not overlapping the text sideways. */
export function besideText(view: SidenoteView, text: Box): boolean {
  if (!rendered(view.box)) return false;
  return view.box.left >= text.right - 1 || view.box.right <= text.left + 1;
}

/** Whether a hovered sidenote shows the whole note: beside the text, inside the viewport at full length, no raw TeX. */
export function showsWholeNote(view: SidenoteView, text: Box, viewport: { width: number; height: number }): boolean {
  const b = view.box;
  const bottom = b.bottom + Math.max(0, view.cut);
  const inView = b.top >= -1 && b.left >= -1 && bottom <= viewport.height + 1 && b.right <= viewport.width + 1;
  return besideText(view, text) && inView && !view.rawTex;
}

/** Decides whether Lens opens its preview ('preview') or leaves the note to the site's sidenote on screen ('defer'). */
export function sidenoteDecision(input: SidenoteInput): 'preview' | 'defer' {
  if (input.trigger !== 'hover' || input.nested) return 'preview';
  return input.sidenotes.some((s) => showsWholeNote(s, input.text, input.viewport)) ? 'defer' : 'preview';
}

/** Whether the site's sidenote column has this note beside the text, so the site handles a hover on its reference. */
export function siteHandlesHover(sidenotes: SidenoteView[], text: Box): boolean {
  return sidenotes.some((s) => besideText(s, text));
}

/** The site's sidenotes that hold `footnote`, matched by the back-links of its note (or of `ref`), else by text. */
export function sidenotesOf(doc: Document, footnote: Footnote, ref: Element | null): HTMLElement[] {
  const all = [...doc.querySelectorAll<HTMLElement>(SIDENOTE)];
  if (all.length === 0) return all;
  const hrefs = new Set<string>();
  const note = doc.getElementById(footnote.id);
  if (note) for (const a of note.querySelectorAll('a[href^="#"]')) if (a.closest(BACK_LINK)) hrefs.add(hrefOf(a));
  for (const id of footnote.refIds) hrefs.add(`#${id}`);
  const refId = ref?.id || ref?.closest('[id^="fnref"]')?.id;
  if (refId) hrefs.add(`#${refId}`);
  hrefs.delete('');
  const byLink = all.filter((s) => [...s.querySelectorAll('a[href^="#"]')].some((a) => hrefs.has(hrefOf(a))));
  if (byLink.length > 0) return byLink;
  // Notes without back-links (imported HTML): the sidenote holds the same text as the note.
  const want = squash(footnote.text);
  return want ? all.filter((s) => squash(textWithoutBackLinks(s)) === want) : [];
}

/** Measures one sidenote as it is on screen now. */
export function viewSidenote(el: HTMLElement): SidenoteView {
  const r = el.getBoundingClientRect();
  const box = { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  const content = el.querySelector<HTMLElement>(SIDENOTE_CONTENT);
  let cut = 0;
  if (content && r.height > 0) {
    // The fade is absolutely placed at 160–200 px, so the content's scrollHeight says 200 even for a two-line note;
    // the note's own body (ContentItemBody, the first child) tells how much is hidden.
    const limit = content.getBoundingClientRect().bottom;
    for (const child of content.children)
      if (!child.classList.contains(FADE)) cut = Math.max(cut, child.getBoundingClientRect().bottom - limit);
  }
  const rawTex = [...el.querySelectorAll('.math-tex')].some((m) => !m.querySelector(RENDERED_MATH));
  return { box, cut: cut > 1 ? cut : 0, rawTex };
}

/** The site's sidenotes as Lens's previews consult them: does the site handle a hover, does it show the note whole. */
export type SiteSidenotes = {
  /** A sidenote of the note is beside the text: the site highlights it on hover and keeps its own card shut. */
  handlesHover(ref: Element, footnote: Footnote): boolean;
  /** Whether Lens leaves this request to the site's sidenote (see the rule above). */
  decide(ref: Element, footnote: Footnote, trigger: PreviewTrigger, nested: boolean): 'preview' | 'defer';
};

/** Reads the site's sidenotes for the post body `root`, measuring only when a reference is hovered or focused. */
export function siteSidenotes(root: HTMLElement): SiteSidenotes {
  const doc = root.ownerDocument;
  const win = doc.defaultView;
  const views = (ref: Element, footnote: Footnote) => sidenotesOf(doc, footnote, ref).map(viewSidenote);
  const textBox = (): Box => {
    const r = root.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  };
  return {
    handlesHover(ref, footnote) {
      // Pages without the column (GreaterWrong, narrow windows with no sidenote markup) answer without measuring.
      if (!doc.querySelector(SIDENOTE)) return false;
      return siteHandlesHover(views(ref, footnote), textBox());
    },
    decide(ref, footnote, trigger, nested) {
      if (trigger !== 'hover' || nested || !doc.querySelector(SIDENOTE)) return 'preview';
      const viewport = {
        width: doc.documentElement.clientWidth || win?.innerWidth || 0,
        height: win?.innerHeight ?? 0,
      };
      return sidenoteDecision({ trigger, nested, sidenotes: views(ref, footnote), text: textBox(), viewport });
    },
  };
}

function hrefOf(a: Element): string {
  return a.getAttribute('href') ?? '';
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function textWithoutBackLinks(sidenote: HTMLElement): string {
  const body = sidenote.querySelector(SIDENOTE_CONTENT)?.firstElementChild ?? sidenote;
  const copy = body.cloneNode(true) as Element;
  for (const b of copy.querySelectorAll(BACK_LINK)) b.remove();
  return copy.textContent ?? '';
}
