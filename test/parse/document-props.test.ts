import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseDocument } from '../../lib/parse/document';

// Pieces of every shape parseDocument meets (footnotes, math, headings, chrome, broken markup), glued at random.
const FRAGMENTS = [
  '<p>',
  '</p>',
  '<div>',
  '</div>',
  '<div id="postContent">',
  '<main class="post"><div class="body-text post-body">',
  '<p><strong>Bold heading</strong></p>',
  '<h2>Heading</h2>',
  '<h3 id="top">top</h3>',
  '<span class="footnote-reference" data-footnote-index="1" id="fnrefa1"><sup><a href="#fna1">[1]</a></sup></span>',
  '<sup class="footnote-ref"><a href="#fn-x-1" id="fnref-x-1">[1]</a></sup>',
  '<a href="#fn:1">1</a>',
  '<a href="#ftnt1" id="ftnt_ref1">[1]</a>',
  '<a href="#fn%">bad</a>',
  '<ol class="footnote-section"><li class="footnote-item" id="fna1" data-footnote-index="x">',
  '<li id="fn-x-1" class="footnote-item"><p>Note <a href="#fnref-x-1" class="footnote-backref">↩︎</a></p></li>',
  '<li id="fn:1"><p>n</p></li>',
  '<p><a href="#ftnt_ref1" id="ftnt1">[1]</a> gdocs</p>',
  '</li></ol>',
  '<span class="math-tex">\\(x^2\\)</span>',
  '<span class="math-tex">\\[y\\]</span>',
  '<span class="math-tex"><span class="mjpage mjpage__block"><span class="mjx-chtml MJXc-display"><span class="mjx-math" aria-label="z">z</span></span></span></span>',
  '<style>.mjx-chtml{display:inline-block}</style>',
  '<mjx-container aria-label="a" display="true"><mjx-c></mjx-c></mjx-container>',
  '<mjx-container>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<div class="CommentsListSection-root"><div id="comments"></div>',
  '<nav class="contents"><ul><li>toc</li></ul></nav>',
  '<table><tr><td>',
  '<pre><code><b>code</b>',
  'Published on February 19, 2026 1:51 PM GMT<br/><br/>',
  '<br/><br/><a href="https://www.lesswrong.com/posts/aM6qtJ8gH72d7Hyqa/x#comments">Discuss</a>',
  '<meta name="citation_title" content="T">',
  '<script type="application/ld+json">{"@type":"DiscussionForumPosting","headline":',
  '<!--',
  '&amp;',
  '<svg><p>',
];

const html = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 })), { maxLength: 40 })
  .map((parts) => parts.join(''));
const url = fc.constantFrom(
  'https://www.lesswrong.com/posts/aM6qtJ8gH72d7Hyqa/x',
  'https://www.greaterwrong.com/posts/aM6qtJ8gH72d7Hyqa/x',
  'https://www.lesswrong.com/allPosts',
  'not a url',
  '',
);

describe('parseDocument on random HTML', () => {
  test('never throws and never mutates its input', () => {
    fc.assert(
      fc.property(html, url, (input, at) => {
        const doc = new DOMParser().parseFromString(input, 'text/html') as unknown as Document;
        const before = doc.documentElement.outerHTML;
        const post = parseDocument(doc, at);
        expect(doc.documentElement.outerHTML).toBe(before);
        if (post) {
          expect(post.html).not.toMatch(/<script|\sonerror=|javascript:|<style/i);
          const ids = post.footnotes.flatMap((f) => f.refIds);
          expect(new Set(ids).size).toBe(ids.length);
          expect(() => structuredClone(post)).not.toThrow();
        }
      }),
      { numRuns: 150 },
    );
  });
});
