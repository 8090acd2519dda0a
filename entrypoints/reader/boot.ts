import { type LensDatabase, openLensDB } from '../../lib/store/db';
import { LIST_PAGE, type ListPage, listEntries } from '../../lib/store/list';

/** The library's database and the first page of its list, or why the database could not be opened. */
export type FirstScreen = { ok: true; db: LensDatabase; page: ListPage | null } | { ok: false; error: string };

/**
 * Starts opening the library and reading the first page of its list. main.tsx imports this module first, so the
 * database work starts before the rest of the page's code is evaluated, and the first render has the list in hand
 * (no "Loading…" frame, no second render). A separate early script would not start it sooner: it is fetched from the
 * package as slowly as the modules are (measured in test/bench/store-chromium.bench.ts, "the reader's own share").
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
