import { existsSync, readFileSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { mountReadingView, type ReadingViewHandle } from '../../lib/inpage/reading-view';
import { parseText } from '../../lib/parse/text';

const CORPUS = 'test/fixtures/dump-lesswrong-ru-aggregator/input.txt';
const text = readFileSync(existsSync(CORPUS) ? CORPUS : '/work/shared/fixtures/dumps/000_9d9642a96f038558.txt', 'utf8');

let view: ReadingViewHandle | undefined;
afterEach(() => {
  view?.destroy();
});

test('the real aggregator dump becomes 20 posts, each note linked back to its reference', async () => {
  const progress: number[] = [];
  view = mountReadingView(
    document,
    { text, parse: parseText },
    { sliceSize: 20_000, onProgress: (p) => progress.push(p.done) },
  );
  await view.loaded();
  const articles = [...view.shadowRoot.querySelectorAll('article')];
  expect(articles).toHaveLength(20);
  expect(articles[0]?.querySelector('h2')?.textContent).toBe('Telescopes Need Good Lenses');
  expect(progress.length).toBeGreaterThan(3);
  const first = articles.find((a) => a.querySelector('.lens-footnotes li'));
  const ref = first?.querySelector('a.lens-fnref');
  expect(ref?.textContent).toContain('1');
  const note = first?.querySelector(`.lens-footnotes li[id="${ref?.getAttribute('data-lens-footnote')}"]`);
  expect(note).not.toBeNull();
  const back = note?.querySelector('a.lens-backlink');
  expect(back?.getAttribute('href')).toBe(`#${ref?.id}`);
  expect(first?.querySelector('.lens-post-body h2')?.getAttribute('aria-level')).toBe('3');
  expect(view.shadowRoot.querySelector('.lens-math[data-lens-tex="N"]')).not.toBeNull();
});
