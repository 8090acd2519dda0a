import { type ComponentChildren, Fragment } from 'preact';
import { type MessageKey, messageParts } from '../lib/i18n';

type Props = {
  /** The message, whose substitutions `$1`… are filled with `slots` in order. */
  id: MessageKey;
  slots: readonly ComponentChildren[];
};

/** A translated message with elements (a date, a field) where its placeholders stand, wherever the language puts them. */
export function Message({ id, slots }: Props) {
  return (
    <>
      {messageParts(id, slots.length).map((part, i) =>
        typeof part === 'number' ? <Fragment key={i}>{slots[part]}</Fragment> : part,
      )}
    </>
  );
}
