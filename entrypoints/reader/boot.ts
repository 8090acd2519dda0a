import { wrap } from 'idb';
import type { LensDatabase } from '../../lib/store/db';
import { EARLY_FIRST_SCREEN, type EarlyFirstScreen, readFirstScreen } from '../../lib/store/first-screen';
import type { ListPage } from '../../lib/store/list';

/** The library's database and the first page of its list, or why the database could not be opened. */
export type FirstScreen = { ok: true; db: LensDatabase; page: ListPage | null } | { ok: false; error: string };

/**
 * The first screen read by reader-boot.js (reader.html's first, classic script) while this page's modules were still
 * loading; read here instead if that script did not run. main.tsx imports this module first and renders with the list
 * already in hand: no "Loading…" frame, no second render.
 */
function adopt(): Promise<FirstScreen> {
  const early = (globalThis as Record<string, unknown>)[EARLY_FIRST_SCREEN] as Promise<EarlyFirstScreen> | undefined;
  return (early ?? readFirstScreen(location.hash)).then((r) =>
    r.ok ? { ok: true, db: wrap(r.raw) as unknown as LensDatabase, page: r.page } : r,
  );
}

/** The reader's first screen. */
export const firstScreen: Promise<FirstScreen> = adopt();
