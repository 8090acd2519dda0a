import { t, tn } from '../i18n';
import type { SequenceSaveReply } from '../messages';
import type { SaveJob } from '../store/types';
import { jobProgress } from './job';

/** A sentence for a toast about a sequence save that was asked for. */
export function sequenceSaveMessage(reply: SequenceSaveReply): string {
  if (!reply.ok) return reply.error;
  if (reply.already) return t('alreadySaving', reply.title);
  return tn('savingSequence', reply.total, reply.title);
}

/** Progress of a job in words: "12 of 48 saved", with failures and waiting. */
export function jobSummary(job: SaveJob): string {
  const { done, total, failed } = jobProgress(job);
  const parts = [t('jobSummaryDone', done, total)];
  if (failed.length) parts.push(t('jobSummaryFailed', failed.length));
  if (job.status === 'paused') parts.push(t('jobSummaryPaused'));
  if (job.status === 'cancelled') parts.push(t('jobSummaryCancelled'));
  return parts.join(', ');
}
