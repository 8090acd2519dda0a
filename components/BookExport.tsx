import { useState } from 'preact/hooks';
import { t } from '../lib/i18n';

/** How far an export has got: items done of all. */
export type ExportProgress = { done: number; total: number };

/** One export a reader can start: its button label and the work, which reports progress and resolves to a message. */
export type ExportAction = {
  label: string;
  /** Builds and saves the file; resolves to what to tell the reader (an error's message is shown too). */
  run: (progress: (p: ExportProgress) => void) => Promise<string>;
};

type Props = {
  actions: ExportAction[];
  /** Accessible name of the group, e.g. "Export these 12 posts". */
  label: string;
};

/** Export buttons (EPUB, Markdown .zip) with a progress bar while a book is built and a message when it is done. */
export function BookExport({ actions, label }: Props) {
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [message, setMessage] = useState('');
  const busy = progress !== null;
  const start = async (action: ExportAction) => {
    setMessage('');
    setProgress({ done: 0, total: 0 });
    try {
      setMessage(await action.run((p) => setProgress(p)));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  };
  return (
    <fieldset class="lens-book-export">
      <legend class="visually-hidden">{label}</legend>
      {actions.map((a) => (
        <button key={a.label} type="button" disabled={busy} onClick={() => void start(a)}>
          {a.label}
        </button>
      ))}
      {progress && (
        <progress
          max={progress.total || undefined}
          value={progress.total ? progress.done : undefined}
          aria-label={progress.total ? t('exportWriting', progress.done, progress.total) : t('exportPreparing')}
        />
      )}
      <span class="lens-book-export-note" role="status">
        {message}
      </span>
    </fieldset>
  );
}
