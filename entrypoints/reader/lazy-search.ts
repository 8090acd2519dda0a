import type { LensDatabase } from '../../lib/store/db';
import type { LibrarySearch } from '../../lib/store/search';

/** What the reader uses of the library's search (lib/store/search.ts LibrarySearch). */
export type SearchApi = Pick<LibrarySearch, 'ready' | 'search' | 'update' | 'remove'>;

/**
 * A LibrarySearch whose code (MiniSearch with it) loads on the first query or `ready()`, not with the first screen.
 * Changes before that are ignored, as LibrarySearch ignores them before its index is opened: loading checks the
 * stored index against the entries anyway.
 */
export function lazySearch(db: LensDatabase): SearchApi {
  let loading: Promise<LibrarySearch> | undefined;
  const load = () => {
    loading ??= import('../../lib/store/search').then(
      (m) => new m.LibrarySearch(db),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  return {
    ready: async () => (await load()).ready(),
    search: async (query, limit) => (await load()).search(query, limit),
    update: async (ids) => {
      if (loading) await (await loading).update(ids);
    },
    remove: async (ids) => {
      if (loading) await (await loading).remove(ids);
    },
  };
}
