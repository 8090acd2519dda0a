import { type ComponentChildren, Fragment } from 'preact';
import { type MessageKey, messageParts } from '../lib/i18n';

type Props = {
  /** The message, whose substitutions `$1`… are filled with `slots` in order. */
  id: MessageKey;
  slots: readonly ComponentChildren[];
};

/** Splits the text after a slot into the word a no-break space glues to the slot ("\u00a0ms") and the rest. */
function gluedWord(text: string): [string, string] {
  if (!text.startsWith('\u00a0')) return ['', text];
  const end = text.slice(1).search(/\s/);
  return end < 0 ? [text, ''] : [text.slice(0, end + 1), text.slice(end + 1)];
}

/**
 * A translated message with elements (a date, a field) where its placeholders stand, wherever the language puts them.
 * A slot followed by a no-break space keeps the next word on its line (a field and its unit): browsers break after a
 * form field even before a no-break space.
 */
export function Message({ id, slots }: Props) {
  const parts = messageParts(id, slots.length);
  const out: ComponentChildren[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (typeof part !== 'number') {
      out.push(part);
      continue;
    }
    const next = parts[i + 1];
    const [word, rest] = typeof next === 'string' ? gluedWord(next) : ['', ''];
    if (!word) {
      out.push(<Fragment key={i}>{slots[part]}</Fragment>);
      continue;
    }
    out.push(
      <span key={i} style={{ whiteSpace: 'nowrap' }}>
        {slots[part]}
        {word}
      </span>,
    );
    if (rest) out.push(rest);
    i++;
  }
  return <>{out}</>;
}
