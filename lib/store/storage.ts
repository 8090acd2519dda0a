/** How much the browser lets Lens store and whether it may evict it. */
export type StorageUsage = { usage: number; quota: number; persisted: boolean };

type StorageManagerLike = Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>;

function manager(): StorageManagerLike | undefined {
  return typeof navigator !== 'undefined' ? navigator.storage : undefined;
}

/** Asks the browser to keep Lens's storage under pressure (called on the first save); true when granted. */
export async function requestPersistence(storage = manager()): Promise<boolean> {
  if (!storage?.persist) return false;
  try {
    return (await storage.persisted()) || (await storage.persist());
  } catch {
    return false;
  }
}

/** Usage and quota from `navigator.storage.estimate()`, or undefined where the browser has no estimate. */
export async function storageUsage(storage = manager()): Promise<StorageUsage | undefined> {
  if (!storage?.estimate) return undefined;
  try {
    const { usage = 0, quota = 0 } = await storage.estimate();
    const persisted = storage.persisted ? await storage.persisted() : false;
    return { usage, quota, persisted };
  } catch {
    return undefined;
  }
}
