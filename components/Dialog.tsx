import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../lib/i18n';

type Props = {
  /** The dialog's heading, also its accessible name. */
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** A class for the dialog box (its size). */
  class?: string;
};

/**
 * A modal dialog on the platform's <dialog>: focus moves in and stays in, Escape closes, focus returns to what opened
 * it.
 */
export function Dialog({ title, onClose, children, class: cls }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const closing = useRef(onClose);
  closing.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    else dialog.setAttribute('open', '');
    const onCancel = (e: Event) => {
      e.preventDefault();
      closing.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open && typeof dialog.close === 'function') dialog.close();
      opener?.focus?.();
    };
  }, []);
  const titleId = `lens-dialog-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <dialog ref={ref} class={`lens-dialog${cls ? ` ${cls}` : ''}`} aria-labelledby={titleId}>
      <div class="lens-dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" class="lens-icon-button" aria-label={t('close')} onClick={() => closing.current()}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
