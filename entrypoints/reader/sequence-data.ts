import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Reply, Request } from '../../lib/messages';
import { onLibraryChange } from '../../lib/store/changes';
import type { LensDatabase } from '../../lib/store/db';
import { getJob } from '../../lib/store/save-jobs';
import { getSequence, onSequencesChange, progressOf, type SequenceProgress } from '../../lib/store/sequences';
import type { SavedEntry, SaveJob, SequenceRecord } from '../../lib/store/types';

/** A saved sequence with the library entries of its posts (in its order) and its save job. */
export type SequenceData = {
  record: SequenceRecord;
  entries: Map<string, SavedEntry>;
  progress: SequenceProgress;
  job?: SaveJob;
};

/** Reads one saved sequence, its posts' entries and its job in one go (undefined when it is not saved). */
export async function readSequence(db: LensDatabase, id: string): Promise<SequenceData | undefined> {
  const record = await getSequence(db, id);
  if (!record) return undefined;
  const tx = db.transaction('entries');
  const list = await Promise.all(record.postIds.map((p) => tx.store.get(p)));
  await tx.done;
  const entries = new Map<string, SavedEntry>();
  for (const e of list) if (e) entries.set(e.id, e);
  const job = await getJob(db, id);
  return { record, entries, progress: progressOf(record, list), ...(job ? { job } : {}) };
}

/** A saved sequence kept current: read again when the library, the sequence or its job changes. */
export function useSequenceData(db: LensDatabase, id: string, version: number): SequenceData | null | undefined {
  const [data, setData] = useState<SequenceData | null | undefined>(undefined);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const again = () => setTick((t) => t + 1);
    const a = onSequencesChange((ids) => ids.includes(id) && again());
    const b = onLibraryChange(again);
    return () => {
      a();
      b();
    };
  }, [id]);
  // A layout effect: the read starts as soon as the page is committed, not a frame later after the paint.
  useLayoutEffect(() => {
    let live = true;
    void readSequence(db, id).then((d) => {
      // For the bench (test/bench/sequence.bench.ts): when the data was in hand, before rendering it.
      performance.mark('lens:sequence-read');
      if (live) setData(d ?? null);
    });
    return () => {
      live = false;
    };
  }, [db, id, version, tick]);
  return data;
}

/** Sends one sequence message to the background; a missing or failed answer becomes `undefined`. */
export async function askBackground<K extends keyof import('../../lib/messages').MessageMap>(
  request: Request<K>,
): Promise<Reply<K> | undefined> {
  try {
    return (await browser.runtime.sendMessage(request)) as Reply<K> | undefined;
  } catch {
    return undefined;
  }
}

/** Steers a save job from the reader. */
export function controlJob(id: string, action: 'pause' | 'resume' | 'cancel' | 'retry', postId?: string): void {
  void askBackground({ type: 'sequence-control', id, action, postId } satisfies Request<'sequence-control'>);
}
