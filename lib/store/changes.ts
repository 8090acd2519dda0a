/** A change to the library, announced to every extension context after its transaction committed. */
export type LibraryChange = { kind: 'put' | 'delete'; ids: string[] };

/** The BroadcastChannel name every Lens context listens on for library changes. */
export const CHANNEL = 'lens-library';

/** Tells the other contexts (reader pages, side panel, background) that posts changed; a no-op where unsupported. */
export function announce(change: LibraryChange): void {
  if (typeof BroadcastChannel === 'undefined' || change.ids.length === 0) return;
  const ch = new BroadcastChannel(CHANNEL);
  ch.postMessage(change);
  ch.close();
}

/** Calls `listener` for every library change announced by another context; returns the unsubscribe function. */
export function onLibraryChange(listener: (change: LibraryChange) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const ch = new BroadcastChannel(CHANNEL);
  ch.onmessage = (e: MessageEvent<LibraryChange>) => listener(e.data);
  return () => ch.close();
}
