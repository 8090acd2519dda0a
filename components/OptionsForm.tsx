import type { Settings, SiteKey, ThemeSetting } from '../lib/settings';

export type OptionsFormProps = {
  settings: Settings;
  sites: readonly { key: SiteKey; label: string }[];
  onChange: (settings: Settings) => void;
  /** Shown after a save, e.g. "Saved". */
  status?: string;
};

const THEMES: { value: ThemeSetting; label: string }[] = [
  { value: 'system', label: 'Follow the page and the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The settings form: preview delay, theme, and Lens and its previews on or off per site. */
export function OptionsForm({ settings, sites, onChange, status }: OptionsFormProps) {
  const setSite = (key: SiteKey, field: 'enabled' | 'previews', value: boolean) =>
    onChange({ ...settings, sites: { ...settings.sites, [key]: { ...settings.sites[key], [field]: value } } });
  return (
    <form class="options" onSubmit={(e) => e.preventDefault()}>
      <fieldset>
        <legend>Footnote previews</legend>
        <label>
          Delay before a preview opens on hover:{' '}
          <input
            type="number"
            min={0}
            max={2000}
            step={10}
            value={settings.previewDelay}
            onChange={(e) => onChange({ ...settings, previewDelay: Number(e.currentTarget.value) })}
          />{' '}
          ms
        </label>
        <p class="hint">Keyboard focus and taps open a preview at once.</p>
      </fieldset>
      <fieldset>
        <legend>Theme</legend>
        {THEMES.map((t) => (
          <label key={t.value} class="choice">
            <input
              type="radio"
              name="theme"
              value={t.value}
              checked={settings.theme === t.value}
              onChange={() => onChange({ ...settings, theme: t.value })}
            />{' '}
            {t.label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Sites</legend>
        <table>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Lens</th>
              <th scope="col">Lens footnote previews</th>
            </tr>
          </thead>
          <tbody>
            {sites.map(({ key, label }) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Lens on ${label}`}
                    checked={settings.sites[key].enabled}
                    onChange={(e) => setSite(key, 'enabled', e.currentTarget.checked)}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Lens footnote previews on ${label}`}
                    checked={settings.sites[key].previews}
                    disabled={!settings.sites[key].enabled}
                    onChange={(e) => setSite(key, 'previews', e.currentTarget.checked)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="hint">With Lens previews off, the site's own footnote popups work as usual.</p>
      </fieldset>
      <p role="status" class="status">
        {status ?? ''}
      </p>
    </form>
  );
}
