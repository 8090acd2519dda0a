import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t, tn } from '../lib/i18n';
import type { Post } from '../lib/model';
import { IMPORT_KIND_LABEL } from '../lib/reader/import-kind';
import { Dialog } from './Dialog';

/** Progress of a long step: how far, out of how much. */
type Progress = { label: string; done: number; total: number };

/** What Import found in a file or a paste, before anything is written. */
export type ImportPreview =
  | { kind: 'backup'; posts: number; known: number; exportedAt: string }
  | { kind: 'markdown' | 'html' | 'text'; posts: Post[] }
  | { kind: 'other-json' | 'empty'; error: string }
  | { kind: 'bad-backup'; error: string };

/** A file's or a paste's text, as Import reads it. */
export type ImportInput = { text: string; name: string; type: string };

type Props = {
  /** Detects what the input is and reads it (posts found, or a backup's counts); writes nothing. */
  onDetect: (input: ImportInput, progress: (done: number, total: number) => void) => Promise<ImportPreview>;
  /** Merges a backup into the library; resolves to a sentence saying what happened. */
  onImportBackup: (input: ImportInput) => Promise<string>;
  /** Saves the chosen posts, reporting progress; resolves to a sentence saying what happened. */
  onSave: (posts: Post[], progress: (done: number, total: number) => void) => Promise<string>;
  onExport: (kind: 'json' | 'md') => void;
  /** Book exports (EPUB, Markdown .zip) of the posts the library lists, shown with the other exports. */
  books?: ComponentChildren;
  onClose: () => void;
};

/** The sentence that says what an input was found to be, before anything is written. */
export function describePreview(p: ImportPreview, name: string): string {
  switch (p.kind) {
    case 'backup':
      return p.known
        ? t('importIsBackupKnown', name, p.exportedAt.slice(0, 10), tn('postCount', p.posts), p.known)
        : t('importIsBackup', name, p.exportedAt.slice(0, 10), tn('postCount', p.posts));
    case 'markdown':
    case 'html':
    case 'text':
      return p.posts.length
        ? t('importIsKindFound', name, t(IMPORT_KIND_LABEL[p.kind]), tn('postCount', p.posts.length))
        : t('importIsKindNone', name, t(IMPORT_KIND_LABEL[p.kind]));
    default:
      return `${name}: ${p.error}`;
  }
}

/**
 * The one Import (a Lens backup, a .txt or .html dump, Markdown exported by Lens, or pasted text): it says what it
 * found before anything is written; export lives here too.
 */
export function ImportDialog({ onDetect, onImportBackup, onSave, onExport, books, onClose }: Props) {
  const [input, setInput] = useState<ImportInput | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [paste, setPaste] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [message, setMessage] = useState('');
  const [dragging, setDragging] = useState(false);

  const detect = async (next: ImportInput) => {
    setMessage('');
    setPreview(null);
    setInput(next);
    setProgress({ label: t('importReadingFile', next.name), done: 0, total: 1 });
    try {
      const found = await onDetect(next, (done, total) =>
        setProgress({ label: t('importReadingFile', next.name), done, total }),
      );
      setPreview(found);
      if ('posts' in found && Array.isArray(found.posts)) setChosen(new Set(found.posts.map((p) => p.id)));
      setMessage(describePreview(found, next.name));
    } catch (error) {
      setMessage(t('importErrorFile', next.name, error instanceof Error ? error.message : String(error)));
    } finally {
      setProgress(null);
    }
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    await detect({ text: await file.text(), name: file.name, type: file.type });
  };

  const write = async () => {
    if (!preview || !input) return;
    try {
      if (preview.kind === 'backup') {
        setProgress({ label: t('importing'), done: 0, total: 1 });
        setMessage(await onImportBackup(input));
      } else if ('posts' in preview && Array.isArray(preview.posts)) {
        const posts = preview.posts.filter((p) => chosen.has(p.id));
        setProgress({ label: t('importSaving'), done: 0, total: posts.length });
        setMessage(await onSave(posts, (done, total) => setProgress({ label: t('importSaving'), done, total })));
      }
      setPreview(null);
      setPaste('');
    } catch (error) {
      setMessage(t('importFailed', error instanceof Error ? error.message : String(error)));
    } finally {
      setProgress(null);
    }
  };

  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };

  const found = preview && 'posts' in preview && Array.isArray(preview.posts) ? preview.posts : null;
  return (
    <Dialog title={t('importExportTitle')} onClose={onClose} class="lens-import-dialog">
      <section class="lens-import" aria-labelledby="lens-import-title">
        <h3 id="lens-import-title">{t('importHeading')}</h3>
        <p class="lens-hint">{t('importHint')}</p>
        <fieldset
          class={dragging ? 'lens-drop is-dragging' : 'lens-drop'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void readFile(e.dataTransfer?.files[0]);
          }}
        >
          <legend>{t('importFileLegend')}</legend>
          <label for="lens-import-file">{t('importFileLabel')}</label>
          <input
            id="lens-import-file"
            type="file"
            accept=".json,.txt,.html,.htm,.md,.markdown,application/json,text/plain,text/html,text/markdown"
            onChange={(e) => {
              const el = e.currentTarget as HTMLInputElement;
              void readFile(el.files?.[0]).then(() => {
                el.value = '';
              });
            }}
          />
        </fieldset>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (paste.trim()) void detect({ text: paste, name: t('importPastedText'), type: 'text/plain' });
          }}
        >
          <label for="lens-import-paste">{t('importPasteLabel')}</label>
          <textarea
            id="lens-import-paste"
            rows={3}
            value={paste}
            onInput={(e) => setPaste((e.currentTarget as HTMLTextAreaElement).value)}
          />
          <button type="submit" disabled={!paste.trim() || progress !== null}>
            {t('importReadPaste')}
          </button>
        </form>
        {progress && (
          <div class="lens-progress">
            <label for="lens-import-progress">{progress.label}</label>
            <progress id="lens-import-progress" max={progress.total} value={progress.done}>
              {t('progressOf', progress.done, progress.total)}
            </progress>
          </div>
        )}
        <p role="status" class="lens-status">
          {message}
        </p>
        {preview?.kind === 'backup' && (
          <div class="lens-dialog-actions">
            <button type="button" onClick={() => setPreview(null)}>
              {t('cancel')}
            </button>
            <button type="button" class="is-primary" disabled={progress !== null} onClick={() => void write()}>
              {tn('importBackupCount', preview.posts)}
            </button>
          </div>
        )}
        {found && found.length > 0 && (
          <fieldset class="lens-found">
            <legend>{t('importFoundLegend')}</legend>
            <div class="lens-found-tools">
              <button type="button" onClick={() => setChosen(new Set(found.map((p) => p.id)))}>
                {t('selectAll')}
              </button>
              <button type="button" onClick={() => setChosen(new Set())}>
                {t('selectNone')}
              </button>
            </div>
            <ul>
              {found.map((p) => (
                <li key={p.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={chosen.has(p.id)}
                      onChange={(e) => toggle(p.id, (e.currentTarget as HTMLInputElement).checked)}
                    />{' '}
                    {p.title || t('untitledPost')}
                    {p.footnotes.length > 0 && ` ${tn('importNotes', p.footnotes.length)}`}
                  </label>
                </li>
              ))}
            </ul>
            <button
              type="button"
              class="is-primary"
              disabled={chosen.size === 0 || progress !== null}
              onClick={() => void write()}
            >
              {chosen.size === found.length ? tn('importSaveAll', found.length) : t('importSaveSelected', chosen.size)}
            </button>
          </fieldset>
        )}
      </section>
      <section class="lens-export" aria-labelledby="lens-export-title">
        <h3 id="lens-export-title">{t('exportHeading')}</h3>
        <p class="lens-hint">{t('exportHint')}</p>
        <div class="lens-dialog-actions is-start">
          <button type="button" onClick={() => onExport('json')}>
            {t('downloadBackup')}
          </button>
          <button type="button" onClick={() => onExport('md')}>
            {t('downloadAllMarkdown')}
          </button>
        </div>
        {books}
      </section>
    </Dialog>
  );
}
