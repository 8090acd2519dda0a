// The reader page's own choices (theme, text size, width), kept in storage.local beside the settings so they survive
// a restart; read by reader-boot.js before the page's modules load, so the first frame already has the right theme.

/** The reader's theme: follow the options' theme (and through it the system), or one of its own. */
export type ReaderTheme = 'auto' | 'light' | 'dark' | 'sepia';

/** How wide the text column is. */
export type ReaderWidth = 'narrow' | 'medium' | 'wide';

/** What the reader remembers about how a post is shown. */
export type ReaderPrefs = { theme: ReaderTheme; size: number; width: ReaderWidth };

/** The storage.local key the reader's choices live under. */
export const READER_PREFS_KEY = 'lens:reader';

/** The text sizes A− and A+ step through, in CSS pixels. */
export const TEXT_SIZES = [16, 17, 18, 20, 22, 24, 27] as const;

/** The reader's choices on a fresh install. */
export const DEFAULT_READER_PREFS: ReaderPrefs = { theme: 'auto', size: 20, width: 'medium' };

/** Where reader-boot.js leaves its promise of the stored choices and the options' theme. */
export const EARLY_PREFS = '__lensReaderPrefs';

/** The stored choices and the options' theme, as the reader page needs them. */
export type StoredLook = { prefs: ReaderPrefs; optionsTheme: 'system' | 'light' | 'dark' };

const THEMES: readonly ReaderTheme[] = ['auto', 'light', 'dark', 'sepia'];
const WIDTHS: readonly ReaderWidth[] = ['narrow', 'medium', 'wide'];

/** Keeps only valid stored values, over the defaults (anything missing, old or corrupt becomes the default). */
export function normalizeReaderPrefs(raw: unknown): ReaderPrefs {
  const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const theme = THEMES.includes(r.theme as ReaderTheme) ? (r.theme as ReaderTheme) : DEFAULT_READER_PREFS.theme;
  const width = WIDTHS.includes(r.width as ReaderWidth) ? (r.width as ReaderWidth) : DEFAULT_READER_PREFS.width;
  const size = TEXT_SIZES.includes(r.size as (typeof TEXT_SIZES)[number])
    ? (r.size as number)
    : DEFAULT_READER_PREFS.size;
  return { theme, size, width };
}

/** The next text size up (+1) or down (−1), staying within the steps. */
export function stepSize(size: number, direction: 1 | -1): number {
  const i = TEXT_SIZES.findIndex((s) => s >= size);
  const at = i < 0 ? TEXT_SIZES.length - 1 : i;
  return TEXT_SIZES[Math.min(Math.max(at + direction, 0), TEXT_SIZES.length - 1)]!;
}

/** The theme to paint: the reader's own choice, else the options' theme, else the system's. */
export function resolveTheme(
  theme: ReaderTheme,
  optionsTheme: 'system' | 'light' | 'dark',
  systemDark: boolean,
): 'light' | 'dark' | 'sepia' {
  if (theme !== 'auto') return theme;
  if (optionsTheme !== 'system') return optionsTheme;
  return systemDark ? 'dark' : 'light';
}

/** The part of storage.local these functions use (browser.storage.local in the page, a fake in tests). */
export type LookStorage = {
  get: (keys: string[]) => Promise<Record<string, unknown>>;
  set: (items: Record<string, unknown>) => Promise<void>;
};

/** Reads the reader's choices and the options' theme in one storage read. */
export async function loadLook(storage: LookStorage): Promise<StoredLook> {
  const stored = await storage.get([READER_PREFS_KEY, SETTINGS_KEY]);
  return { prefs: normalizeReaderPrefs(stored[READER_PREFS_KEY]), optionsTheme: optionsThemeOf(stored[SETTINGS_KEY]) };
}

// The settings' key (lib/settings.ts), not imported: that module brings the browser polyfill into this small chunk.
const SETTINGS_KEY = 'lens:settings';

/** The options' theme in stored settings (anything else, or nothing, is 'system'). */
export function optionsThemeOf(settings: unknown): StoredLook['optionsTheme'] {
  const t = (settings as { theme?: unknown } | undefined)?.theme;
  return t === 'light' || t === 'dark' ? t : 'system';
}

type StorageListener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;

/** The part of storage.onChanged `watchOptionsTheme` uses (the browser's own in the page, a fake in tests). */
export type StorageChanges = {
  addListener: (listener: StorageListener) => void;
  removeListener: (listener: StorageListener) => void;
};

/**
 * Calls `onChange` with the options' theme each time the settings change in storage.local (the options page saved),
 * so an open reader follows without a reload; returns the function that stops watching.
 */
export function watchOptionsTheme(
  changes: StorageChanges,
  onChange: (theme: StoredLook['optionsTheme']) => void,
): () => void {
  const listener: StorageListener = (changed, area) => {
    if (area === 'local' && SETTINGS_KEY in changed) onChange(optionsThemeOf(changed[SETTINGS_KEY]?.newValue));
  };
  changes.addListener(listener);
  return () => changes.removeListener(listener);
}

/** Stores the reader's choices (normalised) and returns what was stored. */
export async function saveReaderPrefs(storage: LookStorage, prefs: ReaderPrefs): Promise<ReaderPrefs> {
  const clean = normalizeReaderPrefs(prefs);
  await storage.set({ [READER_PREFS_KEY]: clean });
  return clean;
}

/**
 * The browser's own storage.local (Firefox's `browser`, Chrome's `chrome`, both promise-based for storage), without
 * the polyfill module: reader-boot.js is a classic script and the library's first chunk stays small.
 */
export function pageLookStorage(): LookStorage | undefined {
  type Holder = { storage?: { local?: LookStorage } };
  const g = globalThis as unknown as { browser?: Holder; chrome?: Holder };
  return g.browser?.storage?.local ?? g.chrome?.storage?.local;
}

/** The browser's own storage.onChanged (see pageLookStorage: no polyfill module in the reader's first chunk). */
export function pageStorageChanges(): StorageChanges | undefined {
  type Holder = { storage?: { onChanged?: StorageChanges } };
  const g = globalThis as unknown as { browser?: Holder; chrome?: Holder };
  return g.browser?.storage?.onChanged ?? g.chrome?.storage?.onChanged;
}

/** The defaults, when nothing could be read. */
export const DEFAULT_LOOK: StoredLook = { prefs: DEFAULT_READER_PREFS, optionsTheme: 'system' };
