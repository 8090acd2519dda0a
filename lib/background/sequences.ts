import { browser } from 'wxt/browser';
import { siteUrlPatterns } from '../hosts';
import { t } from '../i18n';
import { isRequest, type Reply, type Request } from '../messages';
import { postIdFromUrl, sequenceTargetFromUrl } from '../parse/url';
import { canonicalSequenceUrl, endpointForPage, fetchOutline, fetchSequencePost } from '../sequences/api';
import { createJob } from '../sequences/job';
import { realClock, SaveJobRunner } from '../sequences/runner';
import { sequenceSaveMessage } from '../sequences/words';
import { getJob, putJob, runningJobs } from '../store/save-jobs';
import { savePost } from '../store/saved-posts';
import { announceSequences, compareOutlines, getSequence, putSequence, sequencesOfPost } from '../store/sequences';
import { requestPersistence } from '../store/storage';
import type { SaveJob, SequenceOutline, SequenceRecord } from '../store/types';
import { type LibraryDeps, tellTab } from './library';

/** Id of the link context-menu item that saves a whole linked sequence or collection. */
export const SAVE_SEQUENCE_MENU_ID = 'lens-save-sequence';

/** Match patterns of sequence and collection URLs (the sequence link menu's target patterns). */
export const SEQUENCE_URL_PATTERNS = siteUrlPatterns([
  '/s/*',
  '/rationality',
  '/codex',
  '/hpmor',
  '/highlights',
  '/collections/*',
]);

type SequenceType =
  | 'sequence-info'
  | 'sequence-save'
  | 'sequence-job'
  | 'sequence-control'
  | 'sequence-check'
  | 'sequence-update';
type SequenceRequest = { [K in SequenceType]: Request<K> }[SequenceType];
const TYPES = new Set<string>([
  'sequence-info',
  'sequence-save',
  'sequence-job',
  'sequence-control',
  'sequence-check',
  'sequence-update',
]);

/** The save-job side of the background: one runner, the messages that start, watch and steer jobs. */
export type SequenceService = {
  handle: (message: unknown) => Promise<unknown> | undefined;
  /** Goes on with every job that was running when the worker stopped. */
  resume: () => Promise<void>;
  /** Starts saving the sequence or collection a URL names. */
  save: (url: string) => Promise<Reply<'sequence-save'>>;
  /** Whether a job is running now. */
  busy: () => boolean;
};

/** Builds the sequence service over the library's dependencies (database, fetch, DOM work, images). */
export function sequenceService(deps: LibraryDeps, runnerClock = realClock): SequenceService {
  const api = () => ({ fetch: deps.fetch, endpointFor: deps.endpointFor, now: runnerClock.now });
  let first = true;
  const runner = new SaveJobRunner({
    clock: runnerClock,
    loadJob: async (id) => getJob(await deps.db(), id),
    saveJob: async (job) => putJob(await deps.db(), job),
    fetchPost: (post, endpoint) => fetchSequencePost(post, endpoint, api()),
    storePost: async (fetched) => {
      const dom = deps.dom;
      if (!dom) return { ok: false, error: t('noDom') };
      const read = await dom.read(fetched);
      if (!read.ok) return read;
      const saved = await savePost(await deps.db(), read.post, {
        now: deps.now?.(),
        images: deps.images ?? undefined,
      });
      if (saved.ok && saved.firstSave && first) {
        first = false;
        void requestPersistence();
      }
      return saved.ok ? { ok: true } : { ok: false, error: saved.error };
    },
    onChange: (job) => announceSequences([job.id]),
  });

  const start = async (outline: SequenceOutline, previous: SequenceRecord | undefined): Promise<SaveJob> => {
    const db = await deps.db();
    const before = new Map(previous?.chapters.flatMap((c) => c.posts.map((p) => [p.id, p.version])) ?? []);
    const savedAt = new Map<string, number>();
    for (const chapter of outline.chapters)
      for (const p of chapter.posts) {
        const entry = await db.get('entries', p.id);
        if (entry) savedAt.set(p.id, entry.savedAt);
      }
    const now = runnerClock.now();
    // Which saved posts are current (not fetched again): one saved with this sequence is current while the site lists
    // the same revision; one saved on its own (no revision on record) is current when it was saved after the site's
    // revision was made, and fetched when the site does not say when that was (storing the same text again is free).
    const job = createJob(outline, endpointForPage(outline.url, deps), now, (ref) => {
      const at = savedAt.get(ref.id);
      if (at === undefined) return false;
      const old = before.get(ref.id);
      if (old !== undefined) return ref.version === undefined || old === ref.version;
      return ref.editedAt !== undefined && at >= ref.editedAt;
    });
    await putSequence(db, outline, now);
    void runner.start(job).catch(() => {});
    return job;
  };

  const save = async (url: string): Promise<Reply<'sequence-save'>> => {
    const outline = await fetchOutline(url, api());
    if (!outline.ok) return { ok: false, error: outline.error };
    const db = await deps.db();
    const running = runner.job(outline.outline.id) ?? (await getJob(db, outline.outline.id));
    if (running && (running.status === 'running' || running.status === 'paused')) {
      return { ok: true, id: running.id, total: running.posts.length, title: running.title, already: true };
    }
    const job = await start(outline.outline, await getSequence(db, outline.outline.id));
    return { ok: true, id: job.id, total: job.posts.length, title: job.title };
  };

  const info = async (url: string, postId?: string): Promise<Reply<'sequence-info'>> => {
    const db = await deps.db();
    const member = postId ? await sequencesOfPost(db, postId) : [];
    let target = sequenceTargetFromUrl(url);
    let address = url;
    if (!target && postId && member.length === 0) {
      // A plain post page: the API says whether it belongs to a canonical sequence.
      const canonical = await canonicalSequenceUrl(url, postId, api());
      if (canonical) {
        address = canonical;
        target = sequenceTargetFromUrl(canonical);
      }
    }
    const reply: Reply<'sequence-info'> = { member };
    if (!target) return reply;
    const outline = await fetchOutline(address, api(), target);
    if (!outline.ok) return { ...reply, error: outline.error };
    const { id, title, kind } = outline.outline;
    const total = new Set(outline.outline.chapters.flatMap((c) => c.posts.map((p) => p.id))).size;
    const job = runner.job(id) ?? (await getJob(db, id));
    const savedRecord = await getSequence(db, id);
    if (savedRecord && !member.some((s) => s.id === id)) reply.member = [savedRecord, ...member];
    reply.target = { url: address, id, title, kind, total };
    if (job) reply.job = job;
    return reply;
  };

  const handle = (message: unknown): Promise<unknown> | undefined => {
    if (!isRequest(message) || !TYPES.has(message.type)) return undefined;
    const m = message as SequenceRequest;
    const run = async (): Promise<unknown> => {
      const db = await deps.db();
      switch (m.type) {
        case 'sequence-info':
          return info(m.url, m.postId ?? postIdFromUrl(m.url) ?? undefined);
        case 'sequence-save':
          return save(m.url);
        case 'sequence-job':
          return { job: runner.job(m.id) ?? (await getJob(db, m.id)) } satisfies Reply<'sequence-job'>;
        case 'sequence-control':
          return {
            job: await runner.control(
              m.id,
              m.action === 'retry' ? { action: 'retry', postId: m.postId } : { action: m.action },
            ),
          } satisfies Reply<'sequence-control'>;
        case 'sequence-check': {
          const saved = await getSequence(db, m.id);
          if (!saved) return { ok: false, error: 'This sequence is not saved.' } satisfies Reply<'sequence-check'>;
          const fresh = await fetchOutline(saved.url, api());
          if (!fresh.ok) return { ok: false, error: fresh.error } satisfies Reply<'sequence-check'>;
          return { ok: true, changes: compareOutlines(saved, fresh.outline) } satisfies Reply<'sequence-check'>;
        }
        case 'sequence-update': {
          const saved = await getSequence(db, m.id);
          if (!saved) return { ok: false, error: 'This sequence is not saved.' } satisfies Reply<'sequence-update'>;
          const fresh = await fetchOutline(saved.url, api());
          if (!fresh.ok) return { ok: false, error: fresh.error } satisfies Reply<'sequence-update'>;
          const job = await start(fresh.outline, saved);
          return { ok: true, id: job.id, total: job.posts.length, title: job.title } satisfies Reply<'sequence-update'>;
        }
      }
    };
    return run().catch((error: unknown) => ({ ok: false, error: t('lensFailed', String(error)) }));
  };

  const resume = async () => {
    const jobs = await runningJobs(await deps.db());
    for (const job of jobs) void runner.run(job.id).catch(() => {});
  };

  return { handle, resume, save, busy: () => runner.active > 0 };
}

/** Saves the sequence a link names (the link menu) and tells the reader on the tab, as a post link save does. */
export async function saveLinkedSequence(
  save: SequenceService['save'],
  url: string,
  tabId: number | undefined,
  tell: (tabId: number | undefined, text: string, ok: boolean) => Promise<void>,
): Promise<void> {
  const reply = await save(url).catch(
    (error: unknown): Reply<'sequence-save'> => ({
      ok: false,
      error: t('sequenceSaveFailed', String(error)),
    }),
  );
  await tell(tabId, sequenceSaveMessage(reply), reply.ok);
}

/** Registers the sequence service: its messages, its link menu, and the resumption of jobs a stopped worker left. */
export function registerSequences(deps: LibraryDeps): void {
  const service = sequenceService(deps);
  browser.runtime.onMessage.addListener(service.handle as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  void service.resume();
  // Chrome stops an idle service worker after 30 s; a wait for Retry-After or a lost network is idle time. Any
  // extension API call resets that timer, so while a job runs one is made every 20 s (the job would resume from
  // IndexedDB anyway when something woke the worker; this keeps it from waiting for that).
  setInterval(() => {
    if (service.busy()) void browser.runtime.getPlatformInfo().catch(() => {});
  }, 20_000);
  if (!browser.contextMenus) return;
  browser.runtime.onInstalled.addListener(() => {
    try {
      browser.contextMenus.create(
        {
          id: SAVE_SEQUENCE_MENU_ID,
          title: t('menuSaveSequence'),
          contexts: ['link'],
          targetUrlPatterns: SEQUENCE_URL_PATTERNS,
        },
        () => void browser.runtime.lastError,
      );
    } catch {
      // Exists from an earlier run of this worker.
    }
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== SAVE_SEQUENCE_MENU_ID || !info.linkUrl) return;
    void saveLinkedSequence(service.save, info.linkUrl, tab?.id, tellTab);
  });
}
