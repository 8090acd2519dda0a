import { describe, expect, test } from 'vitest';
import { parseDocument } from '../../lib/parse/document';
import { fetchOutline, fetchSequencePost } from '../../lib/sequences/api';
import { applyOutcome, createJob, jobProgress, pauseJob, resumeJob } from '../../lib/sequences/job';
import { type Clock, type RunnerDeps, SaveJobRunner } from '../../lib/sequences/runner';
import type { LensDatabase } from '../../lib/store/db';
import { readApiPost } from '../../lib/store/remote';
import { getJob, putJob } from '../../lib/store/save-jobs';
import { allSaved, savePost } from '../../lib/store/saved-posts';
import type { SaveJob, SequenceOutline } from '../../lib/store/types';
import { type FakeSite, fakeFetch, sequenceSite } from '../fixtures-store/lesswrong-api';
import { freshDB, sanitize } from '../store/helpers';

const ENDPOINT = 'https://www.lesswrong.com/graphql';
const PAGE = 'https://www.lesswrong.com/s/fixtureSequence01';

/** A discrete-event clock: `sleep` registers a timer; `drive` runs the work, jumping time to the next timer when idle. */
class FakeClock implements Clock {
  t = 1_000_000;
  timers: { at: number; resolve: () => void }[] = [];
  now = () => this.t;
  sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), resolve });
    });
  async drive<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let idle = 0; !settled; ) {
      await new Promise((r) => setTimeout(r, 0));
      if (settled) break;
      if (this.timers.length === 0) {
        if (++idle > 200) throw new Error('the work waits on nothing the clock can advance');
        continue;
      }
      idle = 0;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift()!;
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
    return work;
  }
}

type Log = { starts: { id: string; at: number }[]; inFlight: number; maxInFlight: number };

/** The fake site over HTTP-like fetches that take 50 ms of clock time, with hooks to answer 429 or fail. */
function siteFetch(
  site: FakeSite,
  clock: FakeClock,
  log: Log,
  hook: (n: number, id: string) => Response | 'offline' | undefined = () => undefined,
): typeof fetch {
  const inner = fakeFetch(site);
  let n = 0;
  return (async (url: string, init?: RequestInit) => {
    const id = (JSON.parse(String(init?.body)) as { variables: { id: string } }).variables.id;
    log.starts.push({ id, at: clock.now() });
    log.inFlight++;
    log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
    try {
      await clock.sleep(50);
      const special = hook(++n, id);
      if (special === 'offline') throw new TypeError('Failed to fetch');
      if (special) return special;
      return await inner(url, init);
    } finally {
      log.inFlight--;
    }
  }) as typeof fetch;
}

function deps(
  db: LensDatabase,
  clock: FakeClock,
  fetch: typeof globalThis.fetch,
  over: Partial<RunnerDeps> = {},
): RunnerDeps & { changes: SaveJob[] } {
  const changes: SaveJob[] = [];
  return {
    clock,
    loadJob: (id) => getJob(db, id),
    saveJob: (job) => putJob(db, job),
    fetchPost: (post, endpoint) => fetchSequencePost(post, endpoint, { fetch, now: clock.now }),
    storePost: async (fetched) => {
      const read = readApiPost(fetched, { parseDocument });
      if (!read.ok) return read;
      const saved = await savePost(db, read.post, { sanitize, now: clock.now() });
      return saved.ok ? { ok: true } : { ok: false, error: saved.error };
    },
    onChange: (job) => changes.push(job),
    changes,
    ...over,
  };
}

async function outlineOf(site: FakeSite): Promise<SequenceOutline> {
  const r = await fetchOutline(PAGE, { fetch: fakeFetch(site), endpointFor: () => ENDPOINT });
  if (!r.ok) throw new Error(r.error);
  return r.outline;
}

const newLog = (): Log => ({ starts: [], inFlight: 0, maxInFlight: 0 });

describe('a whole-sequence save job', () => {
  test('stores every post once, in reading order, politely (≤2 in flight, ≥250 ms between starts)', async () => {
    const site = sequenceSite({ chapterSizes: [7, 6] });
    const outline = await outlineOf(site);
    const db = await freshDB('job-a');
    const clock = new FakeClock();
    const log = newLog();
    const runner = new SaveJobRunner(deps(db, clock, siteFetch(site, clock, log)));
    await clock.drive(runner.start(createJob(outline, ENDPOINT, clock.now())));
    const order = outline.chapters.flatMap((c) => c.posts.map((p) => p.id));
    expect(order).toHaveLength(13);
    expect(log.starts.map((s) => s.id)).toEqual(order);
    for (let i = 1; i < log.starts.length; i++) {
      expect(log.starts[i]!.at - log.starts[i - 1]!.at).toBeGreaterThanOrEqual(250);
    }
    expect(log.maxInFlight).toBeLessThanOrEqual(2);
    const saved = await allSaved(db);
    expect(saved.map((s) => s.entry.id).sort()).toEqual([...order].sort());
    expect(saved.every((s) => s.record.versions.length === 0)).toBe(true);
    const job = await getJob(db, outline.id);
    expect(job?.status).toBe('done');
    expect(jobProgress(job!)).toMatchObject({ done: 13, total: 13, failed: [] });
  });

  test('a 429 with Retry-After slows the job down and it still completes', async () => {
    const site = sequenceSite({ chapterSizes: [4, 4] });
    const outline = await outlineOf(site);
    const db = await freshDB('job-b');
    const clock = new FakeClock();
    const log = newLog();
    const busy = (n: number) =>
      n === 3 ? new Response('slow down', { status: 429, headers: { 'retry-after': '5' } }) : undefined;
    const runner = new SaveJobRunner(deps(db, clock, siteFetch(site, clock, log, busy)));
    await clock.drive(runner.start(createJob(outline, ENDPOINT, clock.now())));
    // The third request (answered at start+50) was refused: nothing starts until 5 s after that answer.
    const refusedAt = log.starts[2]!.at + 50;
    const later = log.starts.slice(3).filter((s) => s.at > log.starts[2]!.at);
    const afterRefusal = later.filter((s) => s.at >= refusedAt);
    expect(afterRefusal.length).toBeGreaterThan(0);
    expect(afterRefusal[0]!.at - refusedAt).toBeGreaterThanOrEqual(5000);
    expect(log.starts.filter((s) => s.id === log.starts[2]!.id)).toHaveLength(2);
    expect((await allSaved(db)).length).toBe(8);
    expect((await getJob(db, outline.id))?.status).toBe('done');
  });

  test('with the network gone mid-job it waits, says so, and resumes by itself', async () => {
    const site = sequenceSite({ chapterSizes: [3, 3] });
    const outline = await outlineOf(site);
    const db = await freshDB('job-c');
    const clock = new FakeClock();
    const log = newLog();
    const offline = (n: number) => (n >= 3 && n <= 6 ? 'offline' : undefined);
    const d = deps(db, clock, siteFetch(site, clock, log, offline));
    await clock.drive(new SaveJobRunner(d).start(createJob(outline, ENDPOINT, clock.now())));
    expect(d.changes.some((j) => j.waiting?.includes('network is gone'))).toBe(true);
    const job = await getJob(db, outline.id);
    expect(job).toMatchObject({ status: 'done' });
    expect(job?.waiting).toBeUndefined();
    expect((await allSaved(db)).length).toBe(6);
  });

  test('pause stops new requests, resume finishes, cancel keeps what was stored', async () => {
    const site = sequenceSite({ chapterSizes: [5, 5] });
    const outline = await outlineOf(site);
    const db = await freshDB('job-d');
    const clock = new FakeClock();
    const log = newLog();
    let runner: SaveJobRunner;
    const d = deps(db, clock, siteFetch(site, clock, log), {
      onChange: (job) => {
        if (job.status === 'running' && jobProgress(job).done === 3) void runner.control(job.id, { action: 'pause' });
      },
    });
    runner = new SaveJobRunner(d);
    await clock.drive(runner.start(createJob(outline, ENDPOINT, clock.now())));
    const paused = await getJob(db, outline.id);
    expect(paused?.status).toBe('paused');
    const savedWhilePaused = (await allSaved(db)).length;
    expect(savedWhilePaused).toBeGreaterThanOrEqual(3);
    expect(savedWhilePaused).toBeLessThan(10);
    // Time passes; nothing is requested while paused.
    const requests = log.starts.length;
    await clock.drive(clock.sleep(60_000));
    expect(log.starts.length).toBe(requests);
    // Cancel from paused: the stored posts stay, nothing more is fetched.
    const runner2 = new SaveJobRunner(deps(db, clock, siteFetch(site, clock, log)));
    expect((await runner2.control(outline.id, { action: 'cancel' }))?.status).toBe('cancelled');
    expect((await runner2.control(outline.id, { action: 'resume' }))?.status).toBe('cancelled');
    expect((await allSaved(db)).length).toBe(savedWhilePaused);
    // A paused job resumed goes to the end.
    const db2 = await freshDB('job-d2');
    const paused2 = pauseJob(createJob(outline, ENDPOINT, clock.now()), clock.now());
    await putJob(db2, paused2);
    const runner3 = new SaveJobRunner(deps(db2, clock, siteFetch(site, clock, newLog())));
    const resumed = runner3.control(outline.id, { action: 'resume' });
    await clock.drive(resumed.then(() => runner3.run(outline.id)));
    expect((await getJob(db2, outline.id))?.status).toBe('done');
    expect((await allSaved(db2)).length).toBe(10);
  });

  test('a post the API refuses is listed with its title; Retry saves it once the site has it again', async () => {
    const site = sequenceSite({ chapterSizes: [3] });
    const outline = await outlineOf(site);
    const gone = site.posts.get('seqpost0000000002')!;
    site.posts.delete(gone._id);
    const db = await freshDB('job-e');
    const clock = new FakeClock();
    const runner = new SaveJobRunner(deps(db, clock, siteFetch(site, clock, newLog())));
    await clock.drive(runner.start(createJob(outline, ENDPOINT, clock.now())));
    const job = (await getJob(db, outline.id))!;
    expect(job.status).toBe('done');
    const { failed, done } = jobProgress(job);
    expect(done).toBe(2);
    expect(failed.map((f) => f.error)).toEqual([expect.stringContaining(gone.title)]);
    site.posts.set(gone._id, gone);
    await clock.drive(
      runner.control(outline.id, { action: 'retry', postId: gone._id }).then(() => runner.run(outline.id)),
    );
    expect(jobProgress((await getJob(db, outline.id))!)).toMatchObject({ done: 3, failed: [] });
  });

  test('posts already in the library as the site has them are not fetched again', async () => {
    const site = sequenceSite({ chapterSizes: [4] });
    const outline = await outlineOf(site);
    const db = await freshDB('job-f');
    const clock = new FakeClock();
    const log = newLog();
    const current = new Set(['seqpost0000000001', 'seqpost0000000003']);
    const runner = new SaveJobRunner(deps(db, clock, siteFetch(site, clock, log)));
    await clock.drive(runner.start(createJob(outline, ENDPOINT, clock.now(), (ref) => current.has(ref.id))));
    expect(log.starts.map((s) => s.id)).toEqual(['seqpost0000000002', 'seqpost0000000004']);
    expect(jobProgress((await getJob(db, outline.id))!)).toMatchObject({ done: 4, total: 4 });
  });

  test('a duplicate delivery counts once', async () => {
    const site = sequenceSite({ chapterSizes: [2] });
    const outline = await outlineOf(site);
    const job = createJob(outline, ENDPOINT, 0);
    const once = applyOutcome(job, 'seqpost0000000001', { kind: 'saved' }, 1);
    expect(applyOutcome(once, 'seqpost0000000001', { kind: 'saved' }, 2)).toBe(once);
    expect(applyOutcome(once, 'seqpost0000000001', { kind: 'failed', error: 'late' }, 3)).toBe(once);
    expect(applyOutcome(once, 'notInThisJobAbcde', { kind: 'saved' }, 3)).toBe(once);
    expect(resumeJob(once, 4)).toBe(once);
    // And a post delivered twice to the store is one post with no extra version.
    const db = await freshDB('job-g');
    const clock = new FakeClock();
    const d = deps(db, clock, siteFetch(site, clock, newLog()));
    const fetched = await fetchSequencePost(outline.chapters[0]!.posts[0]!, ENDPOINT, { fetch: fakeFetch(site) });
    if (!fetched.ok) throw new Error(fetched.error);
    await d.storePost(fetched);
    await d.storePost(fetched);
    const saved = await allSaved(db);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.record.versions).toEqual([]);
  });
});

describe('a job survives its worker dying at any step', () => {
  test('crash at every step, then a new runner from the stored state: each post stored exactly once', async () => {
    const site = sequenceSite({ chapterSizes: [3, 2] });
    const outline = await outlineOf(site);
    const ids = outline.chapters.flatMap((c) => c.posts.map((p) => p.id)).sort();
    // Count the steps (job writes and post writes) of an undisturbed run.
    let steps = 0;
    {
      const db = await freshDB('crash-count');
      const clock = new FakeClock();
      const d = deps(db, clock, siteFetch(site, clock, newLog()));
      const counting: RunnerDeps = {
        ...d,
        saveJob: (job) => (steps++, d.saveJob(job)),
        storePost: (f) => (steps++, d.storePost(f)),
      };
      await clock.drive(new SaveJobRunner(counting).start(createJob(outline, ENDPOINT, clock.now())));
    }
    expect(steps).toBeGreaterThan(10);
    for (let crashAt = 0; crashAt < steps; crashAt++) {
      const db = await freshDB(`crash-${crashAt}`);
      const clock = new FakeClock();
      const d = deps(db, clock, siteFetch(site, clock, newLog()));
      let step = 0;
      let dead = false;
      const die = <T>(work: () => Promise<T>): Promise<T> => {
        if (dead || step++ === crashAt) {
          dead = true;
          return Promise.reject(new Error('worker stopped'));
        }
        return work();
      };
      const dying: RunnerDeps = {
        ...d,
        saveJob: (job) => die(() => d.saveJob(job)),
        storePost: (f) => die(() => d.storePost(f)),
      };
      await expect(
        clock.drive(new SaveJobRunner(dying).start(createJob(outline, ENDPOINT, clock.now()))),
      ).rejects.toThrow('worker stopped');
      // The new worker: the job as stored, or (crashed before the first write) the reader starts it again.
      const runner = new SaveJobRunner(deps(db, clock, siteFetch(site, clock, newLog())));
      const stored = await getJob(db, outline.id);
      await clock.drive(stored ? runner.run(outline.id) : runner.start(createJob(outline, ENDPOINT, clock.now())));
      const saved = await allSaved(db);
      expect(saved.map((s) => s.entry.id).sort(), `crash at step ${crashAt}`).toEqual(ids);
      expect(
        saved.every((s) => s.record.versions.length === 0),
        `crash at step ${crashAt}`,
      ).toBe(true);
      const job = (await getJob(db, outline.id))!;
      expect(job.status, `crash at step ${crashAt}`).toBe('done');
      expect(jobProgress(job), `crash at step ${crashAt}`).toMatchObject({ done: ids.length, failed: [] });
    }
  });
});

describe('a job whose post storing or state writing throws is never left looking like it runs', () => {
  test('a store that throws (the offscreen document failing outright) fails that post, listed with Retry', async () => {
    const site = sequenceSite({ chapterSizes: [4] });
    const outline = await outlineOf(site);
    const db = await freshDB('job-throw-store');
    const clock = new FakeClock();
    const base = deps(db, clock, siteFetch(site, clock, newLog()));
    let broken = true;
    const runner = new SaveJobRunner({
      ...base,
      storePost: (fetched) =>
        broken && fetched.api._id === 'seqpost0000000002'
          ? Promise.reject(new Error('The offscreen document closed'))
          : base.storePost(fetched),
    });
    await clock.drive(runner.start(createJob(outline, ENDPOINT, clock.now())));
    const job = (await getJob(db, outline.id))!;
    expect(job.status).toBe('done');
    const { done, failed } = jobProgress(job);
    expect(done).toBe(3);
    expect(failed.map((f) => f.id)).toEqual(['seqpost0000000002']);
    expect(failed[0]!.error).toContain('The offscreen document closed');
    expect(failed[0]!.error).toContain(site.posts.get('seqpost0000000002')!.title);
    broken = false;
    await clock.drive(runner.control(outline.id, { action: 'retry' }).then(() => runner.run(outline.id)));
    expect(jobProgress((await getJob(db, outline.id))!)).toMatchObject({ done: 4, failed: [] });
    expect((await allSaved(db)).length).toBe(4);
  });

  test('a job state write that throws pauses the job with the reason; Resume finishes it', async () => {
    const site = sequenceSite({ chapterSizes: [5] });
    const outline = await outlineOf(site);
    const db = await freshDB('job-throw-write');
    const clock = new FakeClock();
    const base = deps(db, clock, siteFetch(site, clock, newLog()));
    let writes = 0;
    const runner = new SaveJobRunner({
      ...base,
      saveJob: (job) => (++writes === 3 ? Promise.reject(new Error('QuotaExceededError')) : base.saveJob(job)),
    });
    await expect(clock.drive(runner.start(createJob(outline, ENDPOINT, clock.now())))).rejects.toThrow(
      'QuotaExceededError',
    );
    const stored = (await getJob(db, outline.id))!;
    expect(stored.status).toBe('paused');
    expect(stored.waiting).toContain('QuotaExceededError');
    expect(runner.job(outline.id)).toMatchObject({ status: 'paused', waiting: stored.waiting });
    expect(runner.active).toBe(0);
    await clock.drive(runner.control(outline.id, { action: 'resume' }).then(() => runner.run(outline.id)));
    const job = (await getJob(db, outline.id))!;
    expect(job.status).toBe('done');
    expect(job.waiting).toBeUndefined();
    expect((await allSaved(db)).map((s) => s.entry.id).sort()).toEqual(
      outline.chapters.flatMap((c) => c.posts.map((p) => p.id)).sort(),
    );
  });
});
