import {
  type Backup,
  cleanBackupPost,
  fromBackupPost,
  type MergeOutcome,
  makeBackup,
  mergeBackupPost,
  parseBackup,
  toBackupPost,
} from '../export/backup';
import { t } from '../i18n';
import { announce } from './changes';
import type { Sanitizer } from './clean';
import type { LensDatabase } from './db';
import { allSaved, bumpGeneration, inTransaction, isQuotaError, quotaMessage } from './saved-posts';
import { announceSequences, orderedPostIds } from './sequences';
import type { SequenceRecord } from './types';

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
