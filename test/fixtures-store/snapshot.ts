// A database snapshot: the schema (stores, key paths, indexes) and every record of an IndexedDB database, as JSON.
// The migration test restores a snapshot with its own recorded schema (not today's migrations), then opens it with
// the current code, so each committed snapshot proves the upgrade path from its version.

/** One object store: how it is keyed, its indexes and its records (out-of-line keys kept beside the values). */
export type StoreSnapshot = {
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
  records: { key?: IDBValidKey; value: unknown }[];
};

/** A whole database at one version. */
export type DBSnapshot = { name: string; version: number; stores: Record<string, StoreSnapshot> };

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Reads every store of an open database into a snapshot. */
export async function snapshotDB(db: IDBDatabase): Promise<DBSnapshot> {
  const names = Array.from({ length: db.objectStoreNames.length }, (_, i) => db.objectStoreNames.item(i)!).sort();
  const tx = db.transaction(names, 'readonly');
  const stores: Record<string, StoreSnapshot> = {};
  for (const name of names) {
    const store = tx.objectStore(name);
    const indexes = Array.from({ length: store.indexNames.length }, (_, i) => store.indexNames.item(i)!)
      .sort()
      .map((n) => {
        const ix = store.index(n);
        return { name: n, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry };
      });
    const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    stores[name] = {
      keyPath: store.keyPath,
      autoIncrement: store.autoIncrement,
      indexes,
      records: values.map((value, i) => (store.keyPath === null ? { key: keys[i], value } : { value })),
    };
  }
  return { name: db.name, version: db.version, stores };
}

/** Recreates a snapshot's database (schema and records) at its recorded version in the given factory. */
export function restoreSnapshot(factory: IDBFactory, snap: DBSnapshot, name = snap.name): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = factory.open(name, snap.version);
    open.onupgradeneeded = () => {
      const db = open.result;
      for (const [storeName, s] of Object.entries(snap.stores)) {
        const store = db.createObjectStore(storeName, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
        for (const ix of s.indexes)
          store.createIndex(ix.name, ix.keyPath, { unique: ix.unique, multiEntry: ix.multiEntry });
        for (const r of s.records) {
          if (s.keyPath === null) store.put(r.value, r.key);
          else store.put(r.value);
        }
      }
    };
    open.onsuccess = () => {
      open.result.close();
      resolve();
    };
    open.onerror = () => reject(open.error);
  });
}
