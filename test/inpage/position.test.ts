import { describe, expect, test } from 'vitest';
import { placePreview } from '../../lib/inpage/position';

const viewport = { width: 1000, height: 800 };
const size = { width: 400, height: 200 };

describe('placePreview', () => {
  test.each([
    ['a reference high on the screen gets its preview below', { top: 100, left: 50 }, 'below', 126, 50],
    ['a reference near the bottom flips the preview above', { top: 700, left: 50 }, 'above', 494, 50],
    ['a reference near the right edge is clamped inside the viewport', { top: 100, left: 900 }, 'below', 126, 592],
    ['a reference off the left edge is clamped to the margin', { top: 100, left: -30 }, 'below', 126, 8],
  ])('%s', (_name, at, side, top, left) => {
    const p = placePreview({ anchor: { ...at, width: 20, height: 20 }, size, viewport });
    expect(p.side).toBe(side);
    expect(p.top).toBe(top);
    expect(p.left).toBe(left);
  });

  test('a preview taller than both sides goes to the roomier side and is capped to it', () => {
    const p = placePreview({
      anchor: { top: 300, left: 10, width: 20, height: 20 },
      size: { width: 300, height: 2000 },
      viewport,
    });
    expect(p.side).toBe('below');
    expect(p.maxHeight).toBe(800 - 320 - 6 - 8);
    expect(p.top).toBe(326);
  });

  test('a preview wider than the viewport starts at the margin', () => {
    const p = placePreview({
      anchor: { top: 10, left: 200, width: 20, height: 20 },
      size: { width: 1200, height: 100 },
      viewport,
    });
    expect(p.left).toBe(8);
  });

  test('the placement never leaves the viewport, whatever the anchor', () => {
    for (const top of [-50, 0, 399, 780, 900]) {
      for (const left of [-50, 0, 500, 990, 1200]) {
        const p = placePreview({ anchor: { top, left, width: 10, height: 18 }, size, viewport });
        expect(p.top).toBeGreaterThanOrEqual(8);
        expect(p.left).toBeGreaterThanOrEqual(8);
        expect(p.left + size.width).toBeLessThanOrEqual(992);
        expect(p.top + Math.min(size.height, p.maxHeight)).toBeLessThanOrEqual(792);
      }
    }
  });
});
