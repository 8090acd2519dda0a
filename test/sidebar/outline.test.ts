import { describe, expect, test } from 'vitest';
import type { Heading } from '../../lib/model';
import { buildOutline, headingPath, type OutlineNode } from '../../lib/sidebar/outline';

const h = (id: string, level: number): Heading => ({ id, level, text: id });
const shape = (nodes: OutlineNode[]): unknown =>
  nodes.map((n) => (n.children.length ? [n.heading.id, shape(n.children)] : n.heading.id));

describe('buildOutline', () => {
  test.each([
    ['no headings give an empty outline', [], []],
    ['flat headings stay siblings', [h('a', 2), h('b', 2)], ['a', 'b']],
    [
      'a deeper heading nests under the one before',
      [h('a', 1), h('b', 2), h('c', 2), h('d', 1)],
      [['a', ['b', 'c']], 'd'],
    ],
    ['skipped levels nest under the nearest shallower heading', [h('a', 1), h('b', 3), h('c', 2)], [['a', ['b', 'c']]]],
    [
      'a document that starts deep keeps the deep heading at the top',
      [h('a', 3), h('b', 1), h('c', 2)],
      ['a', ['b', ['c']]],
    ],
    [
      'the fixture shape (h2 sections with h3 under one) nests the h3s',
      [h('a', 2), h('b', 2), h('c', 3), h('d', 3), h('e', 2)],
      ['a', ['b', ['c', 'd']], 'e'],
    ],
  ])('%s', (_name, headings, expected) => {
    expect(shape(buildOutline(headings))).toEqual(expected);
  });

  test('every node keeps its index in Post.headings', () => {
    const nodes = buildOutline([h('a', 1), h('b', 2), h('c', 1)]);
    expect(nodes.map((n) => n.index)).toEqual([0, 2]);
    expect(nodes[0]?.children[0]?.index).toBe(1);
  });
});

describe('headingPath', () => {
  const headings = [h('a', 1), h('b', 2), h('c', 3), h('d', 2), h('e', 1)];
  test.each([
    ['a top heading is its own path', 0, ['a']],
    ['a third-level heading lists its ancestors', 2, ['a', 'b', 'c']],
    ['a later sibling skips the earlier branch', 3, ['a', 'd']],
    ['a new top heading starts a new path', 4, ['e']],
  ])('%s', (_name, index, expected) => {
    expect(headingPath(headings, index)).toEqual(expected);
  });
});
