import { browser } from 'wxt/browser';

/** The sites Lens knows, as settings keys; 'other' is any page the reader runs Lens on from the toolbar. */
export type SiteKey = 'lesswrong' | 'alignmentforum' | 'eaforum' | 'greaterwrong' | 'aggregator' | 'other';

/** How previews pick light or dark: follow the page and the system, or force one. */
export type ThemeSetting = 'system' | 'light' | 'dark';

/** What the reader chose for one site: Lens at all, and Lens's footnote previews (off leaves the site's own popups alone). */
export type SiteSettings = { enabled: boolean; previews: boolean };

/** Every setting Lens stores. */
export type Settings = {
  /** Milliseconds the pointer rests on a reference before its preview opens. */
  previewDelay: number;
  theme: ThemeSetting;
  sites: Record<SiteKey, SiteSettings>;
};

/** Every site key, in the order the options page lists them. */
export const SITE_KEYS: readonly SiteKey[] = [
  'lesswrong',
  'alignmentforum',
  'eaforum',
  'greaterwrong',
  'aggregator',
  'other',
];

/** The settings of a fresh install. */
export const DEFAULT_SETTINGS: Settings = {
  previewDelay: 150,
  theme: 'system',
  sites: {
    lesswrong: { enabled: true, previews: true },
    alignmentforum: { enabled: true, previews: true },
    eaforum: { enabled: true, previews: true },
    greaterwrong: { enabled: true, previews: true },
    aggregator: { enabled: true, previews: true },
    other: { enabled: true, previews: true },
  },
};

/** The storage.local key the settings live under. */
export const SETTINGS_KEY = 'lens:settings';

/** Which site key a hostname belongs to. */
export function siteOf(hostname: string): SiteKey {
  const host = hostname.toLowerCase().replace(/^www\./, '');
  if (host === 'lesswrong.com') return 'lesswrong';
  if (host === 'alignmentforum.org') return 'alignmentforum';
  if (host === 'forum.effectivealtruism.org') return 'eaforum';
  if (host === 'greaterwrong.com' || host.endsWith('.greaterwrong.com')) return 'greaterwrong';
  if (host === 'lesswrong.ru') return 'aggregator';
  return 'other';
}

/** Merges whatever is stored (possibly old, partial or corrupt) over the defaults, keeping only valid values. */
export function normalizeSettings(raw: unknown): Settings {
  const r = isObject(raw) ? raw : {};
  const delay = typeof r.previewDelay === 'number' && Number.isFinite(r.previewDelay) ? r.previewDelay : undefined;
  const theme = r.theme === 'light' || r.theme === 'dark' || r.theme === 'system' ? r.theme : DEFAULT_SETTINGS.theme;
  const storedSites = isObject(r.sites) ? r.sites : {};
  const sites = {} as Record<SiteKey, SiteSettings>;
  for (const key of SITE_KEYS) {
    const s = isObject(storedSites[key]) ? storedSites[key] : {};
    const d = DEFAULT_SETTINGS.sites[key];
    sites[key] = {
      enabled: typeof s.enabled === 'boolean' ? s.enabled : d.enabled,
      previews: typeof s.previews === 'boolean' ? s.previews : d.previews,
    };
  }
  return {
    previewDelay: delay === undefined ? DEFAULT_SETTINGS.previewDelay : Math.round(Math.min(Math.max(delay, 0), 2000)),
    theme,
    sites,
  };
}

/** Reads the settings from browser.storage.local, falling back to the defaults. */
export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return normalizeSettings(stored[SETTINGS_KEY]);
}

/** Writes the settings (normalized) to browser.storage.local and returns what was stored. */
export async function saveSettings(settings: Settings): Promise<Settings> {
  const clean = normalizeSettings(settings);
  await browser.storage.local.set({ [SETTINGS_KEY]: clean });
  return clean;
}

/** Calls `onChange` with the new settings whenever they change in storage; returns the function that stops watching. */
export function watchSettings(onChange: (settings: Settings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    onChange(normalizeSettings(changes[SETTINGS_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
