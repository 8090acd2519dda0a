import { afterEach, describe, expect, test, vi } from 'vitest';
import { afterFirstPaint } from '../lib/schedule';

// A PerformanceObserver that reports 'paint' entries when the test says the frame is on screen.
function fakePaints() {
  const observers: { fn: (list: { getEntries: () => { name: string }[] }) => void; off: boolean }[] = [];
  class FakeObserver {
    static supportedEntryTypes = ['paint', 'element'];
    private entry: (typeof observers)[number];
    constructor(fn: (typeof observers)[number]['fn']) {
      this.entry = { fn, off: false };
      observers.push(this.entry);
    }
    observe() {}
    disconnect() {
      this.entry.off = true;
    }
  }
  vi.stubGlobal('PerformanceObserver', FakeObserver);
  return {
    paint: (name: string) => {
      for (const o of observers) if (!o.off) o.fn({ getEntries: () => [{ name }] });
    },
    live: () => observers.filter((o) => !o.off).length,
  };
}

describe('afterFirstPaint', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  test('waits for the first contentful paint to be reported, then runs once and stops listening', () => {
    vi.useFakeTimers();
    const paints = fakePaints();
    const fn = vi.fn();
    afterFirstPaint(fn, 250);
    paints.paint('first-paint');
    expect(fn).not.toHaveBeenCalled();
    paints.paint('first-contentful-paint');
    expect(fn).toHaveBeenCalledTimes(1);
    expect(paints.live()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  test('runs after its timeout when no paint is ever reported (a page in a hidden tab)', () => {
    vi.useFakeTimers();
    const paints = fakePaints();
    const fn = vi.fn();
    afterFirstPaint(fn, 250);
    vi.advanceTimersByTime(249);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    paints.paint('first-contentful-paint');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  test('runs in the next task where paints are not reported, or when the paint already was', () => {
    vi.useFakeTimers();
    vi.stubGlobal('PerformanceObserver', undefined);
    const fn = vi.fn();
    afterFirstPaint(fn);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(fn).toHaveBeenCalledTimes(1);

    const paints = fakePaints();
    const reported = vi
      .spyOn(performance, 'getEntriesByName')
      .mockImplementation((name) => (name === 'first-contentful-paint' ? [{} as PerformanceEntry] : []));
    const later = vi.fn();
    afterFirstPaint(later);
    expect(paints.live()).toBe(0);
    vi.advanceTimersByTime(0);
    expect(later).toHaveBeenCalledTimes(1);
    reported.mockRestore();
  });
});
