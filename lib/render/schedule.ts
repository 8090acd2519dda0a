type SchedulerLike = { yield?: () => Promise<void> };

/** Resolves on a later task so the browser can paint and handle input in between (scheduler.yield when available). */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: SchedulerLike }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
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
