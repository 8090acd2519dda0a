import { describe, expect, test } from 'vitest';
import {
  htmlToMarkdown,
  markdownFileName,
  postsToMarkdown,
  postsToMarkdownZip,
  postToMarkdown,
} from '../../lib/export/markdown';
import type { Post } from '../../lib/model';

const post: Post = {
  id: 'abcdefghijklmnopq',
  source: 'lesswrong',
  url: 'https://www.lesswrong.com/posts/abcdefghijklmnopq/entropy',
  title: 'Introduction to "abstract" entropy',
  author: 'Alex',
  published: '2022-10-20T00:00:00.000Z',
  html:
    '<h2 id="why">Why entropy?</h2>' +
    '<p>Entropy is <em>expected</em> surprise, <span class="lens-math" data-lens-tex="H(X) = -\\sum p \\log p" data-lens-display="false">H</span> bits.<sup><a class="lens-fnref" id="fnref-1" href="#fn-1" data-lens-footnote="fn-1">[1]</a></sup></p>' +
    '<div class="lens-math" data-lens-tex="\\int_0^1 x\\,dx" data-lens-display="true">∫</div>' +
    '<p>It costs $5 and <strong>matters</strong>; see <a href="https://example.org/a">this</a>.<sup><a class="lens-fnref" id="fnref-2" href="#fn-2" data-lens-footnote="fn-2">[2]</a></sup></p>' +
    '<ul><li>one</li><li>two <code>x*y</code></li></ul>' +
    '<h3 id="more">More</h3><ol><li>first</li><li>second</li></ol>',
  headings: [
    { id: 'why', level: 2, text: 'Why entropy?' },
    { id: 'more', level: 3, text: 'More' },
  ],
  footnotes: [
    { id: 'fn-1', number: 1, html: '<p>Shannon, 1948.</p>', text: 'Shannon, 1948.', refIds: ['fnref-1'] },
    {
      id: 'fn-2',
      number: 2,
      html: '<p>With <span class="lens-math" data-lens-tex="n" data-lens-display="false">n</span> states.</p>',
      text: 'With n states.',
      refIds: ['fnref-2'],
    },
  ],
  math: [
    { tex: 'H(X) = -\\sum p \\log p', display: false },
    { tex: '\\int_0^1 x\\,dx', display: true },
    { tex: 'n', display: false },
  ],
};

describe('Markdown export', () => {
  test('a post with footnotes and math becomes front matter, # headings, [^n] notes and $ math', () => {
    expect(postToMarkdown(post)).toBe(
      [
        '---',
        'title: "Introduction to \\"abstract\\" entropy"',
        'author: "Alex"',
        'url: "https://www.lesswrong.com/posts/abcdefghijklmnopq/entropy"',
        'date: "2022-10-20T00:00:00.000Z"',
        '---',
        '',
        '# Introduction to "abstract" entropy',
        '',
        '## Why entropy?',
        '',
        'Entropy is *expected* surprise, $H(X) = -\\sum p \\log p$ bits.[^1]',
        '',
        '$$',
        '\\int_0^1 x\\,dx',
        '$$',
        '',
        'It costs \\$5 and **matters**; see [this](https://example.org/a).[^2]',
        '',
        '- one',
        '- two `x*y`',
        '',
        '### More',
        '',
        '1. first',
        '2. second',
        '',
        '[^1]: Shannon, 1948.',
        '[^2]: With $n$ states.',
        '',
      ].join('\n'),
    );
  });

  test('several posts keep their footnote labels apart', () => {
    const md = postsToMarkdown([post, { ...post, id: 'x', title: 'Second' }]);
    expect(md).toContain('[^1-1]: Shannon, 1948.');
    expect(md).toContain('[^2-2]: With $n$ states.');
    expect(md).not.toContain('[^1]:');
  });

  test.each([
    ['javascript: links lose their target', '<p><a href="javascript:alert(1)">x</a></p>', 'x'],
    ['blockquotes are quoted', '<blockquote><p>a</p><p>b</p></blockquote>', '> a\n>\n> b'],
    ['code blocks are fenced', '<pre><code>let a = 1;\n</code></pre>', '```\nlet a = 1;\n```'],
    [
      'tables become pipe tables',
      '<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2|3</td></tr></table>',
      '| a | b |\n| --- | --- |\n| 1 | 2\\|3 |',
    ],
    ['markdown characters in text are escaped', '<p>*not* _em_ [x]</p>', '\\*not\\* \\_em\\_ \\[x\\]'],
  ])('%s', (_name, html, md) => {
    expect(htmlToMarkdown(html)).toBe(md);
  });

  test('file names are slugs of the title', () => {
    expect(markdownFileName(post)).toBe('introduction-to-abstract-entropy.md');
    expect(markdownFileName({ id: 'id1', title: '???' })).toBe('id1.md');
  });
});

describe('postsToMarkdownZip', () => {
  test('one file per post plus an index linking them, chapters as sections', async () => {
    const { unzipSync, strFromU8 } = await import('fflate');
    const second: Post = { ...post, id: 'bbbbbbbbbbbbbbbbb', title: 'Second / post', footnotes: [] };
    const third: Post = { ...post, id: 'ccccccccccccccccc', title: 'Third', footnotes: [] };
    const files = unzipSync(
      postsToMarkdownZip([post, second, third], {
        title: 'A sequence',
        chapters: [{ title: 'Part one', postIds: [post.id, second.id] }],
      }),
    );
    expect(Object.keys(files).sort()).toEqual([
      '01-introduction-to-abstract-entropy.md',
      '02-second-post.md',
      '03-third.md',
      'index.md',
    ]);
    expect(strFromU8(files['index.md']!)).toBe(
      '# A sequence\n\n## Part one\n\n- [Introduction to "abstract" entropy](01-introduction-to-abstract-entropy.md)\n- [Second / post](02-second-post.md)\n\n## Other posts\n\n- [Third](03-third.md)\n',
    );
    expect(strFromU8(files['01-introduction-to-abstract-entropy.md']!)).toBe(postToMarkdown(post));
  });

  test('an empty selection is refused with a clear message', () => {
    expect(() => postsToMarkdownZip([])).toThrow('There is nothing to export: choose at least one post.');
  });
});
