import { t } from '../i18n';
import type { JobPost, SaveJob, SequenceOutline, SequencePostRef } from '../store/types';

/** What became of one request for a post: stored, refused for good, or to try again later (busy site, no network). */
export type PostOutcome =
  | { kind: 'saved' }
  | { kind: 'failed'; error: string }
  | { kind: 'again'; error: string; retryAfterMs?: number; offline?: boolean };

/** The most a job waits between tries after the site said busy or the network went, milliseconds. */
export const MAX_BACKOFF_MS = 60_000;
/** The first wait after a busy or offline answer, doubled each time it repeats. */
export const FIRST_BACKOFF_MS = 2_000;
/** How many times a post that got an HTTP error or garbage is tried before it is listed as failed. */
export const MAX_TRIES = 3;

/** A new job for an outline; posts `current` says are already saved as the site has them are skipped, not fetched. */
export function createJob(
  outline: SequenceOutline,
  endpoint: string,
  now: number,
  current: (ref: SequencePostRef) => boolean = () => false,
): SaveJob {
  const seen = new Set<string>();
  const posts: JobPost[] = [];
  for (const chapter of outline.chapters) {
    for (const ref of chapter.posts) {
      if (seen.has(ref.id)) continue;
      seen.add(ref.id);
      posts.push({ ...ref, state: current(ref) ? 'skipped' : 'pending', tries: 0 });
    }
  }
  return finishIfDone({
    id: outline.id,
    endpoint,
    title: outline.title,
    posts,
    status: 'running',
    notBefore: 0,
    backoffMs: 0,
    createdAt: now,
    updatedAt: now,
  });
}

function finishIfDone(job: SaveJob): SaveJob {
  if (job.status === 'running' && !job.posts.some((p) => p.state === 'pending')) {
    const { waiting: _, ...rest } = job;
    return { ...rest, status: 'done' };
  }
  return job;
}

function withPost(job: SaveJob, id: string, change: (p: JobPost) => JobPost): SaveJob {
  return { ...job, posts: job.posts.map((p) => (p.id === id ? change(p) : p)) };
}

/**
 * Applies the outcome of a request for one post. An outcome for a post that is no longer pending (a duplicate
 * delivery, a late answer after a restart) changes nothing: each post is counted once.
 */
export function applyOutcome(job: SaveJob, id: string, outcome: PostOutcome, now: number): SaveJob {
  const post = job.posts.find((p) => p.id === id);
  if (post?.state !== 'pending') return job;
  let next: SaveJob;
  if (outcome.kind === 'saved') {
    next = withPost(job, id, ({ error: _, ...p }) => ({ ...p, state: 'saved', tries: p.tries + 1 }));
    const { waiting: _, ...rest } = next;
    next = { ...rest, backoffMs: 0 };
  } else if (outcome.kind === 'failed') {
    next = withPost(job, id, (p) => ({ ...p, state: 'failed', error: outcome.error, tries: p.tries + 1 }));
  } else {
    const backoffMs = Math.min(MAX_BACKOFF_MS, job.backoffMs ? job.backoffMs * 2 : FIRST_BACKOFF_MS);
    const wait = Math.max(backoffMs, Math.min(outcome.retryAfterMs ?? 0, 10 * MAX_BACKOFF_MS));
    const tries = post.tries + (outcome.offline ? 0 : 1);
    // A site that keeps failing one post is not hammered forever: after MAX_TRIES it is listed with Retry.
    const giveUp = !outcome.offline && outcome.retryAfterMs === undefined && tries >= MAX_TRIES;
    next = withPost(job, id, (p) =>
      giveUp ? { ...p, state: 'failed', error: outcome.error, tries } : { ...p, tries },
    );
    next = {
      ...next,
      backoffMs,
      notBefore: Math.max(job.notBefore, now + wait),
      waiting: outcome.offline ? t('networkGoneWaits') : outcome.error,
    };
  }
  return finishIfDone({ ...next, updatedAt: now });
}

/** Pauses a running job: requests in flight finish and are kept, no new one starts. */
export function pauseJob(job: SaveJob, now: number): SaveJob {
  if (job.status !== 'running') return job;
  const { waiting: _, ...rest } = job;
  return { ...rest, status: 'paused', updatedAt: now };
}

/** Pauses a running job Lens itself could not go on with, saying why (shown beside the paused job). */
export function haltJob(job: SaveJob, now: number, reason: string): SaveJob {
  return job.status === 'running' ? { ...job, status: 'paused', waiting: reason, updatedAt: now } : job;
}

/** Resumes a paused job (a finished or cancelled one stays as it is). */
export function resumeJob(job: SaveJob, now: number): SaveJob {
  if (job.status !== 'paused') return job;
  const { waiting: _, ...rest } = job;
  return finishIfDone({ ...rest, status: 'running', updatedAt: now });
}

/** Cancels a job: posts already stored stay in the library, the rest are not fetched. */
export function cancelJob(job: SaveJob, now: number): SaveJob {
  if (job.status === 'done' || job.status === 'cancelled') return job;
  const { waiting: _, ...rest } = job;
  return { ...rest, status: 'cancelled', updatedAt: now };
}

/** Puts failed posts (one, or all without an id) back in line and runs the job again. */
export function retryFailed(job: SaveJob, now: number, id?: string): SaveJob {
  if (!job.posts.some((p) => p.state === 'failed' && (id === undefined || p.id === id))) return job;
  const posts = job.posts.map((p) =>
    p.state === 'failed' && (id === undefined || p.id === id)
      ? (({ error: _, ...rest }) => ({ ...rest, state: 'pending' as const, tries: 0 }))(p)
      : p,
  );
  return { ...job, posts, status: 'running', notBefore: 0, backoffMs: 0, updatedAt: now };
}

/** The next post to request: the first pending one in reading order not already in flight. */
export function nextPending(job: SaveJob, inFlight: ReadonlySet<string>): JobPost | undefined {
  return job.posts.find((p) => p.state === 'pending' && !inFlight.has(p.id));
}

/** A job's progress: posts in the library (stored now or already current), of all, and the failed ones. */
export type JobProgress = { done: number; total: number; failed: JobPost[] };

/** Counts a job's progress. */
export function jobProgress(job: SaveJob): JobProgress {
  let done = 0;
  const failed: JobPost[] = [];
  for (const p of job.posts) {
    if (p.state === 'saved' || p.state === 'skipped') done++;
    else if (p.state === 'failed') failed.push(p);
  }
  return { done, total: job.posts.length, failed };
}
