import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../lib/i18n';

type Props = {
  /** Whether the drawer is shown (a modal over the page) or closed. */
  open: boolean;
  /** The reader dismissed the drawer (Escape, its close button, a click beside it); focus is already back on `opener`. */
  onDismiss: () => void;
  /** The control that opens the drawer: focus returns to it when the drawer is dismissed. */
  opener: () => HTMLElement | null;
  /** The id the opener's aria-controls names. */
  id: string;
  label: string;
  class?: string;
  children: ComponentChildren;
};

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The outline on a narrow window: a modal drawer on the platform's <dialog> (showModal makes the page behind it inert),
 * focus moved in on opening, Tab and Shift+Tab kept inside, Escape or a click beside it closing it with focus back on
 * the control that opened it. Closed by the parent (a heading chosen), it leaves focus where the parent put it.
 */
export function OutlineDrawer({ open, onDismiss, opener, id, label, class: cls, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const dismissRef = useRef(onDismiss);
  dismissRef.current = onDismiss;
  const openerRef = useRef(opener);
  openerRef.current = opener;
  // Set while the page itself closes the drawer (a heading chosen): its `close` event is then no dismissal.
  const pageClosing = useRef(false);
  const dismiss = () => {
    openerRef.current()?.focus();
    dismissRef.current();
  };

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      // The first entry, not the close button: the reader opened the drawer to pick a section.
      const first =
        dialog.querySelector<HTMLElement>('[aria-current="location"]') ??
        dialog.querySelector<HTMLElement>('.outline-entry') ??
        dialog.querySelector<HTMLElement>(FOCUSABLE);
      first?.focus();
    } else if (!open && dialog.open) {
      if (typeof dialog.close === 'function') {
        pageClosing.current = true;
        dialog.close();
      } else dialog.removeAttribute('open');
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onCancel = (e: Event) => {
      e.preventDefault();
      dismiss();
    };
    // A close the page did not ask for (the browser's own close request after repeated Escapes skips `cancel`).
    const onClose = () => {
      if (pageClosing.current) pageClosing.current = false;
      else dismiss();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        dismiss();
        return;
      }
      if (e.key !== 'Tab') return;
      // The platform keeps focus out of the inert page, but may hand it to the browser's own UI after the last entry:
      // the drawer cycles instead, as a modal should.
      const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (el) => !el.closest('[hidden], [inert]'),
      );
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      const at = document.activeElement;
      if (e.shiftKey && (at === first || !dialog.contains(at))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (at === last || !dialog.contains(at))) {
        e.preventDefault();
        first.focus();
      }
    };
    // A click on the backdrop lands on the dialog itself, outside its box.
    const onClick = (e: MouseEvent) => {
      if (e.target !== dialog) return;
      const r = dialog.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) dismiss();
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('close', onClose);
    dialog.addEventListener('keydown', onKey);
    dialog.addEventListener('click', onClick);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('close', onClose);
      dialog.removeEventListener('keydown', onKey);
      dialog.removeEventListener('click', onClick);
      if (dialog.open) dialog.close?.();
    };
  }, []);

  return (
    <dialog ref={ref} id={id} class={cls} aria-label={label}>
      <div class="lens-drawer-head">
        <button type="button" class="lens-icon-button" aria-label={t('closeContents')} onClick={dismiss}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
