import { t } from '../i18n';
import type { JobPost, SaveJob } from '../store/types';
import type { FetchedSequencePost } from './api';
import {
  applyOutcome,
  cancelJob,
  haltJob,
  nextPending,
  type PostOutcome,
  pauseJob,
  resumeJob,
  retryFailed,
} from './job';

/** Time as the runner sees it: injectable, so tests drive rate limits and backoff with a fake clock. */
export type Clock = { now: () => number; sleep: (ms: number) => Promise<void> };

/** The real clock. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** At most this many requests of all jobs are in flight at once. */
export const MAX_IN_FLIGHT = 2;
/** At least this long between the starts of two requests, milliseconds. */
export const MIN_GAP_MS = 250;

/** What the runner needs: a clock, where jobs live, how a post is fetched and how it is stored. */
export type RunnerDeps = {
  clock: Clock;
  loadJob: (id: string) => Promise<SaveJob | undefined>;
  saveJob: (job: SaveJob) => Promise<void>;
  fetchPost: (post: JobPost, endpoint: string) => Promise<FetchedSequencePost>;
  /** Reads, sanitises and stores a fetched post in the library (idempotent: the same content stored twice is one post). */
  storePost: (
    fetched: Extract<FetchedSequencePost, { ok: true }>,
  ) => Promise<{ ok: true } | { ok: false; error: string }>;
  /** Told after every change of a job's state (progress for the side panel and the reader). */
  onChange?: (job: SaveJob) => void;
  maxInFlight?: number;
  minGapMs?: number;
};

/** The controls a reader has over a job. */
export type JobAction = { action: 'pause' | 'resume' | 'cancel' } | { action: 'retry'; postId?: string };

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function outcomeOf(fetched: FetchedSequencePost): PostOutcome | null {
  if (fetched.ok) return null;
  if (fetched.kind === 'busy') {
    const out: PostOutcome = { kind: 'again', error: fetched.error };
    if (fetched.retryAfterMs !== undefined) out.retryAfterMs = fetched.retryAfterMs;
    return out;
  }
  if (fetched.kind === 'offline' || fetched.kind === 'timeout')
    return { kind: 'again', error: fetched.error, offline: true };
  if (fetched.kind === 'http' || fetched.kind === 'garbage') return { kind: 'again', error: fetched.error };
  return { kind: 'failed', error: fetched.error };
}

/**
 * Runs whole-sequence save jobs politely (at most MAX_IN_FLIGHT requests, MIN_GAP_MS between starts, Retry-After and
 * backoff honoured) and exactly once: the job's state is written after every step, a post is stored before its step
 * is recorded, and storing the same content again changes nothing, so a runner that dies at any point and a new one
 * reading the stored state end with each post stored once.
 */
export class SaveJobRunner {
  readonly #deps: RunnerDeps;
  readonly #jobs = new Map<string, SaveJob>();
  readonly #runs = new Map<string, Promise<void>>();
  readonly #writes = new Map<string, Promise<void>>();
  readonly #wakers = new Set<() => void>();
  #inFlight = 0;
  #lastStart = Number.NEGATIVE_INFINITY;

  constructor(deps: RunnerDeps) {
    this.#deps = deps;
  }

  /** How many jobs are running now (the background keeps itself awake while any is). */
  get active(): number {
    return this.#runs.size;
  }

  /** The live state of a job this runner holds (undefined when it holds none by that id). */
  job(id: string): SaveJob | undefined {
    return this.#jobs.get(id);
  }

  /** Stores a new job and runs it; resolves when it stops (done, paused, cancelled). */
  async start(job: SaveJob): Promise<void> {
    await this.#commit(job);
    return this.run(job.id);
  }

  /** Runs a stored job (once: a second call while it runs joins the first); resolves when it stops. */
  run(id: string): Promise<void> {
    const running = this.#runs.get(id);
    if (running) return running;
    const run = this.#run(id).finally(() => this.#runs.delete(id));
    this.#runs.set(id, run);
    return run;
  }

  /** Pauses, resumes, cancels a job or retries its failed posts; returns the new state. */
  async control(id: string, request: JobAction): Promise<SaveJob | undefined> {
    const current = this.#jobs.get(id) ?? (await this.#deps.loadJob(id));
    if (!current) return undefined;
    const now = this.#deps.clock.now();
    let next = current;
    if (request.action === 'pause') next = pauseJob(current, now);
    else if (request.action === 'resume') next = resumeJob(current, now);
    else if (request.action === 'cancel') next = cancelJob(current, now);
    else if (request.action === 'retry') next = retryFailed(current, now, request.postId);
    if (next !== current) await this.#commit(next);
    this.#wake();
    if (next.status === 'running') void this.run(id);
    return next;
  }

  #wake(): void {
    for (const wake of [...this.#wakers]) wake();
  }

  /** Waits `ms` on the clock, or less when a job changes or a request ends. */
  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.#wakers.delete(finish);
        resolve();
      };
      this.#wakers.add(finish);
      void this.#deps.clock.sleep(ms).then(finish);
    });
  }

  async #commit(job: SaveJob): Promise<void> {
    this.#jobs.set(job.id, job);
    // Writes of one job go in order, so the stored state is never older than one written before it.
    const previous = this.#writes.get(job.id) ?? Promise.resolve();
    const write = previous.catch(() => {}).then(() => this.#deps.saveJob(job));
    this.#writes.set(job.id, write);
    await write;
    this.#deps.onChange?.(job);
  }

  async #run(id: string): Promise<void> {
    const stored = this.#jobs.get(id) ?? (await this.#deps.loadJob(id));
    if (!stored) return;
    this.#jobs.set(id, stored);
    const max = this.#deps.maxInFlight ?? MAX_IN_FLIGHT;
    const gap = this.#deps.minGapMs ?? MIN_GAP_MS;
    const mine = new Set<string>();
    const requests = new Set<Promise<void>>();
    let failure: unknown;
    for (;;) {
      if (failure !== undefined) break;
      const job = this.#jobs.get(id);
      if (job?.status !== 'running') break;
      const post = nextPending(job, mine);
      if (!post) {
        if (requests.size === 0) break;
        await Promise.race(requests);
        continue;
      }
      if (this.#inFlight >= max) {
        await this.#pause(1_000);
        continue;
      }
      const now = this.#deps.clock.now();
      const wait = Math.max(this.#lastStart + gap, job.notBefore) - now;
      if (wait > 0) {
        await this.#pause(wait);
        continue;
      }
      this.#lastStart = now;
      this.#inFlight++;
      mine.add(post.id);
      const request = this.#request(id, post, job.endpoint)
        .catch((error: unknown) => {
          failure = error;
        })
        .finally(() => {
          this.#inFlight--;
          mine.delete(post.id);
          requests.delete(request);
          this.#wake();
        });
      requests.add(request);
    }
    await Promise.all(requests);
    if (failure !== undefined) {
      // The job's state could not be written (storage refused it, or the worker is going): the job is paused with
      // the reason, in memory for the side panel and, if storage takes it now, on disk, so it never looks running.
      const job = this.#jobs.get(id);
      if (job) {
        const halted = haltJob(job, this.#deps.clock.now(), t('sequenceSaveStopped', messageOf(failure)));
        if (halted !== job) await this.#commit(halted).catch(() => {});
      }
      throw failure;
    }
  }

  async #request(id: string, post: JobPost, endpoint: string): Promise<void> {
    let outcome: PostOutcome | null;
    try {
      const fetched = await this.#deps.fetchPost(post, endpoint);
      outcome = outcomeOf(fetched);
      if (fetched.ok) {
        const stored = await this.#deps.storePost(fetched);
        outcome = stored.ok ? { kind: 'saved' } : { kind: 'failed', error: stored.error };
      }
    } catch (error) {
      // A read or store that threw (the offscreen document gone, a storage error) fails this post, listed with
      // Retry, instead of stopping the whole job.
      outcome = { kind: 'failed', error: t('postSaveFailed', post.title, messageOf(error)) };
    }
    const job = this.#jobs.get(id);
    if (!job || !outcome) return;
    const next = applyOutcome(job, post.id, outcome, this.#deps.clock.now());
    if (next !== job) await this.#commit(next);
  }
}
