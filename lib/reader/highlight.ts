/** A run of text, marked when it matches a searched word. */
export type TextPart = { text: string; hit: boolean };

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Splits text into runs, marking the words that start with a searched word (case- and accent-insensitive as far as
 * lowercasing goes), as the search matches prefixes; no query gives the text as one unmarked run.
 */
export function highlightParts(text: string, query: string): TextPart[] {
  const words = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].filter((w) => w.length > 1);
  if (!text || words.length === 0) return text ? [{ text, hit: false }] : [];
  // Longest first, so "reason" wins over "re" at the same place.
  words.sort((a, b) => b.length - a.length);
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})[\\p{L}\\p{N}]*`, 'giu');
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), hit: false });
    parts.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return parts;
}
