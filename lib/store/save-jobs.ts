import type { LensDatabase } from './db';
import type { SaveJob } from './types';

/** One save job by its sequence id. */
export function getJob(db: LensDatabase, id: string): Promise<SaveJob | undefined> {
  return db.get('jobs', id);
}

/** Stores a save job's state (after every step, so a stopped worker resumes exactly where it was). */
export async function putJob(db: LensDatabase, job: SaveJob): Promise<void> {
  await db.put('jobs', job);
}

/** Every save job, newest first. */
export async function listJobs(db: LensDatabase): Promise<SaveJob[]> {
  return (await db.getAll('jobs')).sort((a, b) => b.createdAt - a.createdAt);
}

/** The jobs a freshly started worker must go on with (running ones; paused ones wait for the reader). */
export async function runningJobs(db: LensDatabase): Promise<SaveJob[]> {
  return (await listJobs(db)).filter((j) => j.status === 'running');
}
