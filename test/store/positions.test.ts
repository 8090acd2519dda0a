import { describe, expect, test } from 'vitest';
import { blocksOf, positionAt, resolvePosition } from '../../lib/store/positions';
import { makePost } from './helpers';

const html = makePost().html;

function positionOf(text: string) {
  const blocks = blocksOf({ html });
  const i = blocks.findIndex((b) => b.text.startsWith(text));
  return positionAt(blocks, i, 1)!;
}

describe('reading positions', () => {
  test('a position records the heading above, the paragraph under it and a fingerprint of the text', () => {
    expect(positionOf('Fourth')).toEqual({
      headingId: 'more',
      paragraph: 1,
      block: 5,
      fingerprint: 'fourth paragraph.',
      updatedAt: 1,
    });
    expect(positionOf('First')).toMatchObject({ headingId: 'intro', paragraph: 0, block: 1 });
  });

  test.each([
    ['the post is unchanged', html, 'Fourth paragraph.'],
    ['paragraphs were inserted above', `<p>New lede.</p><p>Another.</p>${html}`, 'Fourth paragraph.'],
    [
      'the paragraph was edited after its first words',
      html.replace('Fourth paragraph.', 'Fourth paragraph. Now longer, with a new clause at the end.'),
      'Fourth paragraph. Now longer',
    ],
    ['the heading was removed', html.replace('<h2 id="more">More</h2>', ''), 'Fourth paragraph.'],
  ])('resolves to the same block when %s', (_name, edited, expected) => {
    const pos = positionOf('Fourth');
    const i = resolvePosition({ html: edited }, pos);
    expect(blocksOf({ html: edited })[i]!.text).toContain(expected);
  });

  test('when the text is gone it falls back to the same paragraph under the same heading', () => {
    const pos = positionOf('Fourth');
    const edited = html.replace('Fourth paragraph.', 'Completely rewritten.');
    const i = resolvePosition({ html: edited }, pos);
    expect(blocksOf({ html: edited })[i]!.text).toBe('Completely rewritten.');
  });

  test('when heading and text are gone it falls back to the block index, clamped to the post', () => {
    const pos = { headingId: 'gone', paragraph: 3, block: 40, fingerprint: 'nothing like this', updatedAt: 0 };
    expect(resolvePosition({ html: '<p>a</p><p>b</p>' }, pos)).toBe(1);
    expect(resolvePosition({ html: '' }, pos)).toBe(0);
  });

  test('of two blocks with the same text, the one nearest the old place wins', () => {
    const dup = '<h2 id="a">A</h2><p>Same words here.</p><p>x</p><h2 id="b">B</h2><p>Same words here.</p>';
    const blocks = blocksOf({ html: dup });
    const pos = positionAt(blocks, 4, 0)!;
    expect(resolvePosition({ html: dup }, pos)).toBe(4);
  });
});
