/** Resolves on a later task so the browser can paint and run the page's own input handlers and timers in between. */
export function nextTask(): Promise<void> {
  // Not scheduler.yield: its continuations jump ahead of the page's timers, which then starve for as long as a
  // 10 MB dump takes to read (measured in the reading-view e2e heartbeat).
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A clock that says when the current slice of work has used its time budget (milliseconds). */
export function sliceTimer(budgetMs: number): () => boolean {
  let start = performance.now();
  return () => {
    if (performance.now() - start < budgetMs) return false;
    start = performance.now();
    return true;
  };
}

/** Runs a generator of steps to its end at once, returning its result (the steps' pauses are not taken). */
export function finishSteps<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** How finishStepsPausing pauses between steps, and who is told how long each step ran. */
export type StepOptions = {
  /** Awaited between two steps (default: nextTask, so input and rendering run in between). */
  pause?: () => Promise<void>;
  /** Told each step's start and end (performance.now()). */
  onStep?: (start: number, end: number) => void;
};

/** Runs a generator of steps to its end, awaiting a pause at each of its yields; resolves to its result. */
export async function finishStepsPausing<T>(steps: Generator<unknown, T>, options: StepOptions = {}): Promise<T> {
  const pause = options.pause ?? nextTask;
  for (;;) {
    const start = performance.now();
    const step = steps.next();
    options.onStep?.(start, performance.now());
    if (step.done) return step.value;
    await pause();
  }
}

/** Runs `fn` when the page is next idle, within `timeoutMs` at the latest; a moment later where there is no idle callback. */
export function whenIdle(fn: () => void, timeoutMs: number): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: timeoutMs });
  else setTimeout(fn, 50);
}

/**
 * Runs `fn` once the page's first contentful paint is on screen (the browser reports it after the frame is presented),
 * or after `timeoutMs` if it never says so, or at once where paints are not reported. Work that follows a first screen
 * (rows below the fold, counts, tags) waits for it: on a machine with few cores it would otherwise compete with the
 * rasterising and presenting of that very frame.
 */
export function afterFirstPaint(fn: () => void, timeoutMs = 250): void {
  const painted = () => performance.getEntriesByName('first-contentful-paint').length > 0;
  const supported =
    typeof PerformanceObserver === 'function' && PerformanceObserver.supportedEntryTypes?.includes('paint');
  if (!supported || painted()) {
    setTimeout(fn, 0);
    return;
  }
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    observer.disconnect();
    clearTimeout(timer);
    fn();
  };
  const observer = new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => e.name === 'first-contentful-paint')) run();
  });
  observer.observe({ type: 'paint', buffered: true });
  const timer = setTimeout(run, timeoutMs);
}
