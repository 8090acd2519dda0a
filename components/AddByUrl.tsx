import { useState } from 'preact/hooks';
import { t } from '../lib/i18n';

export type AddByUrlProps = {
  /** Saves what the address names; resolves to a sentence for the reader (what started, or why nothing did). */
  onAdd: (url: string) => Promise<string>;
};

/** "Add by URL": paste a post, sequence or collection address of the LessWrong family to save it. */
export function AddByUrl({ onAdd }: AddByUrlProps) {
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  return (
    <form
      class="lens-add-url"
      // The reader's own message says what an address that is no link is; the browser's bubble would say less.
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!url.trim() || busy) return;
        setBusy(true);
        setMessage('');
        void onAdd(url.trim())
          .then((m) => {
            setMessage(m);
            setUrl('');
          })
          .finally(() => setBusy(false));
      }}
    >
      <label for="lens-add-url-input">{t('addByUrl')}</label>
      <input
        id="lens-add-url-input"
        type="url"
        placeholder={t('addByUrlPlaceholder')}
        value={url}
        onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit" disabled={busy}>
        {t('save')}
      </button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
