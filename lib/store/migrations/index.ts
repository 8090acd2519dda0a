import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { LensDB } from '../db';
import { v1 } from './v1';
import { v2 } from './v2';
import { v3 } from './v3';
import { v4 } from './v4';

/** One schema step: from version `index` to `index + 1`, run inside the upgrade transaction. */
export type Migration = (
  db: IDBPDatabase<LensDB>,
  tx: IDBPTransaction<LensDB, StoreNames<LensDB>[], 'versionchange'>,
) => void;

/** Every schema step in order; to add version N, write `vN.ts`, append it here and commit a snapshot of version N. */
export const MIGRATIONS: readonly Migration[] = [v1, v2, v3, v4];
