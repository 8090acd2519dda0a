import { type LensDatabase, openLensDB } from '../../lib/store/db';
import { LIST_PAGE, type ListPage, listEntries } from '../../lib/store/list';

/** The library's database and the first page of its list, or why the database could not be opened. */
export type FirstScreen = { ok: true; db: LensDatabase; page: ListPage | null } | { ok: false; error: string };

/**
 * Starts opening the library and reading the first page of its list. reader.html runs this module as a script of its
 * own, before main.tsx: its few imports arrive first, so the database works while the browser is still fetching and
 * compiling the page's Preact code, and main.tsx (which imports this same module instance) renders the first screen
 * with the list already in hand.
 */
function start(): Promise<FirstScreen> {
  performance.mark('lens:reader-boot');
  // A post view or a link to save needs no list page.
  const wantsList = !/[#&](?:post|save-link)=/.test(location.hash);
  return openLensDB().then(
    async (db): Promise<FirstScreen> => {
      const page = wantsList ? await listEntries(db, { limit: LIST_PAGE }).catch(() => null) : null;
      performance.mark('lens:reader-first-page');
      return { ok: true, db, page };
    },
    (error: unknown) => ({
      ok: false,
      error: `Lens could not open its library (${String(error)}). Private windows and some storage settings block it.`,
    }),
  );
}

/** The reader's first screen, started when this module is first evaluated. */
export const firstScreen: Promise<FirstScreen> = start();
