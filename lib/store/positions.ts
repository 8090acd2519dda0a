import type { Post } from '../model';
import type { ReadingPosition } from './types';

/** One readable block of a post body, in document order, as position tracking sees it. */
export type Block = { headingId: string | null; paragraph: number; text: string; fingerprint: string };

/** CSS selector of the elements that count as blocks; nested matches are folded into their outermost block. */
export const BLOCK_SELECTOR = 'h1,h2,h3,h4,h5,h6,p,li,pre,blockquote,table,figure,div.lens-math,hr';

const FINGERPRINT_LENGTH = 48;

/** The fingerprint of a block's text: its first characters, whitespace collapsed and lowercased. */
export function fingerprintOf(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase().slice(0, FINGERPRINT_LENGTH);
}

/** The outermost block elements under a root, in document order. */
export function blockElements(root: ParentNode): Element[] {
  return [...root.querySelectorAll(BLOCK_SELECTOR)].filter((el) => !el.parentElement?.closest(BLOCK_SELECTOR));
}

/** The blocks of rendered post body elements, numbered per heading. */
export function blocksOfElements(elements: readonly Element[]): Block[] {
  const blocks: Block[] = [];
  let headingId: string | null = null;
  let paragraph = 0;
  for (const el of elements) {
    const text = el.textContent ?? '';
    if (/^H[1-6]$/.test(el.tagName)) {
      headingId = el.id || headingId;
      paragraph = 0;
      blocks.push({ headingId, paragraph: -1, text, fingerprint: fingerprintOf(text) });
      continue;
    }
    blocks.push({ headingId, paragraph, text, fingerprint: fingerprintOf(text) });
    paragraph++;
  }
  return blocks;
}

/** The blocks of a post's body html (parsed inert with DOMParser; nothing runs). */
export function blocksOf(post: Pick<Post, 'html'>): Block[] {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${post.html}`, 'text/html');
  return blocksOfElements(blockElements(doc.body));
}

/** The reading position of block `index` of a post's blocks. */
export function positionAt(blocks: readonly Block[], index: number, now = Date.now()): ReadingPosition | undefined {
  const b = blocks[index];
  if (!b) return undefined;
  return { headingId: b.headingId, paragraph: b.paragraph, block: index, fingerprint: b.fingerprint, updatedAt: now };
}

/**
 * The index of the block a stored position points to after edits: the block with the same fingerprint nearest the
 * old place, else the same paragraph under the same heading, else the same overall index, clamped to the post.
 */
export function resolveInBlocks(blocks: readonly Block[], pos: ReadingPosition): number {
  if (blocks.length === 0) return 0;
  const headingStart =
    pos.headingId === null ? 0 : blocks.findIndex((b) => b.paragraph === -1 && b.headingId === pos.headingId);
  const expected =
    headingStart >= 0
      ? Math.min(blocks.length - 1, headingStart + (pos.headingId === null ? pos.paragraph : pos.paragraph + 1))
      : Math.min(blocks.length - 1, pos.block);
  if (pos.fingerprint) {
    let best = -1;
    let bestScore = Number.POSITIVE_INFINITY;
    const short = pos.fingerprint.slice(0, 24);
    for (let i = 0; i < blocks.length; i++) {
      const fp = blocks[i]!.fingerprint;
      let penalty: number;
      if (fp === pos.fingerprint) penalty = 0;
      else if (short.length >= 12 && fp.startsWith(short)) penalty = 1000;
      else continue;
      const score = penalty + Math.abs(i - expected) + (blocks[i]!.headingId === pos.headingId ? 0 : 500);
      if (score < bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best >= 0) return best;
  }
  return Math.max(0, expected);
}

/** The block index of a post that a stored reading position resolves to, robust to edits made since it was stored. */
export function resolvePosition(post: Pick<Post, 'html'>, pos: ReadingPosition): number {
  return resolveInBlocks(blocksOf(post), pos);
}
