import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { OptionsForm } from '../../components/OptionsForm';
import { DEFAULT_SETTINGS } from '../../lib/settings';

const sites = [
  { key: 'lesswrong', label: 'LessWrong' },
  { key: 'greaterwrong', label: 'GreaterWrong' },
] as const;

describe('OptionsForm', () => {
  afterEach(cleanup);

  test('turning previews off for a site reports the new settings', () => {
    const onChange = vi.fn();
    render(<OptionsForm settings={DEFAULT_SETTINGS} sites={sites} onChange={onChange} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Lens footnote previews on LessWrong' }));
    expect(onChange.mock.calls[0]![0].sites.lesswrong).toEqual({ enabled: true, previews: false });
  });

  test('the delay and the theme are editable', () => {
    const onChange = vi.fn();
    render(<OptionsForm settings={DEFAULT_SETTINGS} sites={sites} onChange={onChange} />);
    const delay = screen.getByRole('spinbutton', { name: /Delay before a preview opens/ }) as HTMLInputElement;
    expect(delay.value).toBe('150');
    fireEvent.change(delay, { target: { value: '300' } });
    expect(onChange.mock.calls.at(-1)![0].previewDelay).toBe(300);
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(onChange.mock.calls.at(-1)![0].theme).toBe('dark');
  });

  test('a site with Lens off cannot have its previews toggled', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      sites: { ...DEFAULT_SETTINGS.sites, greaterwrong: { enabled: false, previews: true } },
    };
    render(<OptionsForm settings={settings} sites={sites} onChange={() => {}} />);
    expect(
      (screen.getByRole('checkbox', { name: 'Lens footnote previews on GreaterWrong' }) as HTMLInputElement).disabled,
    ).toBe(true);
  });
});
