import { SequenceNav } from '../../components/SequenceNav';
import type { LensDatabase } from '../../lib/store/db';
import { useSequenceData } from './sequence-data';
import './sequences.css';

/** Above a post opened from a sequence: its place in it, with Previous and Next among the saved posts. */
export function SequencePostNav({
  db,
  sequenceId,
  postId,
  version,
}: {
  db: LensDatabase;
  sequenceId: string;
  postId: string;
  version: number;
}) {
  const data = useSequenceData(db, sequenceId, version);
  if (!data) return null;
  const flat = data.record.chapters.flatMap((c) => c.posts.map((p) => ({ ...p, chapter: c.title })));
  const seen = new Set<string>();
  const order = flat.filter((p) => !seen.has(p.id) && seen.add(p.id));
  const index = order.findIndex((p) => p.id === postId);
  if (index < 0) return null;
  const here = order[index]!;
  // Previous and Next skip posts that are not saved: offline, only saved posts can be opened.
  const previous = order
    .slice(0, index)
    .reverse()
    .find((p) => data.entries.has(p.id));
  const next = order.slice(index + 1).find((p) => data.entries.has(p.id));
  return (
    <SequenceNav
      sequenceTitle={data.record.title}
      sequenceHref={`#sequence=${encodeURIComponent(sequenceId)}`}
      chapterTitle={here.chapter}
      index={index + 1}
      total={order.length}
      previous={previous}
      next={next}
      onGo={(id) => {
        location.hash = `post=${encodeURIComponent(id)}&seq=${encodeURIComponent(sequenceId)}`;
      }}
    />
  );
}
