import { type ReaderPrefs, type ReaderTheme, type ReaderWidth, stepSize, TEXT_SIZES } from '../lib/reader/prefs';

type Props = {
  prefs: ReaderPrefs;
  onLook: (change: Partial<ReaderPrefs>) => void;
  onHelp: () => void;
  /** The outline's toggle, when the post has headings. */
  outline?: { open: boolean; toggle: () => void };
  /** Time left to read, in words ("12 min left"). */
  timeLeft?: string;
  /** How far through the post, 0–100. */
  percent: number;
};

const THEMES: { value: ReaderTheme; label: string }[] = [
  { value: 'auto', label: 'Auto theme' },
  { value: 'light', label: 'Light' },
  { value: 'sepia', label: 'Sepia' },
  { value: 'dark', label: 'Dark' },
];
const WIDTHS: { value: ReaderWidth; label: string }[] = [
  { value: 'narrow', label: 'Narrow column' },
  { value: 'medium', label: 'Medium column' },
  { value: 'wide', label: 'Wide column' },
];

/** The post view's bar: back, contents, time left, text size, column width, theme and the keys. */
export function ReaderToolbar({ prefs, onLook, onHelp, outline, timeLeft, percent }: Props) {
  const smallest = prefs.size <= TEXT_SIZES[0];
  const largest = prefs.size >= TEXT_SIZES[TEXT_SIZES.length - 1]!;
  return (
    <header class="lens-toolbar">
      <div class="lens-toolbar-start">
        <a class="lens-toolbar-link" href="#library">
          <span aria-hidden="true">←</span> Library
        </a>
        {outline && (
          <button
            type="button"
            aria-expanded={outline.open}
            aria-controls="lens-outline"
            onClick={outline.toggle}
            class="lens-toolbar-button"
          >
            Contents
          </button>
        )}
      </div>
      <p class="lens-time-left" aria-live="off">
        {timeLeft}
        <span class="visually-hidden">, {percent} % read</span>
      </p>
      <div class="lens-toolbar-end">
        <fieldset class="lens-size">
          <legend class="visually-hidden">Text size ({prefs.size} px)</legend>
          <button
            type="button"
            class="lens-toolbar-button lens-text-smaller"
            disabled={smallest}
            onClick={() => onLook({ size: stepSize(prefs.size, -1) })}
          >
            A−<span class="visually-hidden"> (smaller text)</span>
          </button>
          <button
            type="button"
            class="lens-toolbar-button is-large lens-text-larger"
            disabled={largest}
            onClick={() => onLook({ size: stepSize(prefs.size, 1) })}
          >
            A+<span class="visually-hidden"> (larger text)</span>
          </button>
        </fieldset>
        <label class="visually-hidden" for="lens-width">
          Column width
        </label>
        <select
          id="lens-width"
          value={prefs.width}
          onChange={(e) => onLook({ width: (e.currentTarget as HTMLSelectElement).value as ReaderWidth })}
        >
          {WIDTHS.map((w) => (
            <option key={w.value} value={w.value}>
              {w.label}
            </option>
          ))}
        </select>
        <label class="visually-hidden" for="lens-theme">
          Theme
        </label>
        <select
          id="lens-theme"
          value={prefs.theme}
          onChange={(e) => onLook({ theme: (e.currentTarget as HTMLSelectElement).value as ReaderTheme })}
        >
          {THEMES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
        <button type="button" class="lens-toolbar-button" aria-label="Keyboard keys" onClick={onHelp}>
          ?
        </button>
      </div>
    </header>
  );
}
