import { describe, expect, test } from 'vitest';
import { detectPage, SCAN_HEAD, SCAN_TAIL } from '../../lib/detect';

const ID = 'REA49tL5jsh69X3aM';

function html(body: string): Document {
  return new DOMParser().parseFromString(
    `<!doctype html><html><body>${body}</body></html>`,
    'text/html',
  ) as unknown as Document;
}

const LW_PAGE = '<div id="postBody"><div id="postContent"><div><p>Body</p></div></div></div>';
const GW_PAGE =
  '<main class="post"><h1 class="post-title">T</h1><div class="body-text post-body"><p>Body</p></div></main>';

describe('detectPage', () => {
  test.each([
    ['a LessWrong post page', `https://www.lesswrong.com/posts/${ID}/slug`, LW_PAGE, 'lesswrong'],
    ['a sequence post page', `https://www.lesswrong.com/s/abc/p/${ID}`, LW_PAGE, 'lesswrong'],
    ['an Alignment Forum post page', `https://www.alignmentforum.org/posts/${ID}/slug`, LW_PAGE, 'alignmentforum'],
    ['an EA Forum post page', `https://forum.effectivealtruism.org/posts/${ID}/slug`, LW_PAGE, 'eaforum'],
    ['a GreaterWrong post page', `https://www.greaterwrong.com/posts/${ID}/slug`, GW_PAGE, 'greaterwrong'],
  ])('%s is a post', (_name, url, body, source) => {
    expect(detectPage(url, html(body))).toEqual({ kind: 'post', source });
  });

  test.each([
    ['a post URL before the body has rendered', `https://www.lesswrong.com/posts/${ID}/slug`, '<div id="root"></div>'],
    ['the front page', 'https://www.lesswrong.com/', '<div class="PostsItem">A post</div>'],
    ['a user page', 'https://www.lesswrong.com/users/alex_altair', '<h1>Alex_Altair</h1>'],
    ['a search page', 'https://www.lesswrong.com/search?query=x', '<input>'],
    ['a GreaterWrong list', 'https://www.greaterwrong.com/', '<h1>Frontpage</h1>'],
    ['an unrelated page', 'https://example.com/', '<p>Hello world</p>'],
    ['an empty document', 'https://example.com/', ''],
  ])('%s is nothing', (_name, url, body) => {
    expect(detectPage(url, html(body))).toEqual({ kind: 'none' });
  });

  test.each([
    ['a lesswrong.ru aggregator page', 'https://lesswrong.ru/aggregator/sources/1', '<p>Новости LessWrong.com</p>'],
    ['a page with Discuss lines', 'https://example.com/feed', '<pre>Title\nBody text\nDiscuss\nNext</pre>'],
    ['a page with CKEditor note lines', 'https://example.com/x', '<pre>Body[1]\n- ^\nThe note.</pre>'],
    ['a page with markdown note lines', 'https://example.com/x', '<pre>Body[1]\nThe note. ↩︎\n</pre>'],
  ])('%s is a dump', (_name, url, body) => {
    expect(detectPage(url, html(body))).toEqual({ kind: 'dump' });
  });

  test('a text/plain document is a dump', () => {
    const doc = document.implementation.createHTMLDocument('');
    Object.defineProperty(doc, 'contentType', { value: 'text/plain' });
    expect(detectPage('file:///tmp/dump.txt', doc as unknown as Document)).toEqual({ kind: 'dump' });
  });

  describe('the dump-cue scan is bounded on big pages', () => {
    const filler = (chars: number) => `<p>${'Plain prose without any cue. '.repeat(Math.ceil(chars / 29))}</p>`;
    const big = SCAN_HEAD + SCAN_TAIL;

    test('a cue near the start or near the end of a large page is found', () => {
      expect(detectPage('https://example.com/a', html(`<pre>Post\nDiscuss\n</pre>${filler(big * 3)}`))).toEqual({
        kind: 'dump',
      });
      expect(detectPage('https://example.com/a', html(`${filler(big * 3)}<pre>Note. ↩︎\n</pre>`))).toEqual({
        kind: 'dump',
      });
    });

    test('the middle of a large page is not read (no full-text scan)', () => {
      const doc = html(`${filler(big)}<pre>Post\nDiscuss\n</pre>${filler(big)}`);
      expect(detectPage('https://example.com/a', doc)).toEqual({ kind: 'none' });
    });

    test('a LessWrong-family page never scans its text', () => {
      const doc = html(`<pre>Post\nDiscuss\n</pre>${filler(1000)}`);
      expect(detectPage('https://www.lesswrong.com/', doc)).toEqual({ kind: 'none' });
    });
  });
});
