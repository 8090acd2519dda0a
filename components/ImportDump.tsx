import { useState } from 'preact/hooks';
import type { Post } from '../lib/model';

/** Progress of a long step: how far, out of how much. */
type Progress = { label: string; done: number; total: number };

type Props = {
  /** Finds the posts in a file's or a paste's text (`type` is the file's MIME type or "text/plain"). */
  onParse: (
    input: { text: string; name: string; type: string },
    progress: (done: number, total: number) => void,
  ) => Promise<Post[]>;
  /** Saves the chosen posts, reporting progress; resolves to a sentence saying what happened. */
  onSave: (posts: Post[], progress: (done: number, total: number) => void) => Promise<string>;
};

/** Imports a text dump (a .txt or .html file, dropped or picked, or pasted text): lists the posts found, saves the chosen ones. */
export function ImportDump({ onParse, onSave }: Props) {
  const [found, setFound] = useState<Post[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [paste, setPaste] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [message, setMessage] = useState('');
  const [dragging, setDragging] = useState(false);

  const parse = async (text: string, name: string, type: string) => {
    setMessage('');
    setFound(null);
    setProgress({ label: `Reading ${name}`, done: 0, total: 1 });
    try {
      const posts = await onParse({ text, name, type }, (done, total) =>
        setProgress({ label: `Reading ${name}`, done, total }),
      );
      setFound(posts);
      setChosen(new Set(posts.map((p) => p.id)));
      setMessage(
        posts.length
          ? `Found ${posts.length === 1 ? '1 post' : `${posts.length} posts`} in ${name}.`
          : `No posts found in ${name}.`,
      );
    } catch (error) {
      setMessage(`Could not read ${name}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setProgress(null);
    }
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    await parse(await file.text(), file.name, file.type || (file.name.endsWith('.html') ? 'text/html' : 'text/plain'));
  };

  const save = async () => {
    if (!found) return;
    const posts = found.filter((p) => chosen.has(p.id));
    setProgress({ label: 'Saving', done: 0, total: posts.length });
    try {
      setMessage(await onSave(posts, (done, total) => setProgress({ label: 'Saving', done, total })));
      setFound(null);
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

  return (
    <section class="lens-import" aria-labelledby="lens-import-title">
      <h2 id="lens-import-title">Import a text dump</h2>
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
        <legend>File</legend>
        <label for="lens-dump-file">Choose a .txt or .html file, or drop it here</label>
        <input
          id="lens-dump-file"
          type="file"
          accept=".txt,.html,text/plain,text/html"
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            void readFile(input.files?.[0]).then(() => {
              input.value = '';
            });
          }}
        />
      </fieldset>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (paste.trim()) void parse(paste, 'the pasted text', 'text/plain');
        }}
      >
        <label for="lens-dump-paste">Or paste text</label>
        <textarea
          id="lens-dump-paste"
          rows={4}
          value={paste}
          onInput={(e) => setPaste((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <button type="submit" disabled={!paste.trim() || progress !== null}>
          Find posts
        </button>
      </form>
      {progress && (
        <div class="lens-progress">
          <label for="lens-import-progress">{progress.label}</label>
          <progress id="lens-import-progress" max={progress.total} value={progress.done}>
            {progress.done} of {progress.total}
          </progress>
        </div>
      )}
      <p role="status" class="lens-status">
        {message}
      </p>
      {found && found.length > 0 && (
        <fieldset class="lens-found">
          <legend>Posts found</legend>
          <div class="lens-found-tools">
            <button type="button" onClick={() => setChosen(new Set(found.map((p) => p.id)))}>
              Select all
            </button>
            <button type="button" onClick={() => setChosen(new Set())}>
              Select none
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
                  {p.title || 'Untitled post'}
                  {p.footnotes.length > 0 && ` (${p.footnotes.length} notes)`}
                </label>
              </li>
            ))}
          </ul>
          <button
            type="button"
            class="is-primary"
            disabled={chosen.size === 0 || progress !== null}
            onClick={() => void save()}
          >
            {chosen.size === found.length ? `Save all ${found.length}` : `Save ${chosen.size} selected`}
          </button>
        </fieldset>
      )}
    </section>
  );
}
