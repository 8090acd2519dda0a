import type { Post } from '../model';
import { nextTask, sliceTimer } from '../schedule';

/** One step of reading a dump: the posts of one slice and how much of the text is done. */
export type SliceResult = { posts: Post[]; done: number; total: number };

/** Splits dump text into slices of about `size` characters, cutting only after a `Discuss` line (where a post ends). */
export function sliceAtDiscuss(text: string, size = 64_000): string[] {
  const slices: string[] = [];
  let start = 0;
  while (start < text.length) {
    if (text.length - start <= size) {
      slices.push(text.slice(start));
      break;
    }
    const re = /^Discuss[ \t]*$/gm;
    re.lastIndex = start + size;
    let match = re.exec(text);
    if (!match) {
      // No Discuss after the target size: take the last one before it, or the rest when there is none.
      const before = text.lastIndexOf('\nDiscuss', start + size);
      if (before <= start) {
        slices.push(text.slice(start));
        break;
      }
      re.lastIndex = before + 1;
      match = re.exec(text);
    }
    const end = match ? text.indexOf('\n', match.index) : -1;
    const cut = end < 0 ? text.length : end + 1;
    slices.push(text.slice(start, cut));
    start = cut;
  }
  return slices;
}

/** Characters per parsing slice: one or two posts of a typical dump, well under 100 ms to parse on a slow machine. */
export const SLICE_SIZE = 16_000;

/**
 * Parses a dump slice by slice, yielding to the event loop whenever the current task has used `budgetMs`, so a 10 MB
 * page never freezes (and small slices that parse fast do not each pay for a timer's clamp).
 */
export async function* parseInSlices(
  text: string,
  parse: (text: string) => Post[],
  size = SLICE_SIZE,
  budgetMs = 30,
): AsyncGenerator<SliceResult> {
  let done = 0;
  const used = sliceTimer(budgetMs);
  let first = true;
  for (const slice of sliceAtDiscuss(text, size)) {
    if (first || used()) await nextTask();
    first = false;
    const posts = parse(slice);
    done += slice.length;
    yield { posts, done, total: text.length };
  }
}
