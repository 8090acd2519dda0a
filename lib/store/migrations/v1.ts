import type { Migration } from './index';

/** Version 1: entries (list data with indexes), records (content) and meta. */
export const v1: Migration = (db) => {
  const entries = db.createObjectStore('entries', { keyPath: 'id' });
  entries.createIndex('by-savedAt', 'savedAt');
  entries.createIndex('by-source', 'source');
  entries.createIndex('by-tag', 'tags', { multiEntry: true });
  entries.createIndex('by-title', 'titleKey');
  db.createObjectStore('records', { keyPath: 'id' });
  db.createObjectStore('meta');
};
