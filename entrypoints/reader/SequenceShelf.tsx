import { useEffect, useState } from 'preact/hooks';
import { AddByUrl } from '../../components/AddByUrl';
import { SequenceCard } from '../../components/SequenceCard';
import type { Request } from '../../lib/messages';
import { postIdFromUrl, sequenceTargetFromUrl } from '../../lib/parse/url';
import { sequenceSaveMessage } from '../../lib/sequences/words';
import { onLibraryChange } from '../../lib/store/changes';
import type { LensDatabase } from '../../lib/store/db';
import { listSequences, onSequencesChange, type RemovedSequence } from '../../lib/store/sequences';
import { askBackground, controlJob, readSequence, type SequenceData } from './sequence-data';
import './sequences.css';
import { t, tn } from '../../lib/i18n';

export type SequenceShelfProps = {
  db: LensDatabase;
  version: number;
  /** Tells the library its posts changed (a sequence deleted with its posts, or put back). */
  onPostsChanged: () => void;
};

/** "Add by URL", then the library's sequences as cards (when any) and deleting one (with or without its posts, undoable). */
export function SequenceShelf({ db, version, onPostsChanged }: SequenceShelfProps) {
  const [items, setItems] = useState<SequenceData[] | null>(null);
  const [tick, setTick] = useState(0);
  const [asking, setAsking] = useState<SequenceData | null>(null);
  const [undo, setUndo] = useState<RemovedSequence | null>(null);

  useEffect(() => {
    const again = () => setTick((t) => t + 1);
    const a = onSequencesChange(again);
    const b = onLibraryChange(again);
    return () => {
      a();
      b();
    };
  }, []);
  useEffect(() => {
    let live = true;
    void (async () => {
      const records = await listSequences(db);
      const read = await Promise.all(records.map((r) => readSequence(db, r.id)));
      if (live) setItems(read.filter((d): d is SequenceData => d !== undefined));
    })();
    return () => {
      live = false;
    };
  }, [db, version, tick]);

  const add = async (url: string): Promise<string> => {
    if (sequenceTargetFromUrl(url)) {
      const reply = await askBackground({ type: 'sequence-save', url } satisfies Request<'sequence-save'>);
      return reply ? sequenceSaveMessage(reply) : t('saveStartNoAnswer');
    }
    if (postIdFromUrl(url)) {
      // One post: the reader's own save-link route fetches and saves it.
      location.hash = `save-link=${encodeURIComponent(url)}`;
      return t('savingPost');
    }
    return t('notASequenceOrPost');
  };

  // Removal writes posts (saved-posts.ts, DOMPurify, the parsers): loaded on the click, not with the first screen.
  const removal = () => import('../../lib/store/sequence-removal');
  const remove = async (withPosts: boolean) => {
    if (!asking) return;
    const removed = await (await removal()).deleteSequence(db, asking.record.id, { withPosts });
    setAsking(null);
    if (removed) setUndo(removed);
    if (removed?.posts.length) onPostsChanged();
  };

  // Add by URL saves a post as well as a sequence: it stays on the library's main screen whether or not a sequence is
  // saved, while the Sequences section (its heading, cards, delete and undo) shows only when there is something in it.
  // Add by URL is there from the first frame (it appearing once the sequences were read moved the list down).
  const shelf = items !== null && (items.length > 0 || undo !== null || asking !== null);
  return (
    <>
      <AddByUrl onAdd={add} />
      {shelf && (
        <section class="lens-sequences" aria-labelledby="lens-sequences-title">
          <h2 id="lens-sequences-title">{t('sequences')}</h2>
          {undo && (
            <div class="lens-undo" role="alert">
              <span>
                {undo.posts.length
                  ? tn('sequenceDeletedWithPosts', undo.posts.length, undo.sequence.title)
                  : t('sequenceDeletedOne', undo.sequence.title)}
              </span>{' '}
              <button
                type="button"
                onClick={() =>
                  void removal()
                    .then((m) => m.restoreSequence(db, undo))
                    .then(() => {
                      setUndo(null);
                      if (undo.posts.length) onPostsChanged();
                    })
                }
              >
                {t('undo')}
              </button>
            </div>
          )}
          {asking && (
            <div class="lens-sequence-confirm" role="alertdialog" aria-labelledby="lens-sequence-confirm-text">
              <p id="lens-sequence-confirm-text">{t('deleteSequenceAsk', asking.record.title)}</p>
              <button type="button" onClick={() => void remove(false)}>
                {t('deleteSequenceKeep')}
              </button>
              <button type="button" class="danger" onClick={() => void remove(true)}>
                {t('deleteSequenceAll')}
              </button>
              <button type="button" onClick={() => setAsking(null)}>
                {t('cancel')}
              </button>
            </div>
          )}
          {items.length > 0 && (
            <ul class="lens-sequence-cards">
              {items.map((d) => (
                <SequenceCard
                  key={d.record.id}
                  sequence={d.record}
                  progress={d.progress}
                  job={d.job}
                  onOpen={(id) => {
                    location.hash = `sequence=${encodeURIComponent(id)}`;
                  }}
                  onDelete={() => setAsking(d)}
                  onControl={controlJob}
                />
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
