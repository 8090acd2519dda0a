import { t, tn } from '../lib/i18n';
import type { SequenceProgress } from '../lib/store/sequences';
import type { SaveJob, SequenceRecord } from '../lib/store/types';
import { JobProgress } from './SequencePanel';

export type SequenceCardProps = {
  sequence: Pick<SequenceRecord, 'id' | 'title' | 'author' | 'kind' | 'chapters'>;
  progress: SequenceProgress;
  job?: SaveJob;
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
  onControl: (id: string, action: 'pause' | 'resume' | 'cancel' | 'retry', postId?: string) => void;
};

/** A saved sequence in the library, as one card: title, author, "12 of 48 read", and its save job while one runs. */
export function SequenceCard({ sequence, progress, job, onOpen, onDelete, onControl }: SequenceCardProps) {
  const noun = sequence.kind === 'collection' ? t('kindCollection') : t('kindSequence');
  const active = job && (job.status === 'running' || job.status === 'paused');
  return (
    <li class="lens-sequence-card">
      <p class="lens-sequence-kind">{tn('kindAndChapters', sequence.chapters.length, noun)}</p>
      <h3>
        <a
          href={`#sequence=${encodeURIComponent(sequence.id)}`}
          onClick={(e) => {
            e.preventDefault();
            onOpen(sequence.id);
          }}
        >
          {sequence.title}
        </a>
      </h3>
      {sequence.author && <p class="lens-sequence-author">{sequence.author}</p>}
      <p class="lens-sequence-progress">
        {t('readOfTotal', progress.read, progress.total)}
        {progress.saved < progress.total ? ` · ${t('savedOfTotalShort', progress.saved, progress.total)}` : ''}
      </p>
      {active && <JobProgress job={job} onControl={onControl} />}
      <div class="lens-sequence-actions">
        <button type="button" onClick={() => onOpen(sequence.id)}>
          {progress.read > 0 && progress.read < progress.total ? t('continue') : t('open')}
        </button>
        <button type="button" onClick={() => onDelete(sequence.id)}>
          {t('deleteEllipsis')}
        </button>
      </div>
    </li>
  );
}
