import { unwrap } from 'idb';
import { t } from '../i18n';
import { type LensDatabase, openLensDB } from './db';
import { LIST_PAGE, type ListPage, listEntries } from './list';

/**
 * The library's first screen as read before the reader's code runs: the open database (the browser's own object, so
 * the page wraps it with its own copy of idb) and the first page of the list; or why the library could not be opened.
 */
export type EarlyFirstScreen = { ok: true; raw: IDBDatabase; page: ListPage | null } | { ok: false; error: string };

/** Where reader-boot.js leaves its promise for the reader page's modules. */
export const EARLY_FIRST_SCREEN = '__lensFirstScreen';

/**
 * Opens the library (creating or upgrading it as openLensDB does) and reads the first page of its list, unless the
 * page's address asks for a post or a link to save, which need no list.
 */
export function readFirstScreen(hash: string): Promise<EarlyFirstScreen> {
  performance.mark('lens:reader-boot');
  const wantsList = !/[#&](?:post|save-link)=/.test(hash);
  // Some browsers refuse at once (a throw, not an error event): that is a refusal like any other here.
  return new Promise<LensDatabase>((resolve) => resolve(openLensDB())).then(
    async (db): Promise<EarlyFirstScreen> => {
      const page = wantsList ? await listEntries(db, { limit: LIST_PAGE }).catch(() => null) : null;
      performance.mark('lens:reader-first-page');
      return { ok: true, raw: unwrap(db), page };
    },
    (error: unknown) => ({
      ok: false,
      error: t('libraryOpenFailed', String(error)),
    }),
  );
}
