import type { Migration } from './index';

/** Version 2: `search`, the stored full-text index (a head and term-tree slices), so a big library opens searchable. */
export const v2: Migration = (db) => {
  db.createObjectStore('search');
};
