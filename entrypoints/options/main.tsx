import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { OptionsForm } from '../../components/OptionsForm';
import { DEFAULT_SETTINGS, loadSettings, type Settings, saveSettings, watchSettings } from '../../lib/settings';
import './style.css';

const SITES = [
  { key: 'lesswrong', label: 'LessWrong' },
  { key: 'alignmentforum', label: 'Alignment Forum' },
  { key: 'eaforum', label: 'EA Forum' },
  { key: 'greaterwrong', label: 'GreaterWrong' },
  { key: 'aggregator', label: 'lesswrong.ru (aggregator)' },
  { key: 'other', label: 'Other pages (toolbar button)' },
] as const;

function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<string>();
  useEffect(() => {
    loadSettings().then(setSettings, () => setSettings(DEFAULT_SETTINGS));
    // Another options tab (or a sync) changing the settings shows here too.
    return watchSettings(setSettings);
  }, []);
  if (!settings) return <p>Loading…</p>;
  const change = (next: Settings) => {
    setSettings(next);
    saveSettings(next).then(
      () => setStatus('Saved. Open pages pick this up at once.'),
      (e: unknown) => setStatus(`Could not save: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  return (
    <main>
      <h1>Lens settings</h1>
      <OptionsForm settings={settings} sites={SITES} onChange={change} status={status} />
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Options />, root);
