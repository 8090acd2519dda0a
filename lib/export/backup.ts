import { t } from '../i18n';
import type { Post } from '../model';
import { announce } from '../store/changes';
import { cleanPost, postProblem, type Sanitizer } from '../store/clean';
import type { LensDatabase } from '../store/db';
import {
  allSaved,
  bumpGeneration,
  entryFieldsOf,
  inTransaction,
  isQuotaError,
  quotaMessage,
  storedSize,
} from '../store/saved-posts';
import { announceSequences, orderedPostIds } from '../store/sequences';
import { contentHash } from '../store/text';
import type { PostVersion, ReadingPosition, SavedEntry, SavedPost, SequenceRecord } from '../store/types';

/** The format tag of a Lens backup file. */
export const BACKUP_FORMAT = 'lens-backup';
/** The backup format version this code writes (2 adds saved sequences); it reads every version up to it. */
export const BACKUP_VERSION = 2;

/** One saved post in a backup: its content, earlier versions, tags, read state, dates and reading position. */
export type BackupPost = {
  post: Post;
  versions: PostVersion[];
  tags: string[];
  read: boolean;
  /** Epoch milliseconds of the first save. */
  savedAt: number;
  /** Epoch milliseconds of the last content change. */
  updatedAt: number;
  updatedSinceSaved: boolean;
  urls: string[];
  position?: ReadingPosition;
  /** How far the reader got, 0 to 1 (optional: backups written before it lack it). */
  progress?: number;
  readAt?: number;
};

/** A whole-library backup file. */
export type Backup = {
  format: typeof BACKUP_FORMAT;
  version: number;
  exportedAt: string;
  posts: BackupPost[];
  /** Saved sequences and collections (version 2; absent in version-1 files). */
  sequences?: SequenceRecord[];
};

/** The backup form of a saved post. */
export function toBackupPost({ entry, record }: SavedPost): BackupPost {
  const out: BackupPost = {
    post: record.post,
    versions: record.versions,
    tags: entry.tags,
    read: entry.read,
    savedAt: entry.savedAt,
    updatedAt: entry.updatedAt,
    updatedSinceSaved: entry.updatedSinceSaved,
    urls: entry.urls,
  };
  if (record.position) out.position = record.position;
  if (entry.progress !== undefined) out.progress = entry.progress;
  if (entry.readAt !== undefined) out.readAt = entry.readAt;
  return out;
}

/** The stored form of a backup post, derived fields recomputed. */
export function fromBackupPost(b: BackupPost): SavedPost {
  const post = b.post;
  const entry: SavedEntry = {
    ...entryFieldsOf(post),
    urls: b.urls,
    savedAt: b.savedAt,
    updatedAt: b.updatedAt,
    updatedSinceSaved: b.updatedSinceSaved,
    tags: b.tags,
    read: b.read,
    versions: b.versions.length,
    size: storedSize({ post, versions: b.versions }),
  };
  if (typeof b.progress === 'number' && b.progress >= 0 && b.progress <= 1) entry.progress = b.progress;
  if (typeof b.readAt === 'number') entry.readAt = b.readAt;
  const record: SavedPost['record'] = {
    id: post.id,
    post,
    hash: contentHash(post),
    versions: b.versions,
  };
  if (b.position) record.position = b.position;
  return { entry, record };
}

/** A backup of the given saved posts and sequences. */
export function makeBackup(
  saved: readonly SavedPost[],
  now: Date = new Date(),
  sequences: readonly SequenceRecord[] = [],
): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now.toISOString(),
    posts: saved.map(toBackupPost),
    sequences: [...sequences],
  };
}

const SEQUENCE_ID = /^[A-Za-z0-9]{10,24}$/;
const isText = (v: unknown): v is string => typeof v === 'string';

function sequenceProblem(v: unknown): string | null {
  if (!isObject(v)) return 'not an object';
  const extra = onlyKeys(v, [
    'id',
    'kind',
    'title',
    'author',
    'url',
    'source',
    'chapters',
    'postIds',
    'savedAt',
    'updatedAt',
  ]);
  if (extra) return extra;
  if (!isText(v.id) || !SEQUENCE_ID.test(v.id)) return 'id is missing or malformed';
  if (v.kind !== 'sequence' && v.kind !== 'collection') return 'kind is neither sequence nor collection';
  if (!isText(v.title) || !isText(v.url) || !isText(v.source)) return 'title, address or site missing';
  if (v.author !== undefined && !isText(v.author)) return 'author is not text';
  if (!['lesswrong', 'alignmentforum', 'eaforum', 'greaterwrong'].includes(v.source)) return 'unknown site';
  if (!/^https?:\/\//.test(v.url)) return 'address is not a web address';
  if (!isTime(v.savedAt) || !isTime(v.updatedAt)) return 'dates missing';
  if (!Array.isArray(v.chapters)) return 'chapters missing';
  for (const [i, c] of v.chapters.entries()) {
    if (!isObject(c) || onlyKeys(c, ['title', 'posts']) || !isText(c.title) || !Array.isArray(c.posts)) {
      return `chapter ${i + 1} is malformed`;
    }
    for (const p of c.posts) {
      if (!isObject(p) || onlyKeys(p, ['id', 'title', 'url', 'version']))
        return `chapter ${i + 1}: a post is malformed`;
      if (!isText(p.id) || !isText(p.title) || !isText(p.url) || !/^https?:\/\//.test(p.url)) {
        return `chapter ${i + 1}: a post is malformed`;
      }
      if (p.version !== undefined && !isText(p.version)) return `chapter ${i + 1}: a post is malformed`;
    }
  }
  if (!isStrings(v.postIds)) return 'post ids are not a list of text';
  return null;
}

type Check = { ok: true; backup: Backup } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): string | null {
  const extra = Object.keys(o).find((k) => !allowed.includes(k));
  return extra === undefined ? null : `unexpected field "${extra}"`;
}

function positionProblem(p: unknown): string | null {
  if (!isObject(p)) return 'position is not an object';
  const extra = onlyKeys(p, ['headingId', 'paragraph', 'block', 'fingerprint', 'updatedAt']);
  if (extra) return `position: ${extra}`;
  if (!(p.headingId === null || typeof p.headingId === 'string')) return 'position heading is not text';
  if (!Number.isInteger(p.paragraph) || !Number.isInteger(p.block)) return 'position index is not a number';
  if (typeof p.fingerprint !== 'string' || !isTime(p.updatedAt)) return 'position fingerprint or date missing';
  return null;
}

function backupPostProblem(v: unknown): string | null {
  if (!isObject(v)) return 'not an object';
  const extra = onlyKeys(v, [
    'post',
    'versions',
    'tags',
    'read',
    'savedAt',
    'updatedAt',
    'updatedSinceSaved',
    'urls',
    'position',
    'progress',
    'readAt',
  ]);
  if (extra) return extra;
  const post = postProblem(v.post);
  if (post) return `post: ${post}`;
  if (!Array.isArray(v.versions)) return 'versions missing';
  for (const [i, ver] of v.versions.entries()) {
    if (!isObject(ver) || onlyKeys(ver, ['post', 'savedAt', 'hash'])) return `version ${i + 1} is malformed`;
    const p = postProblem(ver.post);
    if (p) return `version ${i + 1}: ${p}`;
    if (!isTime(ver.savedAt) || typeof ver.hash !== 'string') return `version ${i + 1}: date or hash missing`;
  }
  if (!isStrings(v.tags)) return 'tags are not a list of text';
  if (typeof v.read !== 'boolean' || typeof v.updatedSinceSaved !== 'boolean') return 'read state missing';
  if (!isTime(v.savedAt) || !isTime(v.updatedAt)) return 'dates missing';
  if (!isStrings(v.urls)) return 'urls are not a list of text';
  if (v.position !== undefined) return positionProblem(v.position);
  return null;
}

/** Checks that a parsed file is a Lens backup this version can read; the error says what is wrong in plain words. */
export function validateBackup(data: unknown): Check {
  if (!isObject(data) || data.format !== BACKUP_FORMAT) {
    return { ok: false, error: t('backupNotLens') };
  }
  if (typeof data.version !== 'number' || !Number.isInteger(data.version) || data.version < 1) {
    return { ok: false, error: t('backupNoVersion') };
  }
  if (data.version > BACKUP_VERSION) {
    return {
      ok: false,
      error: t('backupNewer', String(data.version)),
    };
  }
  const extra = onlyKeys(
    data,
    data.version >= 2
      ? ['format', 'version', 'exportedAt', 'posts', 'sequences']
      : ['format', 'version', 'exportedAt', 'posts'],
  );
  if (extra) return { ok: false, error: t('backupDamaged', extra) };
  if (typeof data.exportedAt !== 'string' || Number.isNaN(Date.parse(data.exportedAt))) {
    return { ok: false, error: t('backupNoDate') };
  }
  if (!Array.isArray(data.posts)) return { ok: false, error: t('backupNoPosts') };
  const seen = new Set<string>();
  for (const [i, p] of data.posts.entries()) {
    const problem = backupPostProblem(p);
    if (problem) return { ok: false, error: t('backupBadPost', i + 1, problem) };
    const id = (p as BackupPost).post.id;
    if (seen.has(id)) return { ok: false, error: t('backupDuplicate', id) };
    seen.add(id);
  }
  if (data.sequences !== undefined) {
    if (!Array.isArray(data.sequences)) return { ok: false, error: t('backupNoSequenceList') };
    for (const [i, sq] of data.sequences.entries()) {
      const problem = sequenceProblem(sq);
      if (problem)
        return {
          ok: false,
          error: t('backupBadSequence', i + 1, problem),
        };
    }
  }
  return { ok: true, backup: data as Backup };
}

/** Parses and validates backup file text. */
export function parseBackup(text: string): Check {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: t('backupNotJson') };
  }
  return validateBackup(data);
}

/** A backup post with every HTML string sanitised (content and versions). */
export function cleanBackupPost(b: BackupPost, sanitize?: Sanitizer): BackupPost {
  const out: BackupPost = {
    ...b,
    post: cleanPost(b.post, sanitize),
    versions: b.versions.map((v) => {
      const post = cleanPost(v.post, sanitize);
      return { post, savedAt: v.savedAt, hash: contentHash(post) };
    }),
    tags: [...b.tags],
    urls: [...b.urls],
  };
  return out;
}

/** What merging one backup post did to the library. */
export type MergeOutcome = 'added' | 'merged' | 'unchanged';

/**
 * Merges a backup post into what the library holds for the same id without losing anything: the newer content is
 * current, every other distinct content is kept as a version, tags and URLs are unioned, read wins, the first save
 * date and the latest position are kept.
 */
export function mergeBackupPost(
  existing: BackupPost | undefined,
  incoming: BackupPost,
): { merged: BackupPost; outcome: MergeOutcome } {
  if (!existing) return { merged: incoming, outcome: 'added' };
  const incomingWins = incoming.updatedAt > existing.updatedAt;
  const winner = incomingWins ? incoming : existing;
  const currentHash = contentHash(winner.post);
  const contents: PostVersion[] = [
    { post: existing.post, savedAt: existing.updatedAt, hash: contentHash(existing.post) },
    ...existing.versions,
    { post: incoming.post, savedAt: incoming.updatedAt, hash: contentHash(incoming.post) },
    ...incoming.versions,
  ];
  const seen = new Set([currentHash]);
  const versions: PostVersion[] = [];
  for (const v of contents) {
    if (seen.has(v.hash)) continue;
    seen.add(v.hash);
    versions.push(v);
  }
  versions.sort((a, b) => b.savedAt - a.savedAt);
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
  const merged: BackupPost = {
    post: winner.post,
    versions,
    tags: union(existing.tags, incoming.tags).sort(),
    read: existing.read || incoming.read,
    savedAt: Math.min(existing.savedAt, incoming.savedAt),
    updatedAt: Math.max(existing.updatedAt, incoming.updatedAt),
    updatedSinceSaved: incomingWins
      ? incoming.updatedSinceSaved || currentHash !== contentHash(existing.post)
      : existing.updatedSinceSaved,
    urls: union(existing.urls, incoming.urls),
  };
  const position = [existing.position, incoming.position]
    .filter((p): p is ReadingPosition => p !== undefined)
    .sort((a, b) => b.updatedAt - a.updatedAt)[0];
  if (position) merged.position = position;
  const outcome = JSON.stringify(merged) === JSON.stringify(existing) ? 'unchanged' : 'merged';
  return { merged, outcome };
}

// Saving and restoring the whole library: export reads the store (the store never imports export).

/** What an import did: counts per outcome and versions kept, or why nothing was imported. */
export type ImportReport =
  | {
      ok: true;
      added: number;
      merged: number;
      unchanged: number;
      versionsKept: number;
      total: number;
      /** Sequences the backup carried (added or refreshed). */
      sequences: number;
    }
  | { ok: false; error: string };

/** A backup of the whole library. */
export async function exportLibrary(db: LensDatabase, now: Date = new Date()): Promise<Backup> {
  return makeBackup(await allSaved(db), now, await db.getAll('sequences'));
}

/** Validates a backup file's text and merges it into the library in one transaction; on any problem nothing changes. */
export async function importLibrary(db: LensDatabase, text: string, sanitize?: Sanitizer): Promise<ImportReport> {
  const check = parseBackup(text);
  if (!check.ok) return check;
  let incoming: ReturnType<typeof cleanBackupPost>[];
  try {
    incoming = check.backup.posts.map((p) => cleanBackupPost(p, sanitize));
  } catch (error) {
    return { ok: false, error: t('backupUnreadable', String(error)) };
  }
  const counts: Record<MergeOutcome, number> = { added: 0, merged: 0, unchanged: 0 };
  let versionsKept = 0;
  const ids: string[] = [];
  try {
    await inTransaction(db, async (tx) => {
      const entries = tx.objectStore('entries');
      const records = tx.objectStore('records');
      for (const b of incoming) {
        const id = b.post.id;
        const entry = await entries.get(id);
        const record = entry ? await records.get(id) : undefined;
        const existing = entry && record ? toBackupPost({ entry, record }) : undefined;
        const { merged, outcome } = mergeBackupPost(existing, b);
        counts[outcome]++;
        versionsKept += merged.versions.length;
        if (outcome === 'unchanged') continue;
        const saved = fromBackupPost(merged);
        await records.put(saved.record);
        await entries.put(saved.entry);
        ids.push(id);
      }
      await bumpGeneration(tx);
    });
  } catch (error) {
    if (isQuotaError(error)) return { ok: false, error: quotaMessage() };
    return { ok: false, error: t('importFailed', String(error)) };
  }
  announce({ kind: 'put', ids });
  const sequences = check.backup.sequences ?? [];
  if (sequences.length) {
    try {
      const tx = db.transaction('sequences', 'readwrite');
      for (const incomingSequence of sequences) {
        const existing = await tx.store.get(incomingSequence.id);
        await tx.store.put(mergeSequence(existing, incomingSequence));
      }
      await tx.done;
    } catch (error) {
      const why = isQuotaError(error) ? quotaMessage() : t('importSequencesFailed', String(error));
      return { ok: false, error: t('postsImportedBut', why) };
    }
    announceSequences(sequences.map((s) => s.id));
  }
  return { ok: true, ...counts, versionsKept, total: incoming.length, sequences: sequences.length };
}

/** The newer outline of the two wins; the first save date is kept; post ids are recomputed from the chapters. */
function mergeSequence(existing: SequenceRecord | undefined, incoming: SequenceRecord): SequenceRecord {
  const winner = !existing || incoming.updatedAt > existing.updatedAt ? incoming : existing;
  const out: SequenceRecord = {
    id: winner.id,
    kind: winner.kind,
    title: winner.title,
    url: winner.url,
    source: winner.source,
    chapters: winner.chapters.map((c) => ({
      title: c.title,
      posts: c.posts.map((p) =>
        p.version
          ? { id: p.id, title: p.title, url: p.url, version: p.version }
          : { id: p.id, title: p.title, url: p.url },
      ),
    })),
    postIds: orderedPostIds(winner),
    savedAt: Math.min(existing?.savedAt ?? incoming.savedAt, incoming.savedAt),
    updatedAt: winner.updatedAt,
  };
  if (winner.author) out.author = winner.author;
  return out;
}
