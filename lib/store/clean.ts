import { t } from '../i18n';
import type { Footnote, Heading, MathSpan, Post, Source } from '../model';
import { sanitizeHtml } from '../sanitize';

/** Sanitises an HTML string for storing or rendering. */
export type Sanitizer = (html: string) => string;

const SOURCES: readonly Source[] = ['lesswrong', 'alignmentforum', 'eaforum', 'greaterwrong', 'text'];

/** True where a DOM exists for DOMPurify (pages, Firefox's background page; not Chrome's service worker). */
export function canSanitize(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined' && typeof DOMParser !== 'undefined';
}

/**
 * DOMPurify under Lens's rules (lib/sanitize.ts), one pass. It used to repeat until the output was stable, for
 * happy-dom's NodeIterator that stopped at the first removed node; lib/sanitize.ts now gives DOMPurify a spec iterator
 * there, and the XSS corpus (test/security) checks that one pass is clean and stable in Node and in real browsers.
 */
export function sanitizeFully(html: string, win?: Window): string {
  return sanitizeHtml(html, win);
}

/** The sanitizer Lens uses wherever a DOM exists (pages, tests); undefined in a DOM-less service worker. */
export function defaultSanitizer(): Sanitizer | undefined {
  return canSanitize() ? (html) => sanitizeFully(html) : undefined;
}

/** The reason a value is not a Post, or null when it is one. */
export function postProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const p = value as Record<string, unknown>;
  if (typeof p.id !== 'string' || p.id.length === 0 || p.id.length > 200) return 'id missing';
  if (typeof p.source !== 'string' || !SOURCES.includes(p.source as Source)) return 'unknown source';
  if (typeof p.title !== 'string') return 'title missing';
  if (typeof p.html !== 'string') return 'html missing';
  for (const k of ['url', 'author', 'published'] as const) {
    if (p[k] !== undefined && typeof p[k] !== 'string') return `${k} not text`;
  }
  if (!Array.isArray(p.headings) || !p.headings.every(isHeading)) return 'bad headings';
  if (!Array.isArray(p.footnotes) || !p.footnotes.every(isFootnote)) return 'bad footnotes';
  if (!Array.isArray(p.math) || !p.math.every(isMath)) return 'bad math';
  return null;
}

/** Why a value cannot be saved as a Post, in words for the reader (what every save path answers), or null. */
export function saveRefusal(value: unknown): string | null {
  const problem = postProblem(value);
  return problem ? t('saveRefused', problem) : null;
}

function isHeading(h: unknown): h is Heading {
  const x = h as Heading;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.id === 'string' &&
    typeof x.level === 'number' &&
    typeof x.text === 'string'
  );
}

function isFootnote(f: unknown): f is Footnote {
  const x = f as Footnote;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.id === 'string' &&
    typeof x.number === 'number' &&
    typeof x.html === 'string' &&
    typeof x.text === 'string' &&
    Array.isArray(x.refIds) &&
    x.refIds.every((r) => typeof r === 'string')
  );
}

function isMath(m: unknown): m is MathSpan {
  const x = m as MathSpan;
  return typeof x === 'object' && x !== null && typeof x.tex === 'string' && typeof x.display === 'boolean';
}

/** A copy of a post with only the contract's fields, every HTML string passed through the sanitizer when one is given. */
export function cleanPost(post: Post, sanitize?: Sanitizer): Post {
  const s = sanitize ?? ((html: string) => html);
  const out: Post = {
    id: post.id,
    source: post.source,
    title: post.title,
    html: s(post.html),
    headings: post.headings.map((h) => ({ id: h.id, level: h.level, text: h.text })),
    footnotes: post.footnotes.map((f) => ({
      id: f.id,
      number: f.number,
      html: s(f.html),
      text: f.text,
      refIds: [...f.refIds],
    })),
    math: post.math.map((m) => ({ tex: m.tex, display: m.display })),
  };
  if (isWebUrl(post.url)) out.url = post.url;
  if (post.author !== undefined) out.author = post.author;
  if (post.published !== undefined) out.published = post.published;
  return out;
}

/** True for an http(s) URL, the only kind Lens links to or stores as a post's address. */
export function isWebUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
