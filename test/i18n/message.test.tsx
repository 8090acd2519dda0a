import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { Message } from '../../components/Message';
import { setCatalog } from '../../lib/i18n';
import en from '../../public/_locales/en/messages.json';
import ru from '../../public/_locales/ru/messages.json';

afterEach(() => {
  cleanup();
  setCatalog(en, 'en');
});

describe('Message', () => {
  test('a field and the unit a no-break space glues to it share one unbreakable span; the rest of the text is free', () => {
    setCatalog(
      { optionsDelay: { message: 'Wait $FIELD$\u00a0ms before it opens', placeholders: { field: { content: '$1' } } } },
      'en',
    );
    const { container } = render(<Message id="optionsDelay" slots={[<input key="f" id="f" />]} />);
    const input = container.querySelector('#f')!;
    const glue = input.parentElement!;
    expect(glue.tagName).toBe('SPAN');
    expect(glue.style.whiteSpace).toBe('nowrap');
    expect(glue.textContent).toBe('\u00a0ms');
    expect(container.textContent).toBe('Wait \u00a0ms before it opens');
  });

  test('without a no-break space after it, a slot is rendered bare, the text around it untouched', () => {
    setCatalog({ optionsDelay: { message: 'Wait $FIELD$ ms', placeholders: { field: { content: '$1' } } } }, 'en');
    const { container } = render(<Message id="optionsDelay" slots={[<input key="f" id="f" />]} />);
    expect(container.querySelector('#f')!.parentElement).toBe(container);
    expect(container.textContent).toBe('Wait  ms');
  });

  test('the shipped catalogs glue the preview delay to its unit in both languages', () => {
    for (const [catalog, language, unit] of [
      [en, 'en', '\u00a0ms'],
      [ru, 'ru', '\u00a0мс'],
    ] as const) {
      setCatalog(catalog, language);
      const { container, unmount } = render(<Message id="optionsDelay" slots={[<input key="f" id="f" />]} />);
      expect(container.querySelector('#f')!.parentElement!.textContent).toBe(unit);
      unmount();
    }
  });
});
