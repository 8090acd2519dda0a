import type { Migration } from './index';

/** Version 3: `images`, the Blobs of saved posts' images keyed by URL, with the posts using each (offline figures). */
export const v3: Migration = (db) => {
  db.createObjectStore('images', { keyPath: 'url' }).createIndex('by-post', 'posts', { multiEntry: true });
};
