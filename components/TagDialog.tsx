import { useState } from 'preact/hooks';
import { t } from '../lib/i18n';
import { Dialog } from './Dialog';

type Props = {
  title: string;
  /** The tags shown at first (a post's own when editing one, none when adding to several). */
  initial: readonly string[];
  /** Tags already in the library, offered as the reader types. */
  suggestions: readonly string[];
  /** What the button does: replace the tags of one post, or add tags to several. */
  mode: 'set' | 'add';
  onDone: (tags: string[]) => void;
  onClose: () => void;
};

function split(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Edits a post's tags, or adds tags to the selected posts, with the library's tags as suggestions. */
export function TagDialog({ title, initial, suggestions, mode, onDone, onClose }: Props) {
  const [text, setText] = useState(initial.join(', '));
  const listId = 'lens-tag-suggestions';
  return (
    <Dialog title={title} onClose={onClose} class="is-small">
      <form
        class="lens-tag-form"
        onSubmit={(e) => {
          e.preventDefault();
          onDone(split(text));
        }}
      >
        <label for="lens-tag-input">{t('tagsSeparated')}</label>
        <input
          id="lens-tag-input"
          list={listId}
          value={text}
          autocomplete="off"
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
        <datalist id={listId}>
          {suggestions.map((t) => (
            <option key={t} value={text.includes(',') ? `${text.replace(/[^,]*$/, '').trim()} ${t}` : t} />
          ))}
        </datalist>
        {suggestions.length > 0 && (
          <p class="lens-tag-suggest">
            <span>{t('inYourLibrary')}</span>
            {suggestions.slice(0, 24).map((t) => (
              <button
                key={t}
                type="button"
                class="lens-chip"
                aria-pressed={split(text).includes(t)}
                onClick={() => {
                  const now = split(text);
                  setText((now.includes(t) ? now.filter((x) => x !== t) : [...now, t]).join(', '));
                }}
              >
                {t}
              </button>
            ))}
          </p>
        )}
        <div class="lens-dialog-actions">
          <button type="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" class="is-primary">
            {mode === 'set' ? t('saveTags') : t('addTags')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
