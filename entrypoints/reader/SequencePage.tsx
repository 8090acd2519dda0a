import { useEffect, useState } from 'preact/hooks';
import { BookExport } from '../../components/BookExport';
import { JobProgress } from '../../components/SequencePanel';
import type { Request } from '../../lib/messages';
import type { LensDatabase } from '../../lib/store/db';
import type { SequenceChanges } from '../../lib/store/sequences';
import { bookActions, type SaveFile } from './book-export';
import { askBackground, controlJob, useSequenceData } from './sequence-data';
import './sequences.css';
import { t } from '../../lib/i18n';

export type SequencePageProps = {
  db: LensDatabase;
  id: string;
  version: number;
  /** Saves an exported book (the reader's download; tests pass their own). */
  download: SaveFile;
};

const postHref = (postId: string, sequenceId: string) =>
  `#post=${encodeURIComponent(postId)}&seq=${encodeURIComponent(sequenceId)}`;

/** A saved sequence read in order: chapters and posts with read state, Continue reading, its job, update check. */
export function SequencePage({ db, id, version, download }: SequencePageProps) {
  const data = useSequenceData(db, id, version);
  const [check, setCheck] = useState<{ changes?: SequenceChanges; error?: string; busy?: boolean } | null>(null);

  useEffect(() => {
    if (data) {
      document.title = t('postDocumentTitle', data.record.title);
      performance.mark('lens:sequence-rendered');
    }
  }, [data]);

  if (data === undefined) return <p class="lens-empty">{t('loading')}</p>;
  if (data === null)
    return (
      <main class="lens-sequence-page">
        <p class="lens-empty">
          {t('sequenceNotInLibrary')} <a href="#library">{t('backToTheLibrary')}</a>
        </p>
      </main>
    );
  const { record, entries, progress, job } = data;
  let n = 0;
  const runCheck = async () => {
    setCheck({ busy: true });
    const reply = await askBackground({ type: 'sequence-check', id } satisfies Request<'sequence-check'>);
    if (!reply) setCheck({ error: t('askSiteNoAnswer') });
    else setCheck(reply.ok ? { changes: reply.changes } : { error: reply.error });
  };
  const applyUpdate = async () => {
    setCheck({ busy: true });
    const reply = await askBackground({ type: 'sequence-update', id } satisfies Request<'sequence-update'>);
    setCheck(reply?.ok ? null : { error: reply?.error ?? t('askSiteFailed') });
  };
  const changes = check?.changes;
  const nothingChanged =
    changes && !changes.added.length && !changes.removed.length && !changes.edited.length && !changes.reordered;
  return (
    <main class="lens-sequence-page">
      <p>
        <a href="#library">{t('backToLibrary')}</a>
      </p>
      <header>
        <h1>{record.title}</h1>
        {record.author && <p class="lens-sequence-author">{record.author}</p>}
        <p class="lens-sequence-progress">
          {t('readOfTotal', progress.read, progress.total)}
          {progress.saved < progress.total ? ` · ${t('savedOfTotalShort', progress.saved, progress.total)}` : ''}
        </p>
        <div class="lens-sequence-actions">
          {progress.next && (
            <a class="lens-button primary" href={postHref(progress.next, id)}>
              {progress.read > 0 ? t('continueReading') : t('startReading')}
            </a>
          )}
          <button type="button" disabled={check?.busy} onClick={() => void runCheck()}>
            {t('checkUpdates')}
          </button>
          <a href={record.url} rel="noreferrer" target="_blank">
            {t('onTheSite')}
          </a>
        </div>
        <BookExport
          label={t('exportThisSequence')}
          actions={bookActions(
            db,
            async () => ({
              // The book holds the posts saved so far, in the sequence's order, with its chapters as the book's parts.
              ids: record.postIds,
              title: record.title,
              ...(record.author ? { author: record.author } : {}),
              chapters: record.chapters.map((c) => ({ title: c.title, postIds: c.posts.map((p) => p.id) })),
            }),
            download,
          )}
        />
      </header>
      {job && (job.status === 'running' || job.status === 'paused' || job.posts.some((p) => p.state === 'failed')) && (
        <JobProgress job={job} onControl={controlJob} />
      )}
      {check?.error && <p role="alert">{check.error}</p>}
      {changes && (
        <section class="lens-sequence-changes" aria-label={t('changesOnSite')}>
          {nothingChanged ? (
            <p role="status">{t('siteUnchanged')}</p>
          ) : (
            <>
              <h2>{t('changesOnSite')}</h2>
              {(
                [
                  ['changesAdded', changes.added],
                  ['changesRemoved', changes.removed],
                  ['changesEdited', changes.edited],
                ] as const
              ).map(([label, list]) =>
                list.length ? (
                  <div key={label}>
                    <h3>{t(label, list.length)}</h3>
                    <ul>
                      {list.map((p) => (
                        <li key={p.id}>{p.title}</li>
                      ))}
                    </ul>
                  </div>
                ) : null,
              )}
              {changes.reordered && <p>{t('chaptersChanged')}</p>}
              <p class="lens-muted">{t('updateExplained')}</p>
              <button type="button" class="primary" onClick={() => void applyUpdate()}>
                {t('updateSequence')}
              </button>
            </>
          )}
        </section>
      )}
      {record.chapters.map((chapter, c) => (
        <section class="lens-sequence-chapter" key={`${c}-${chapter.title}`} aria-label={chapter.title}>
          <h2>{chapter.title}</h2>
          <ol start={n + 1}>
            {chapter.posts.map((p) => {
              n++;
              const entry = entries.get(p.id);
              return (
                <li key={`${c}-${p.id}`} class={entry?.read ? 'read' : undefined}>
                  {entry ? <a href={postHref(p.id, id)}>{p.title}</a> : <span class="lens-muted">{p.title}</span>}
                  {entry?.read ? <span class="lens-sequence-read"> · {t('badgeRead')}</span> : null}
                  {!entry && <span class="lens-muted"> · {t('badgeNotSaved')}</span>}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </main>
  );
}
