import { describe, expect, test } from 'vitest';
import { luminanceOf, resolveTheme } from '../../lib/inpage/theme';

describe('theme', () => {
  test.each([
    ['white', 'rgb(255, 255, 255)', 1],
    ['black', 'rgb(0, 0, 0)', 0],
    ['transparent', 'rgba(0, 0, 0, 0)', null],
    ['space syntax', 'rgb(255 255 255 / 1)', 1],
    ['not a colour', 'transparent', null],
  ])('luminance of %s', (_name, color, expected) => {
    const l = luminanceOf(color);
    if (expected === null) expect(l).toBeNull();
    else expect(l).toBeCloseTo(expected, 3);
  });

  test.each<[string, Parameters<typeof resolveTheme>, 'light' | 'dark']>([
    ['a forced theme wins over everything', ['dark', false, ['rgb(255,255,255)']], 'dark'],
    ['a dark page background gives dark previews', ['system', false, ['rgb(20, 20, 20)']], 'dark'],
    ['a light page background wins over a dark system', ['system', true, ['rgb(250, 250, 250)']], 'light'],
    [
      'a transparent body falls through to the html background',
      ['system', false, ['rgba(0,0,0,0)', 'rgb(0,0,0)']],
      'dark',
    ],
    ['no readable background follows the system', ['system', true, ['rgba(0,0,0,0)']], 'dark'],
  ])('%s', (_name, args, expected) => {
    expect(resolveTheme(...args)).toBe(expected);
  });
});
