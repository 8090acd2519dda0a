/** Which site (or plain text) a post was read from. */
export type Source = 'lesswrong' | 'alignmentforum' | 'eaforum' | 'greaterwrong' | 'text';

/** A heading of a post, with the anchor id it carries in `Post.html`. */
export type Heading = { id: string; level: number; text: string };

/**
 * A footnote: `html` is its safe body, `text` the same without markup, `refIds` the ids of every reference anchor to it
 * in `Post.html`; `number` is the label its reference shows, else its order of first reference, notes nothing cites
 * last (lib/parse/footnotes.ts says how colliding labels are settled: never two notes with one number).
 */
export type Footnote = { id: string; number: number; html: string; text: string; refIds: string[] };

/** One equation of a post, as TeX without delimiters. */
export type MathSpan = { tex: string; display: boolean };

/** One post as Lens understands it, whatever it was read from; plain data that survives structuredClone and messaging. */
export type Post = {
  /** The LessWrong post id (17 characters) when known, else a stable hash of source + title. */
  id: string;
  source: Source;
  url?: string;
  title: string;
  author?: string;
  /** ISO 8601 date. */
  published?: string;
  /** Body HTML, safe to insert; the footnote list is removed from it. */
  html: string;
  /** Document order. */
  headings: Heading[];
  /** Number order. */
  footnotes: Footnote[];
  /** Document order, footnotes included. */
  math: MathSpan[];
};

/** Attribute that carries an equation's TeX on the element standing for it in `Post.html`. */
export const TEX_ATTR = 'data-lens-tex';
/** Attribute set to "true" on display equations in `Post.html`. */
export const DISPLAY_ATTR = 'data-lens-display';
/** Class of the element standing for an equation in `Post.html` (a `span` inline, a `div` for display math). */
export const MATH_CLASS = 'lens-math';
/** Class of a footnote reference anchor in `Post.html`. */
export const FOOTNOTE_REF_CLASS = 'lens-fnref';
/** Attribute on a footnote reference anchor naming the `Footnote.id` it points to. */
export const FOOTNOTE_ATTR = 'data-lens-footnote';
