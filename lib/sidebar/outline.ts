import type { Heading } from '../model';

/** One heading of the outline with the headings nested under it; `index` is its position in `Post.headings`. */
export type OutlineNode = { heading: Heading; index: number; children: OutlineNode[] };

/** Nests headings by level (a deeper level goes under the nearest shallower one before it), keeping document order. */
export function buildOutline(headings: readonly Heading[]): OutlineNode[] {
  const roots: OutlineNode[] = [];
  const stack: OutlineNode[] = [];
  headings.forEach((heading, index) => {
    const node: OutlineNode = { heading, index, children: [] };
    while (stack.length > 0 && stack[stack.length - 1]!.heading.level >= heading.level) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  });
  return roots;
}

/** The ids of a heading and of every heading above it in the outline, innermost last (for highlighting the path). */
export function headingPath(headings: readonly Heading[], index: number): string[] {
  const path: string[] = [];
  let level = Number.POSITIVE_INFINITY;
  for (let i = index; i >= 0; i--) {
    const heading = headings[i];
    if (heading && heading.level < level) {
      path.unshift(heading.id);
      level = heading.level;
    }
  }
  return path;
}
