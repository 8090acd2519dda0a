/** The fraction of the reading area (below any fixed header) above which a heading counts as passed; LessWrong uses 1/5 of the viewport. */
export const SECTION_MARK = 1 / 5;

/** The viewport y of the line that decides the current section: 1/5 down the part of the viewport not covered by a fixed header. */
export function sectionMark(viewportHeight: number, fixedHeaderHeight: number): number {
  const header = Math.max(0, Math.min(fixedHeaderHeight, viewportHeight));
  return header + (viewportHeight - header) * SECTION_MARK;
}

/** Index of the current section: the last heading whose top (viewport y, document order) is at or above the mark; -1 before the first. */
export function currentSection(
  headingTops: readonly number[],
  viewportHeight: number,
  fixedHeaderHeight: number,
): number {
  const mark = sectionMark(viewportHeight, fixedHeaderHeight);
  let current = -1;
  for (let i = 0; i < headingTops.length; i++) {
    const top = headingTops[i]!;
    // A hidden heading reports NaN (no layout); it neither opens nor closes a section.
    if (Number.isNaN(top)) continue;
    if (top <= mark + 1) current = i;
    else break;
  }
  return current;
}

/** How far through a block (viewport top and bottom) the reader is, 0..1: 0 while its top is below the header, 1 once its end is in view. */
export function readingProgress(
  top: number,
  bottom: number,
  viewportHeight: number,
  fixedHeaderHeight: number,
): number {
  const header = Math.max(0, Math.min(fixedHeaderHeight, viewportHeight));
  const visible = viewportHeight - header;
  const scrollable = bottom - top - visible;
  if (scrollable <= 0) return top <= header ? 1 : bottom <= viewportHeight ? 1 : 0;
  return Math.min(1, Math.max(0, (header - top) / scrollable));
}

/** Index of the block in view: the last whose top is at or above the section mark, else the first that starts below it; -1 when there are none. */
export function blockInView(
  blocks: readonly { top: number; bottom: number }[],
  viewportHeight: number,
  fixedHeaderHeight: number,
): number {
  if (blocks.length === 0) return -1;
  const mark = sectionMark(viewportHeight, fixedHeaderHeight);
  let index = 0;
  for (let i = 0; i < blocks.length; i++) if (blocks[i]!.top <= mark) index = i;
  return index;
}
