import type { SequenceSaveReply } from '../messages';
import type { SaveJob } from '../store/types';
import { jobProgress } from './job';

/** A sentence for a toast about a sequence save that was asked for. */
export function sequenceSaveMessage(reply: SequenceSaveReply): string {
  if (!reply.ok) return reply.error;
  if (reply.already) return `Lens is already saving “${reply.title}”.`;
  return `Lens is saving “${reply.title}” (${reply.total} posts); the library shows its progress.`;
}

/** Progress of a job in words: "12 of 48 saved", with failures and waiting. */
export function jobSummary(job: SaveJob): string {
  const { done, total, failed } = jobProgress(job);
  const parts = [`${done} of ${total} saved`];
  if (failed.length) parts.push(`${failed.length} failed`);
  if (job.status === 'paused') parts.push('paused');
  if (job.status === 'cancelled') parts.push('cancelled');
  return parts.join(', ');
}
