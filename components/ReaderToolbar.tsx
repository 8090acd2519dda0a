import { type MessageKey, t } from '../lib/i18n';
import { type ReaderPrefs, type ReaderTheme, type ReaderWidth, stepSize, TEXT_SIZES } from '../lib/reader/prefs';

type Props = {
  prefs: ReaderPrefs;
  onLook: (change: Partial<ReaderPrefs>) => void;
  onHelp: () => void;
  /** The outline's toggle, when the post has headings. */
  outline?: { open: boolean; toggle: () => void; id?: string };
  /** Time left to read, in words ("12 min left"). */
  timeLeft?: string;
  /** How far through the post, 0–100. */
  percent: number;
};

const THEMES: { value: ReaderTheme; label: MessageKey }[] = [
  { value: 'auto', label: 'themeAuto' },
  { value: 'light', label: 'themeLight' },
  { value: 'sepia', label: 'themeSepia' },
  { value: 'dark', label: 'themeDark' },
];
const WIDTHS: { value: ReaderWidth; label: MessageKey }[] = [
  { value: 'narrow', label: 'widthNarrow' },
  { value: 'medium', label: 'widthMedium' },
  { value: 'wide', label: 'widthWide' },
];

/** The post view's bar: back, contents, time left, text size, column width, theme and the keys. */
export function ReaderToolbar({ prefs, onLook, onHelp, outline, timeLeft, percent }: Props) {
  const smallest = prefs.size <= TEXT_SIZES[0];
  const largest = prefs.size >= TEXT_SIZES[TEXT_SIZES.length - 1]!;
  return (
    <header class="lens-toolbar">
      <div class="lens-toolbar-start">
        <a class="lens-toolbar-link" href="#library">
          <span aria-hidden="true">←</span> {t('library')}
        </a>
        {outline && (
          <button
            type="button"
            id={outline.id}
            aria-expanded={outline.open}
            aria-controls="lens-outline"
            onClick={outline.toggle}
            class="lens-toolbar-button"
          >
            {t('contents')}
          </button>
        )}
      </div>
      <p class="lens-time-left" aria-live="off">
        {timeLeft}
        <span class="visually-hidden">, {t('percentRead', percent)}</span>
      </p>
      <div class="lens-toolbar-end">
        <fieldset class="lens-size">
          <legend class="visually-hidden">{t('textSize', prefs.size)}</legend>
          <button
            type="button"
            class="lens-toolbar-button lens-text-smaller"
            disabled={smallest}
            onClick={() => onLook({ size: stepSize(prefs.size, -1) })}
          >
            {t('textSmallerMark')}
            <span class="visually-hidden"> {t('textSmaller')}</span>
          </button>
          <button
            type="button"
            class="lens-toolbar-button is-large lens-text-larger"
            disabled={largest}
            onClick={() => onLook({ size: stepSize(prefs.size, 1) })}
          >
            {t('textLargerMark')}
            <span class="visually-hidden"> {t('textLarger')}</span>
          </button>
        </fieldset>
        <label class="visually-hidden" for="lens-width">
          {t('columnWidth')}
        </label>
        <select
          id="lens-width"
          value={prefs.width}
          onChange={(e) => onLook({ width: (e.currentTarget as HTMLSelectElement).value as ReaderWidth })}
        >
          {WIDTHS.map((w) => (
            <option key={w.value} value={w.value}>
              {t(w.label)}
            </option>
          ))}
        </select>
        <label class="visually-hidden" for="lens-theme">
          {t('optionsTheme')}
        </label>
        <select
          id="lens-theme"
          value={prefs.theme}
          onChange={(e) => onLook({ theme: (e.currentTarget as HTMLSelectElement).value as ReaderTheme })}
        >
          {THEMES.map((th) => (
            <option key={th.value} value={th.value}>
              {t(th.label)}
            </option>
          ))}
        </select>
        <button type="button" class="lens-toolbar-button" aria-label={t('keyboardKeys')} onClick={onHelp}>
          ?
        </button>
      </div>
    </header>
  );
}
