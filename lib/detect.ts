import type { Source } from './model';
import { GW_BODY, LW_BODY } from './parse/selectors';
import { postIdFromUrl, sourceFromUrl } from './parse/url';

/** What kind of page Lens is looking at: one LessWrong-family post, an aggregator or text dump, or nothing to read. */
export type PageKind = { kind: 'post'; source: Exclude<Source, 'text'> } | { kind: 'dump' } | { kind: 'none' };

// A dump's tell-tales (shared/fixtures/SOURCES.md): RSS items end in a `Discuss` line, CKEditor notes flatten to
// `- ^`/`^` lines and markdown notes end in ` ↩︎`.
const DUMP_LINE = /^(?:Discuss|-?\s*\^|.*\s↩︎?)\s*$/m;

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** Classifies a page from its URL and document alone (no globals, no layout). */
export function detectPage(url: string, doc: Document): PageKind {
  const source = sourceFromUrl(url);
  if (source && postIdFromUrl(url)) {
    const body = source === 'greaterwrong' ? doc.querySelector(GW_BODY) : doc.querySelector(LW_BODY);
    if (body) return { kind: 'post', source };
  }
  const host = hostOf(url);
  if (host === 'lesswrong.ru' || host.endsWith('.lesswrong.ru')) return { kind: 'dump' };
  if (doc.contentType === 'text/plain') return { kind: 'dump' };
  if (source) return { kind: 'none' };
  const text = doc.body?.textContent ?? '';
  if (DUMP_LINE.test(text)) return { kind: 'dump' };
  return { kind: 'none' };
}
