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
  if (!doc.body) return { kind: 'none' };
  if (DUMP_LINE.test(boundedText(doc.body))) return { kind: 'dump' };
  return { kind: 'none' };
}

/** How much text the dump-cue scan reads from the start and from the end of the page, in characters. */
export const SCAN_HEAD = 256 * 1024;
export const SCAN_TAIL = 64 * 1024;

/**
 * The text of the first SCAN_HEAD and the last SCAN_TAIL characters under `root` (whole text nodes, so a little more),
 * joined by a newline: enough for a dump's cues (a `Discuss` line ends every post; notes sit at the end), without
 * building the whole text of a 10 MB page as `textContent` would.
 */
function boundedText(root: Node): string {
  const doc = root.ownerDocument ?? (root as Document);
  const head: string[] = [];
  let size = 0;
  const forward = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  let first: Node | null = null;
  for (let n = forward.nextNode(); n; n = forward.nextNode()) {
    first ??= n;
    const data = (n as Text).data;
    head.push(data);
    size += data.length;
    if (size >= SCAN_HEAD) break;
  }
  const stop = forward.currentNode;
  if (size < SCAN_HEAD || !first) return head.join('');
  // From the end backwards, not past where the head stopped.
  const tail: string[] = [];
  let tailSize = 0;
  const backward = doc.createTreeWalker(root, 4);
  let last: Node | null = root;
  while (last.lastChild) last = last.lastChild;
  backward.currentNode = last;
  for (let n: Node | null = last.nodeType === 3 ? last : backward.previousNode(); n && n !== stop; ) {
    const data = (n as Text).data;
    tail.push(data);
    tailSize += data.length;
    if (tailSize >= SCAN_TAIL) break;
    n = backward.previousNode();
  }
  return `${head.join('')}\n${tail.reverse().join('')}`;
}
