import { describe, expect, test } from 'vitest';
import { blockInView, currentSection, readingProgress, sectionMark } from '../../lib/sidebar/scroll-spy';

describe('sectionMark', () => {
  test.each([
    ['without a header it is 1/5 of the viewport, as on LessWrong', 1000, 0, 200],
    ['a fixed header moves it down by the header and 1/5 of the rest', 1000, 100, 280],
    ['a header taller than the viewport is clamped', 500, 900, 500],
  ])('%s', (_name, viewport, header, expected) => {
    expect(sectionMark(viewport, header)).toBe(expected);
  });
});

describe('currentSection', () => {
  test.each([
    ['no headings: no section', [], 1000, 0, -1],
    ['all headings below the mark: before the first section', [300, 900], 1000, 0, -1],
    ['a heading exactly at the mark is current', [200, 900], 1000, 0, 0],
    ['the last heading above the mark wins', [-500, -10, 150, 600], 1000, 0, 2],
    ['every heading scrolled past: the last one', [-3000, -2000, -100], 1000, 0, 2],
    ['a fixed header pushes the mark down', [250, 600], 1000, 100, 0],
    ['the same heading is not current without the header', [250, 600], 1000, 0, -1],
    ['a hidden heading (NaN) is skipped', [-100, Number.NaN, 50], 1000, 0, 2],
  ])('%s', (_name, tops, viewport, header, expected) => {
    expect(currentSection(tops, viewport, header)).toBe(expected);
  });
});

describe('readingProgress', () => {
  test.each([
    ['the post starts below the viewport top: 0', 300, 5300, 1000, 0, 0],
    ['halfway through the scrollable part', -2000, 2000, 1000, 0, 2000 / 3000],
    ['its end in view: 1', -4000, 900, 1000, 0, 1],
    ['a fixed header counts as covering text', 60, 5060, 1000, 60, 0],
    ['a short post fully in view: 1', 100, 500, 1000, 0, 1],
    ['a short post below the fold: 0', 800, 1300, 1000, 0, 0],
  ])('%s', (_name, top, bottom, viewport, header, expected) => {
    expect(readingProgress(top, bottom, viewport, header)).toBeCloseTo(expected, 5);
  });
});

describe('blockInView', () => {
  const blocks = [
    { top: -3000, bottom: -100 },
    { top: -100, bottom: 2000 },
    { top: 2000, bottom: 4000 },
  ];
  test.each([
    ['no blocks: -1', [], 1000, 0, -1],
    ['the block whose top passed the mark', blocks, 1000, 0, 1],
    ['the first block while it has not reached the mark', [{ top: 500, bottom: 900 }], 1000, 0, 0],
    [
      'the next post takes over once its top passes the mark',
      [
        { top: -900, bottom: 150 },
        { top: 150, bottom: 900 },
      ],
      1000,
      0,
      1,
    ],
  ])('%s', (_name, list, viewport, header, expected) => {
    expect(blockInView(list, viewport, header)).toBe(expected);
  });
});
