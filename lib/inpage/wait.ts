/** Resolves with what `find` returns once it is non-null, re-checking on DOM mutations (no polling); null on timeout or abort. */
export function waitFor<T>(
  doc: Document,
  find: () => T | null,
  { timeout = 10_000, signal }: { timeout?: number; signal?: AbortSignal } = {},
): Promise<T | null> {
  const now = find();
  if (now !== null) return Promise.resolve(now);
  return new Promise((resolve) => {
    let queued = false;
    const finish = (value: T | null) => {
      observer.disconnect();
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => finish(null);
    // Mutations come in bursts while a single-page app renders; checking once per task keeps this cheap.
    const observer = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        const found = find();
        if (found !== null) finish(found);
      });
    });
    observer.observe(doc.documentElement, { childList: true, subtree: true });
    const timer = setTimeout(() => finish(find()), timeout);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
