import { t, tn } from '../lib/i18n';
import type { SequenceInfo } from '../lib/messages';
import { jobProgress } from '../lib/sequences/job';
import type { SaveJob, SequenceRecord } from '../lib/store/types';

export type SequencePanelProps = {
  info: SequenceInfo | null;
  /** The id of the post the tab shows, to mark it in a saved sequence's contents. */
  currentPostId: string | null;
  /** A line about the last action (an error, or "saving started"). */
  message?: string | null;
  onSave: (url: string) => void;
  onControl: (id: string, action: 'pause' | 'resume' | 'cancel' | 'retry', postId?: string) => void;
  onOpenSequence: (id: string) => void;
  /** Opens an address in the tab (a post of the sequence, keeping the sequence in its URL). */
  onNavigate: (url: string) => void;
};

/** The progress of a save job: a bar, "n of N", what it waits for, its controls and its failed posts with Retry. */
export function JobProgress({ job, onControl }: { job: SaveJob; onControl: SequencePanelProps['onControl'] }) {
  const { done, total, failed } = jobProgress(job);
  const state =
    job.status === 'paused'
      ? t('jobPaused')
      : job.status === 'cancelled'
        ? t('jobCancelled')
        : job.status === 'done'
          ? t('jobSaved')
          : t('jobSaving');
  return (
    <section class="job" aria-label={t('jobName', job.title)}>
      <progress value={done} max={total} aria-label={t('jobBar', done, total)} />
      <p class="job-count" role="status">
        {failed.length ? t('jobCountFailed', state, done, total, failed.length) : t('jobCount', state, done, total)}
      </p>
      {job.waiting && (job.status === 'running' || job.status === 'paused') && <p class="job-waiting">{job.waiting}</p>}
      <div class="job-actions">
        {job.status === 'running' && (
          <button type="button" onClick={() => onControl(job.id, 'pause')}>
            {t('pause')}
          </button>
        )}
        {job.status === 'paused' && (
          <button type="button" onClick={() => onControl(job.id, 'resume')}>
            {t('resume')}
          </button>
        )}
        {(job.status === 'running' || job.status === 'paused') && (
          <button type="button" onClick={() => onControl(job.id, 'cancel')}>
            {t('cancel')}
          </button>
        )}
      </div>
      {failed.length > 0 && (
        <ul class="job-failed" aria-label={t('jobFailedList')}>
          {failed.map((p) => (
            <li key={p.id}>
              <span class="failed-title">{p.title}</span>
              {p.error && <span class="muted"> — {p.error}</span>}{' '}
              <button type="button" onClick={() => onControl(job.id, 'retry', p.id)}>
                {t('retry')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function sequencePostUrl(sequence: SequenceRecord, postUrl: string, postId: string): string {
  // A post opened as /s/<id>/p/<postId> keeps the sequence on the site (its own next/previous links follow it).
  if (sequence.kind !== 'sequence') return postUrl;
  try {
    return new URL(`/s/${sequence.id}/p/${postId}`, sequence.url).href;
  } catch {
    return postUrl;
  }
}

/** A saved sequence's contents with the current post marked and next/previous links that keep the sequence. */
function Contents({
  sequence,
  currentPostId,
  onNavigate,
  onOpenSequence,
}: {
  sequence: SequenceRecord;
  currentPostId: string | null;
  onNavigate: (url: string) => void;
  onOpenSequence: (id: string) => void;
}) {
  const flat = sequence.chapters.flatMap((c) => c.posts);
  const index = flat.findIndex((p) => p.id === currentPostId);
  const previous = index > 0 ? flat[index - 1] : undefined;
  const next = index >= 0 ? flat[index + 1] : undefined;
  return (
    <section class="sequence-contents" aria-label={t('contentsOf', sequence.title)}>
      <h2>
        {sequence.title}
        {index >= 0 && <span class="muted"> · {t('indexOfTotal', index + 1, flat.length)}</span>}
      </h2>
      <div class="sequence-nav">
        {previous && (
          <button type="button" onClick={() => onNavigate(sequencePostUrl(sequence, previous.url, previous.id))}>
            ← {previous.title}
          </button>
        )}
        {next && (
          <button type="button" onClick={() => onNavigate(sequencePostUrl(sequence, next.url, next.id))}>
            {next.title} →
          </button>
        )}
        <button type="button" onClick={() => onOpenSequence(sequence.id)}>
          {t('openInLibrary')}
        </button>
      </div>
      {sequence.chapters.map((chapter, c) => (
        <div class="chapter" key={`${c}-${chapter.title}`}>
          <h3>{chapter.title}</h3>
          <ol start={sequence.chapters.slice(0, c).reduce((n, x) => n + x.posts.length, 0) + 1}>
            {chapter.posts.map((p) => (
              <li key={p.id}>
                <a
                  href={sequencePostUrl(sequence, p.url, p.id)}
                  aria-current={p.id === currentPostId ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    onNavigate(sequencePostUrl(sequence, p.url, p.id));
                  }}
                >
                  {p.title}
                </a>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}

/** The side panel's sequence part: save the whole sequence of this page, its job's progress, and saved contents. */
export function SequencePanel({
  info,
  currentPostId,
  message,
  onSave,
  onControl,
  onOpenSequence,
  onNavigate,
}: SequencePanelProps) {
  if (!info) return null;
  const { target, job, member } = info;
  const active = job && (job.status === 'running' || job.status === 'paused');
  const savedHere = target ? member.find((s) => s.id === target.id) : undefined;
  const contents = savedHere ?? (target ? undefined : member[0]);
  if (!target && !contents && !info.error) return null;
  return (
    <section class="sequence-panel" aria-label={t('sequenceNavName')}>
      {target && (
        <div class="sequence-target">
          <p class="sequence-title">
            <strong>{target.title}</strong> <span class="muted">{tn('sequencePostTotal', target.total)}</span>
          </p>
          {!active && (!savedHere || job?.status === 'cancelled') && (
            <button type="button" class="primary" onClick={() => onSave(target.url)}>
              {target.kind === 'collection'
                ? tn('saveWholeCollection', target.total)
                : tn('saveWholeSequence', target.total)}
            </button>
          )}
          {job && <JobProgress job={job} onControl={onControl} />}
        </div>
      )}
      {info.error && <p role="alert">{info.error}</p>}
      {message && <p role="status">{message}</p>}
      {contents && (
        <Contents
          sequence={contents}
          currentPostId={currentPostId}
          onNavigate={onNavigate}
          onOpenSequence={onOpenSequence}
        />
      )}
    </section>
  );
}
