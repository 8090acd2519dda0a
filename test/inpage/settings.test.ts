import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  normalizeSettings,
  SETTINGS_KEY,
  saveSettings,
  siteOf,
  watchSettings,
} from '../../lib/settings';

describe('settings', () => {
  beforeEach(() => fakeBrowser.reset());

  test('a fresh install loads the defaults', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  test('what is saved is loaded back', async () => {
    const changed = {
      ...DEFAULT_SETTINGS,
      previewDelay: 400,
      theme: 'dark' as const,
      sites: { ...DEFAULT_SETTINGS.sites, lesswrong: { enabled: true, previews: false } },
    };
    await saveSettings(changed);
    expect(await loadSettings()).toEqual(changed);
  });

  test('watchers hear every change until they stop watching', async () => {
    const seen = vi.fn();
    const stop = watchSettings(seen);
    await saveSettings({ ...DEFAULT_SETTINGS, previewDelay: 50 });
    expect(seen).toHaveBeenCalledWith(expect.objectContaining({ previewDelay: 50 }));
    stop();
    await saveSettings({ ...DEFAULT_SETTINGS, previewDelay: 60 });
    expect(seen).toHaveBeenCalledTimes(1);
  });

  test('corrupt or partial stored values fall back to the defaults field by field', async () => {
    await fakeBrowser.storage.local.set({
      [SETTINGS_KEY]: { previewDelay: 'soon', theme: 'neon', sites: { greaterwrong: { previews: false } } },
    });
    const s = await loadSettings();
    expect(s.previewDelay).toBe(150);
    expect(s.theme).toBe('system');
    expect(s.sites.greaterwrong).toEqual({ enabled: true, previews: false });
    expect(s.sites.lesswrong).toEqual({ enabled: true, previews: true });
  });

  test.each([
    [-5, 0],
    [99999, 2000],
    [212.6, 213],
  ])('a delay of %s is kept within bounds as %s', (raw, expected) => {
    expect(normalizeSettings({ previewDelay: raw }).previewDelay).toBe(expected);
  });

  test.each([
    ['www.lesswrong.com', 'lesswrong'],
    ['lesswrong.com', 'lesswrong'],
    ['www.alignmentforum.org', 'alignmentforum'],
    ['forum.effectivealtruism.org', 'eaforum'],
    ['ea.greaterwrong.com', 'greaterwrong'],
    ['www.greaterwrong.com', 'greaterwrong'],
    ['lesswrong.ru', 'aggregator'],
    ['example.org', 'other'],
  ])('%s belongs to the %s settings', (host, key) => {
    expect(siteOf(host)).toBe(key);
  });
});
