import { describe, expect, test } from 'vitest';
import { startPage } from '../../dev/demo';
import { START_TEXT, startLanguage } from '../../dev/start-page-text';

const URLS = {
  post: 'http://www.lesswrong.com/posts/REA49tL5jsh69X3aM/introduction-to-abstract-entropy',
  greaterwrong: 'http://www.greaterwrong.com/posts/REA49tL5jsh69X3aM/introduction-to-abstract-entropy',
  aggregator: 'http://lesswrong.ru/w/a?x=1&y=2',
};

describe("the npm start demo's start page", () => {
  test.each(['en', 'ru'] as const)(
    'in %s: every word from its catalog, every placeholder filled, addresses escaped',
    (lang) => {
      for (const mode of ['demo', 'live'] as const) {
        const html = startPage(URLS, mode, 8, lang);
        expect(html).not.toMatch(/\{\{/);
        expect(html).toContain(`<html lang="${lang}">`);
        expect(html).toContain(`<title>${START_TEXT[lang].title}</title>`);
        expect(html).toContain(START_TEXT[lang].stop);
        expect(html).toContain(`href="${URLS.post}"`);
        expect(html).toContain('http://lesswrong.ru/w/a?x=1&amp;y=2');
        const doc = new DOMParser().parseFromString(html, 'text/html');
        expect(doc.querySelectorAll('ol.steps li')).toHaveLength(5);
        if (mode === 'demo') expect(doc.querySelector('.note')?.textContent).toMatch(/\b8\b/);
      }
    },
  );

  test('the two catalogs have the same keys, and the Russian page is in Russian', () => {
    expect(Object.keys(START_TEXT.ru).sort()).toEqual(Object.keys(START_TEXT.en).sort());
    const doc = new DOMParser().parseFromString(startPage(URLS, 'demo', 8, 'ru'), 'text/html');
    expect(doc.querySelector('h1')?.textContent).toBe('Lens запущен');
    // No English sentence left outside code, keys and addresses.
    for (const li of doc.querySelectorAll('ol.steps li strong')) expect(li.textContent).toMatch(/[а-яё]/i);
  });

  test('speaks the language of the system npm start runs in', () => {
    expect(startLanguage({ LANG: 'ru_RU.UTF-8' })).toBe('ru');
    expect(startLanguage({ LANG: 'en_US.UTF-8', LC_ALL: 'ru_RU.UTF-8' })).toBe('ru');
    expect(startLanguage({ LANGUAGE: 'ru:en' })).toBe('ru');
    expect(startLanguage({ LANG: 'C.UTF-8' })).toBe('en');
    expect(startLanguage({ LANG: 'rue_UA' })).toBe('en');
    expect(startLanguage({})).toBe('en');
  });
});
