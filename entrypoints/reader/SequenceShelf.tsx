import { useEffect, useState } from 'preact/hooks';
import { AddByUrl } from '../../components/AddByUrl';
import { SequenceCard } from '../../components/SequenceCard';
import type { Request } from '../../lib/messages';
import { postIdFromUrl, sequenceTargetFromUrl } from '../../lib/parse/url';
import { sequenceSaveMessage } from '../../lib/sequences/words';
import { onLibraryChange } from '../../lib/store/changes';
import type { LensDatabase } from '../../lib/store/db';
import {
  deleteSequence,
  listSequences,
  onSequencesChange,
  type RemovedSequence,
  restoreSequence,
} from '../../lib/store/sequences';
import { askBackground, controlJob, readSequence, type SequenceData } from './sequence-data';
import './sequences.css';

export type SequenceShelfProps = {
  db: LensDatabase;
  version: number;
  /** Tells the library its posts changed (a sequence deleted with its posts, or put back). */
  onPostsChanged: () => void;
};

const NOT_LW =
  'This address is not a post, sequence or collection of LessWrong, the Alignment Forum, the EA Forum or GreaterWrong. Nothing was saved.';

/** The library's sequences as cards, "Add by URL", and deleting a sequence (with or without its posts, undoable). */
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
  // biome-ignore lint/correctness/useExhaustiveDependencies: version and tick are the reasons to read again.
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
      return reply ? sequenceSaveMessage(reply) : 'Lens could not start the save (the background did not answer).';
    }
    if (postIdFromUrl(url)) {
      // One post: the reader's own save-link route fetches and saves it.
      location.hash = `save-link=${encodeURIComponent(url)}`;
      return 'Saving the post…';
    }
    return NOT_LW;
  };

  const remove = async (withPosts: boolean) => {
    if (!asking) return;
    const removed = await deleteSequence(db, asking.record.id, { withPosts });
    setAsking(null);
    if (removed) setUndo(removed);
    if (removed?.posts.length) onPostsChanged();
  };

  if (items === null) return null;
  return (
    <section class="lens-sequences" aria-labelledby="lens-sequences-title">
      <h2 id="lens-sequences-title">Sequences</h2>
      <AddByUrl onAdd={add} />
      {undo && (
        <div class="lens-undo" role="alert">
          <span>
            Deleted “{undo.sequence.title}”{undo.posts.length ? ` and ${undo.posts.length} of its posts` : ''}.
          </span>{' '}
          <button
            type="button"
            onClick={() =>
              void restoreSequence(db, undo).then(() => {
                setUndo(null);
                if (undo.posts.length) onPostsChanged();
              })
            }
          >
            Undo
          </button>
        </div>
      )}
      {asking && (
        <div class="lens-sequence-confirm" role="alertdialog" aria-labelledby="lens-sequence-confirm-text">
          <p id="lens-sequence-confirm-text">
            Delete “{asking.record.title}”? Its posts can stay in your library or go with it (posts another saved
            sequence holds always stay).
          </p>
          <button type="button" onClick={() => void remove(false)}>
            Delete the sequence, keep its posts
          </button>
          <button type="button" class="danger" onClick={() => void remove(true)}>
            Delete the sequence and its posts
          </button>
          <button type="button" onClick={() => setAsking(null)}>
            Cancel
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
  );
}
