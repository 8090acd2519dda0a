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
