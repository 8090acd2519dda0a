import { afterEach, describe, expect, test } from 'vitest';
import {
  fillMessage,
  formatBytes,
  formatDate,
  formatMinutes,
  formatNumber,
  messageParts,
  messagesLanguage,
  setCatalog,
  t,
  tn,
} from '../../lib/i18n';
import en from '../../public/_locales/en/messages.json';
import ru from '../../public/_locales/ru/messages.json';

afterEach(() => setCatalog(en, 'en'));

describe('Russian plurals through Intl.PluralRules', () => {
  test.each([
    [1, '1 пост'],
    [2, '2 поста'],
    [4, '4 поста'],
    [5, '5 постов'],
    [11, '11 постов'],
    [12, '12 постов'],
    [21, '21 пост'],
    [22, '22 поста'],
    [25, '25 постов'],
    [101, '101 пост'],
    [1000, '1 000 постов'],
  ])('%i → %s', (n, expected) => {
    setCatalog(ru, 'ru');
    // Intl writes Russian thousands with a narrow no-break space.
    expect(tn('postCount', n).replace(/\u00a0|\u202f/g, ' ')).toBe(expected);
  });

  test('a sentence with the count and a name', () => {
    setCatalog(ru, 'ru');
    expect(tn('epubSaved', 3, 'lens.epub', '2 МБ')).toBe('Сохранён файл lens.epub: 3 поста, 2 МБ.');
    expect(tn('epubSaved', 1, 'lens.epub', '2 МБ')).toBe('Сохранён файл lens.epub: 1 пост, 2 МБ.');
  });

  test('English: one and other, and a "one" form that leaves out the 1', () => {
    expect(tn('postCount', 1)).toBe('1 post');
    expect(tn('postCount', 0)).toBe('0 posts');
    expect(tn('postCount', 1234)).toBe('1,234 posts');
    expect(tn('keepImages', 1)).toBe('Keep its image offline');
    expect(tn('keepImages', 3)).toBe('Keep its 3 images offline');
  });
});

describe('numbers, sizes, dates and durations in the messages’ language', () => {
  test('sizes', () => {
    expect(formatBytes(512)).toBe('512 byte');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB');
    setCatalog(ru, 'ru');
    expect(formatBytes(1536).replace(/\u00a0/g, ' ')).toBe('1,5 кБ');
    expect(formatBytes(5 * 1024 * 1024 * 1024).replace(/\u00a0/g, ' ')).toBe('5 ГБ');
  });

  test.each([
    ['under a minute', 0.4, '<1 min', '<1 мин'],
    ['rounded minutes', 4.6, '5 min', '5 мин'],
    ['whole hours', 120, '2 hr', '2 ч'],
    ['hours and minutes', 65, '1 hr 5 min', '1 ч 5 мин'],
  ])('reading time: %s', (_name, minutes, english, russian) => {
    expect(formatMinutes(minutes)).toBe(english);
    setCatalog(ru, 'ru');
    expect(formatMinutes(minutes).replace(/\u00a0/g, ' ')).toBe(russian);
  });

  test('dates: the UI region when the messages are in its language, else the messages’ language', () => {
    const day = '2026-02-19T13:51:00Z';
    expect(formatDate(day)).toBe('Feb 19, 2026');
    setCatalog(en, 'en-GB');
    expect(formatDate(day)).toBe('19 Feb 2026');
    setCatalog(ru, 'ru');
    expect(formatDate(day)).toBe('19 февр. 2026 г.');
    // A Ukrainian browser gets the English catalog (Lens has none in Ukrainian): dates follow the English words.
    setCatalog(en, 'uk');
    expect(messagesLanguage()).toBe('en');
    expect(formatDate(day)).toBe('Feb 19, 2026');
    expect(formatDate(undefined)).toBeUndefined();
    expect(formatDate('not a date')).toBeUndefined();
  });

  test('percentages', () => {
    setCatalog(ru, 'ru');
    expect(formatNumber(0.42, { style: 'percent' }).replace(/\u00a0/g, ' ')).toBe('42 %');
  });
});

describe('messages', () => {
  test('placeholders are filled as browsers fill them', () => {
    expect(
      fillMessage(
        {
          message: 'Saved $Saved$ of $COUNT$ ($$5)',
          placeholders: { count: { content: '$1' }, saved: { content: '$2' } },
        },
        ['3', '2'],
      ),
    ).toBe('Saved 2 of 3 ($5)');
    expect(t('goToReference', 2, 3, 7)).toBe('Go to reference 2 of 3 to note 7');
  });

  test('a message cut around its substitutions keeps the language’s order', () => {
    expect(messageParts('savedOn', 1)).toEqual(['saved ', 0]);
    expect(messageParts('optionsDelay', 1)).toEqual(['Delay before a preview opens on hover: ', 0, '\u00a0ms']);
    setCatalog(ru, 'ru');
    expect(messageParts('optionsDelay', 1)).toEqual(['Задержка перед показом сноски при наведении: ', 0, '\u00a0мс']);
  });
});
