import type { Migration } from './index';

/**
 * Version 4: `sequences`, saved sequences and collections (outline and post ids, indexed by post so a post finds the
 * sequences it belongs to), and `jobs`, the state of each whole-sequence save so it resumes after the worker stops.
 */
export const v4: Migration = (db) => {
  db.createObjectStore('sequences', { keyPath: 'id' }).createIndex('by-post', 'postIds', { multiEntry: true });
  db.createObjectStore('jobs', { keyPath: 'id' });
};
