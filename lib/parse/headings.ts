import type { Heading } from '../model';
import { TOC_SKIP } from './selectors';

// LessWrong's table-of-contents rule, ForumMagnum packages/lesswrong/lib/tableOfContents.ts.
const LEVEL: Record<string, number> = { H1: 1, H2: 2, H3: 3, H4: 4, STRONG: 7, B: 7 };
const RESERVED = new Set(['top', 'comments']);
const ANCHOR_CHARS = /[^A-Za-z0-9_]/g;

function isWholeParagraph(el: Element): boolean {
  const parent = el.parentNode;
  if (!parent) return false;
  for (const sib of Array.from(parent.childNodes)) {
    if (sib === el) continue;
    if (sib.nodeType === 1) {
      const s = sib as Element;
      if (s.tagName !== el.tagName) return false;
      if ((s.textContent ?? '').trim()) return false;
    } else if (sib.nodeType === 3 && (sib.textContent ?? '').trim()) {
      return false;
    }
  }
  const p = el.closest('p');
  return p !== null && (p.textContent ?? '').trim() === (el.textContent ?? '').trim();
}

/** Whitespace runs with a line break at either end come from pretty-printing (the abstract-entropy fixture), not the title. */
function titleOf(el: Element): string {
  return (el.textContent ?? '').replace(/^\s*\n\s*|\s*\n\s*$/g, '').replace(/\s*\n\s*/g, ' ');
}

/** The LessWrong anchor for a heading title, unique among `used`. */
export function titleToAnchor(title: string, used: Set<string>): string {
  const anchor = title.replace(ANCHOR_CHARS, '_');
  if (!used.has(anchor) && !RESERVED.has(anchor)) return anchor;
  let n = 1;
  while (used.has(`${anchor}${n}`)) n++;
  return `${anchor}${n}`;
}

/** Finds the headings under `root` by LessWrong's rule, sets LessWrong's anchor id on each heading element, and returns them. */
export function extractHeadings(root: Element): Heading[] {
  const found: Array<{ el: Element; level: number; text: string; id: string }> = [];
  const used = new Set<string>();
  for (const el of Array.from(root.querySelectorAll('h1, h2, h3, h4, strong, b'))) {
    const level = LEVEL[el.tagName] ?? 0;
    if (el.closest(TOC_SKIP)) continue;
    if (level === 7) {
      if (!isWholeParagraph(el)) continue;
      // <p><strong><b>X</b></strong></p> is one heading, not two.
      if (found.some((h) => h.el.contains(el))) continue;
    }
    let title = titleOf(el);
    if (title.length > 300) title = `${title.slice(0, 300)}...`;
    if (!title.trim()) continue;
    const id = titleToAnchor(title, used);
    used.add(id);
    found.push({ el, level, text: title.replace(/\s+/g, ' ').trim(), id });
  }
  let kept = found;
  const deepest = Math.max(0, ...found.map((h) => h.level));
  if (found.length > 30 && deepest >= 7 && found.filter((h) => h.level < 7).length >= 8) {
    kept = found.filter((h) => h.level < 7);
  }
  const levels = [...new Set(kept.map((h) => h.level))].sort((a, b) => a - b);
  return kept.map((h) => {
    h.el.id = h.id;
    return { id: h.id, level: levels.indexOf(h.level) + 1, text: h.text };
  });
}
