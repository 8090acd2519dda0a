import { describe, expect, test } from 'vitest';
import { postsToMarkdown, postToMarkdown } from '../../lib/export/markdown';
import { parseLensMarkdown } from '../../lib/parse/markdown';
import { detectImport } from '../../lib/reader/import-kind';
import { makePost } from '../store/helpers';

describe('detectImport', () => {
  test.each([
    [
      'a Lens backup',
      '{"format":"lens-backup","version":1,"exportedAt":"2026-01-01T00:00:00Z","posts":[]}',
      'x.json',
      'backup',
    ],
    ['other JSON', '{"hello":1}', 'x.json', 'other-json'],
    ['Lens Markdown', '---\ntitle: "A"\n---\n\n# A\n\nBody\n', 'a.md', 'markdown'],
    ['an HTML page by content', '<!doctype html><html><body>Hi</body></html>', 'page', 'html'],
    ['an HTML file by name', '<p>Hi</p>', 'dump.html', 'html'],
    ['a text dump', 'Title\nby Someone\n\nText of the post.', 'dump.txt', 'text'],
    ['pasted text that opens with a bracket', '[1] A list of notes', undefined, 'text'],
    ['blank text', '  \n ', undefined, 'empty'],
  ])('%s', (_name, text, name, kind) => {
    expect(detectImport({ text, name })).toBe(kind);
  });
});

describe('parseLensMarkdown reads back what the Markdown export writes', () => {
  test('one post: title, author, url, date, headings, footnote, math', () => {
    const post = makePost();
    const [back] = parseLensMarkdown(postToMarkdown(post));
    expect(back).toMatchObject({
      id: post.id,
      source: 'lesswrong',
      url: post.url,
      title: post.title,
      author: post.author,
      published: post.published,
    });
    expect(back!.headings.map((h) => [h.level, h.text])).toEqual([
      [2, 'Intro'],
      [2, 'More'],
    ]);
    expect(back!.footnotes).toHaveLength(1);
    expect(back!.footnotes[0]).toMatchObject({ number: 1, text: 'A note about optics.' });
    expect(back!.footnotes[0]!.refIds).toHaveLength(1);
    expect(back!.html).toContain(`id="${back!.footnotes[0]!.refIds[0]}"`);
    expect(back!.math).toEqual([{ tex: 'x^2', display: false }]);
    expect(back!.html).toContain('First paragraph about telescopes.');
  });

  test('several posts joined by the export are read as several', () => {
    const a = makePost();
    const b = makePost({
      id: 'bbbbbbbbbbbbbbbbb',
      url: 'https://www.lesswrong.com/posts/bbbbbbbbbbbbbbbbb/b',
      title: 'Second',
    });
    const posts = parseLensMarkdown(postsToMarkdown([a, b]));
    expect(posts.map((p) => p.title)).toEqual([a.title, 'Second']);
    expect(posts.map((p) => p.id)).toEqual([a.id, b.id]);
  });

  test('markup in the text stays text, links keep only web addresses', () => {
    const md =
      '---\ntitle: "T"\n---\n\n# T\n\n<script>alert(1)</script> [x](javascript:alert(1)) [ok](https://a.example/) costs \\$5\n';
    const [p] = parseLensMarkdown(md);
    expect(p!.html).not.toContain('<script');
    expect(p!.html).not.toContain('href="javascript');
    expect(p!.html).toContain('href="https://a.example/"');
    expect(p!.math).toEqual([]);
    expect(p!.source).toBe('text');
  });
});
