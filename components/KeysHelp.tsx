import { t } from '../lib/i18n';
import { READER_KEYS } from '../lib/reader/keys';
import { Dialog } from './Dialog';

/** The reader's keyboard keys, listed in a dialog (opened with `?`). */
export function KeysHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title={t('keyboardKeys')} onClose={onClose} class="is-small">
      <dl class="lens-keys">
        {READER_KEYS.map((k) => (
          <div key={k.action}>
            <dt>
              {k.keys.map((key) => (
                <kbd key={key}>{key}</kbd>
              ))}
            </dt>
            <dd>{t(k.label)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
