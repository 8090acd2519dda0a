import { type MessageKey, t } from '../lib/i18n';
import type { Settings, SiteKey, ThemeSetting } from '../lib/settings';
import { Message } from './Message';

export type OptionsFormProps = {
  settings: Settings;
  sites: readonly { key: SiteKey; label: string }[];
  onChange: (settings: Settings) => void;
  /** Shown after a save, e.g. "Saved". */
  status?: string;
};

const THEMES: { value: ThemeSetting; label: MessageKey }[] = [
  { value: 'system', label: 'themeSystem' },
  { value: 'light', label: 'themeLight' },
  { value: 'dark', label: 'themeDark' },
];

/** The settings form: preview delay, theme, and Lens and its previews on or off per site. */
export function OptionsForm({ settings, sites, onChange, status }: OptionsFormProps) {
  const setSite = (key: SiteKey, field: 'enabled' | 'previews', value: boolean) =>
    onChange({ ...settings, sites: { ...settings.sites, [key]: { ...settings.sites[key], [field]: value } } });
  return (
    <form class="options" onSubmit={(e) => e.preventDefault()}>
      <fieldset>
        <legend>{t('optionsPreviews')}</legend>
        <label for="lens-preview-delay">
          <Message
            id="optionsDelay"
            slots={[
              <input
                id="lens-preview-delay"
                type="number"
                min={0}
                max={2000}
                step={10}
                value={settings.previewDelay}
                onChange={(e) => onChange({ ...settings, previewDelay: Number(e.currentTarget.value) })}
              />,
            ]}
          />
        </label>
        <p class="hint">{t('optionsDelayHint')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('optionsTheme')}</legend>
        {THEMES.map((choice) => (
          <label key={choice.value} class="choice">
            <input
              type="radio"
              name="theme"
              value={choice.value}
              checked={settings.theme === choice.value}
              onChange={() => onChange({ ...settings, theme: choice.value })}
            />{' '}
            {t(choice.label)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('optionsSites')}</legend>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('optionsSite')}</th>
              <th scope="col">{t('optionsLensColumn')}</th>
              <th scope="col">{t('optionsPreviewsColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {sites.map(({ key, label }) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('optionsLensOn', label)}
                    checked={settings.sites[key].enabled}
                    onChange={(e) => setSite(key, 'enabled', e.currentTarget.checked)}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('optionsPreviewsOn', label)}
                    checked={settings.sites[key].previews}
                    disabled={!settings.sites[key].enabled}
                    onChange={(e) => setSite(key, 'previews', e.currentTarget.checked)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="hint">{t('optionsSitesHint')}</p>
      </fieldset>
      <p role="status" class="status">
        {status ?? ''}
      </p>
    </form>
  );
}
