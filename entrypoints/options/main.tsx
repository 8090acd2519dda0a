import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { OptionsForm } from '../../components/OptionsForm';
import { DEFAULT_SETTINGS, loadSettings, type Settings, saveSettings, watchSettings } from '../../lib/settings';
import './style.css';
import { messagesLanguage, t } from '../../lib/i18n';

const SITES = (
  [
    { key: 'lesswrong', label: 'siteLessWrong' },
    { key: 'alignmentforum', label: 'siteAlignmentForum' },
    { key: 'eaforum', label: 'siteEaForum' },
    { key: 'greaterwrong', label: 'siteGreaterWrong' },
    { key: 'aggregator', label: 'optionsSiteAggregator' },
    { key: 'other', label: 'optionsSiteOther' },
  ] as const
).map(({ key, label }) => ({ key, label: t(label) }));

document.title = t('optionsTitle');
document.documentElement.lang = messagesLanguage();

function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<string>();
  useEffect(() => {
    loadSettings().then(setSettings, () => setSettings(DEFAULT_SETTINGS));
    // Another options tab (or a sync) changing the settings shows here too.
    return watchSettings(setSettings);
  }, []);
  if (!settings) return <p>{t('loading')}</p>;
  const change = (next: Settings) => {
    setSettings(next);
    saveSettings(next).then(
      () => setStatus(t('optionsSaved')),
      (e: unknown) => setStatus(t('optionsSaveFailed', e instanceof Error ? e.message : String(e))),
    );
  };
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <OptionsForm settings={settings} sites={SITES} onChange={change} status={status} />
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Options />, root);
