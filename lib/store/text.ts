import type { Post } from '../model';
import { stableHash } from '../parse/hash';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text of an HTML string without a DOM (works in a service worker); good enough for search, never rendered. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?(p|div|li|h[1-6]|br|tr|td|th|blockquote|pre|section|ol|ul)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** The key that matches copies of one post by title: lowercased, punctuation-insensitive, whitespace collapsed. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201c\u201d"'`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A hash of what a reader sees of a post (title, body, footnotes), to tell whether a new save changed it. */
export function contentHash(post: Pick<Post, 'title' | 'html' | 'footnotes'>): string {
  return stableHash(`${post.title}\u0000${post.html}\u0000${post.footnotes.map((f) => f.html).join('\u0001')}`);
}

/** The searchable plain text of a post's body. */
export function bodyText(post: Pick<Post, 'html'>): string {
  return htmlToText(post.html);
}

/** How many characters of a post's opening the library's card keeps (two lines need about 200). */
export const EXCERPT_CHARS = 280;

/** The card details of a post's body: its opening words (cut at a word) and its word count. */
export function entryDetails(post: Pick<Post, 'html'>): { excerpt: string; words: number } {
  const text = bodyText(post);
  const words = text ? text.split(' ').length : 0;
  if (text.length <= EXCERPT_CHARS) return { excerpt: text, words };
  const cut = text.slice(0, EXCERPT_CHARS);
  const space = cut.lastIndexOf(' ');
  return { excerpt: `${(space > EXCERPT_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`, words };
}
