import { FOOTNOTE_REF_CLASS, MATH_CLASS, type Post } from '../model';

/** LessWrong-style reading speed used for reading-time estimates, in words per minute. */
export const WORDS_PER_MINUTE = 230;

/** Reading data of one section: the text from a heading up to the next heading (or of the lead before the first). */
export type SectionStats = {
  /** The heading that opens the section, null for the lead before the first heading. */
  headingId: string | null;
  words: number;
  /** Reading minutes at `WORDS_PER_MINUTE`, unrounded. */
  minutes: number;
  /** Footnote numbers referenced in the section, each once, in order of first reference. */
  footnotes: number[];
};

/** Reading data of a whole post: the lead section, then one section per heading in `Post.headings` order. */
export type PostStats = { lead: SectionStats; sections: SectionStats[]; words: number; minutes: number };

const SKIP = new Set(['STYLE', 'SCRIPT', 'NOSCRIPT', 'TEMPLATE']);

function countWords(text: string): number {
  let n = 0;
  for (const part of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(part)) n++;
  return n;
}

function emptySection(headingId: string | null): SectionStats {
  return { headingId, words: 0, minutes: 0, footnotes: [] };
}

/** Splits `Post.html` at the headings' ids and counts words and footnote references per section (needs a DOMParser). */
export function postStats(
  post: Pick<Post, 'html' | 'headings' | 'footnotes'>,
  parser: DOMParser = new DOMParser(),
): PostStats {
  const doc = parser.parseFromString(`<!doctype html><body>${post.html}`, 'text/html');
  const lead = emptySection(null);
  const byHeading = new Map<string, SectionStats>();
  for (const heading of post.headings)
    if (!byHeading.has(heading.id)) byHeading.set(heading.id, emptySection(heading.id));
  const noteByRef = new Map<string, number>();
  for (const note of post.footnotes) for (const refId of note.refIds) noteByRef.set(refId, note.number);

  let current = lead;
  // Text inside a reference ("[3]") or an equation's source is not prose; an equation reads as one word.
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      current.words += countWords(node.nodeValue ?? '');
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (SKIP.has(el.tagName)) return;
    const id = el.getAttribute('id');
    if (id) {
      const section = byHeading.get(id);
      if (section) current = section;
      const number = noteByRef.get(id);
      if (number !== undefined) {
        if (!current.footnotes.includes(number)) current.footnotes.push(number);
        return;
      }
    }
    if (el.classList.contains(FOOTNOTE_REF_CLASS)) return;
    if (el.classList.contains(MATH_CLASS)) {
      current.words += 1;
      return;
    }
    for (let child = el.firstChild; child; child = child.nextSibling) walk(child);
  };
  walk(doc.body);

  const sections = post.headings.map((h) => byHeading.get(h.id) ?? emptySection(h.id));
  let words = lead.words;
  lead.minutes = lead.words / WORDS_PER_MINUTE;
  for (const section of new Set(sections)) {
    section.minutes = section.words / WORDS_PER_MINUTE;
    words += section.words;
  }
  return { lead, sections, words, minutes: words / WORDS_PER_MINUTE };
}
