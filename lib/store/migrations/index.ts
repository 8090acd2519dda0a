import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { LensDB } from '../db';
import { v1 } from './v1';

/** One schema step: from version `index` to `index + 1`, run inside the upgrade transaction. */
export type Migration = (
  db: IDBPDatabase<LensDB>,
  tx: IDBPTransaction<LensDB, StoreNames<LensDB>[], 'versionchange'>,
) => void;

/** Every schema step in order; to add version 2, write `v2.ts` and append it here, then add a v1 fixture test. */
export const MIGRATIONS: readonly Migration[] = [v1];
