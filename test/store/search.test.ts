import { describe, expect, test } from 'vitest';
import { deleteSaved, savePost } from '../../lib/store/saved-posts';
import { LibrarySearch } from '../../lib/store/search';
import { htmlToText } from '../../lib/store/text';
import { freshDB, makePost } from './helpers';

describe('library search', () => {
  test('finds posts by title, author, body and footnote text, and follows saves and deletes incrementally', async () => {
    const db = await freshDB();
    await savePost(db, makePost());
    await savePost(
      db,
      makePost({
        id: 'secondsecondsecon',
        title: 'Bayes and beliefs',
        author: 'Grace',
        html: '<p>Priors update.</p>',
        footnotes: [],
      }),
    );
    const search = new LibrarySearch(db);
    expect(await search.search('lenses')).toEqual(['abcdefghijklmnopq']);
    expect(await search.search('grace')).toEqual(['secondsecondsecon']);
    expect(await search.search('telescopes')).toEqual(['abcdefghijklmnopq']);
    expect(await search.search('optics')).toEqual(['abcdefghijklmnopq']);
    expect(await search.search('priors')).toEqual(['secondsecondsecon']);
    await savePost(db, makePost({ id: 'thirdthirdthirdth', title: 'Optics for beginners', footnotes: [] }));
    await search.update(['thirdthirdthirdth']);
    expect((await search.search('optics')).sort()).toEqual(['abcdefghijklmnopq', 'thirdthirdthirdth']);
    await savePost(db, makePost({ html: '<p>Mirrors only now.</p>', footnotes: [] }));
    await search.update(['abcdefghijklmnopq']);
    expect(await search.search('telescopes')).toEqual(['thirdthirdthirdth']);
    expect(await search.search('mirrors')).toEqual(['abcdefghijklmnopq']);
    await deleteSaved(db, ['thirdthirdthirdth']);
    await search.remove(['thirdthirdthirdth']);
    expect(await search.search('beginners')).toEqual([]);
    expect(await search.size()).toBe(2);
    expect(await search.search('   ')).toEqual([]);
  });

  test.each([
    ['tags and entities', '<p>a &amp; b&nbsp;c &#x41;&#66;</p>', 'a & b c AB'],
    ['script and style bodies', '<p>x</p><script>evil()</script><style>p{}</style><p>y</p>', 'x y'],
    ['block boundaries', '<p>one</p><p>two</p>', 'one two'],
  ])('plain text for the index drops %s', (_n, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});
