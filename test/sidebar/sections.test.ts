import { describe, expect, test } from 'vitest';
import type { Footnote, Heading } from '../../lib/model';
import { postStats, WORDS_PER_MINUTE } from '../../lib/sidebar/sections';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
const note = (number: number, refIds: string[]): Footnote => ({
  id: `fn${number}`,
  number,
  html: '',
  text: '',
  refIds,
});

describe('postStats', () => {
  const headings: Heading[] = [
    { id: 'intro', level: 2, text: 'Intro' },
    { id: 'part', level: 3, text: 'Part' },
  ];
  const html = `<p>${words(10)}</p>
    <h2 id="intro">Intro</h2>
    <p>${words(460)}<span class="lens-fnref" id="r1"><a href="#fn1">[1]</a></span> and more<a class="lens-fnref" id="r2" href="#fn2">[2]</a></p>
    <h3 id="part">Part</h3>
    <p>${words(20)} <span class="lens-math" data-lens-tex="x^2">x^2 rendered</span><a class="lens-fnref" id="r1b" href="#fn1">[1]</a></p>
    <style>.a { color: red }</style>`;
  const stats = postStats({ html, headings, footnotes: [note(1, ['r1', 'r1b']), note(2, ['r2'])] });

  test('the lead before the first heading is its own section', () => {
    expect(stats.lead).toMatchObject({ headingId: null, words: 10, footnotes: [] });
  });
  test('words are counted per heading, the heading text included, references and styles not', () => {
    expect(stats.sections.map((s) => s.words)).toEqual([1 + 460 + 2, 1 + 20 + 1]);
    expect(stats.words).toBe(10 + 463 + 22);
  });
  test('reading time is words at 230 per minute', () => {
    expect(stats.sections[0]?.minutes).toBeCloseTo(463 / WORDS_PER_MINUTE);
    expect(stats.minutes).toBeCloseTo(495 / WORDS_PER_MINUTE);
  });
  test('footnotes are counted where they are cited, each once per section', () => {
    expect(stats.sections.map((s) => s.footnotes)).toEqual([[1, 2], [1]]);
  });
  test('a post without headings is all lead', () => {
    const s = postStats({ html: '<p>one two three</p>', headings: [], footnotes: [] });
    expect(s.sections).toEqual([]);
    expect(s.lead.words).toBe(3);
  });
  test('a heading id missing from the html gives an empty section', () => {
    const s = postStats({ html: '<p>a b</p>', headings: [{ id: 'gone', level: 2, text: 'Gone' }], footnotes: [] });
    expect(s.sections[0]).toMatchObject({ headingId: 'gone', words: 0, footnotes: [] });
  });
});
