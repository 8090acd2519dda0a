import type { MessageKey } from '../i18n';

/** What a key does in the reader page. */
export type ReaderAction = 'search' | 'next-section' | 'prev-section' | 'prev-post' | 'next-post' | 'back' | 'help';

/** The keys, as the help lists them. */
export const READER_KEYS: readonly { keys: string[]; action: ReaderAction; label: MessageKey }[] = [
  { keys: ['/'], action: 'search', label: 'keySearch' },
  { keys: ['j'], action: 'next-section', label: 'keyNextSection' },
  { keys: ['k'], action: 'prev-section', label: 'keyPrevSection' },
  { keys: ['['], action: 'prev-post', label: 'keyPrevPost' },
  { keys: [']'], action: 'next-post', label: 'keyNextPost' },
  { keys: ['Esc'], action: 'back', label: 'keyBack' },
  { keys: ['?'], action: 'help', label: 'keyHelp' },
];

const BY_KEY: Record<string, ReaderAction> = {
  '/': 'search',
  j: 'next-section',
  k: 'prev-section',
  '[': 'prev-post',
  ']': 'next-post',
  Escape: 'back',
  '?': 'help',
};

/** A key press as far as the reader's keys care. */
export type KeyPress = { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; editing?: boolean };

/**
 * The reader's action for a key press, or null: none with a modifier (browser shortcuts stay theirs), none while
 * typing in a field except Escape.
 */
export function readerAction(press: KeyPress): ReaderAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  const action = BY_KEY[press.key] ?? null;
  if (press.editing && action !== 'back') return null;
  return action;
}

/** The heading to move to from the one currently read: the next (or previous) in the list, clamped at the ends. */
export function stepSection(ids: readonly string[], current: string | null, direction: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const i = current === null ? -1 : ids.indexOf(current);
  const next = i + direction;
  if (direction === -1 && i < 0) return null;
  return ids[Math.min(Math.max(next, 0), ids.length - 1)] ?? null;
}

/** Minutes a post takes to read at about 230 words a minute, at least one. */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / 230));
}
