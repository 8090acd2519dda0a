// What store-chromium.bench.ts runs inside a Chromium extension page, bundled there as the global LensStore: the
// store's own operations on the real IndexedDB, without the messaging and rendering around them in the product.
export { sanitizeFully } from '../../lib/store/clean';
export { openLensDB } from '../../lib/store/db';
export { listEntries } from '../../lib/store/list';
export { savePost } from '../../lib/store/saved-posts';
