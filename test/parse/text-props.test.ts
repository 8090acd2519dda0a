import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseText } from '../../lib/parse/text';

// Text shaped like a dump: lines from a small vocabulary of the shapes the parser reacts to, plus arbitrary strings.
const line = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'Discuss',
    '- ^',
    '- item',
    'Published on February 19, 2026 10:31 PM GMT',
    'A note. ↩︎',
    'Claim[1] and [2][3]',
    '$x$ and $4 and $$y$$ and \\(z\\) \\[w\\]',
    'HeadingThe sentence goes on for a while here.',
    '<script>alert(1)</script>',
    'Вы здесь',
    'Страницы',
    '- следующая ›',
    '* * *',
    '',
  ),
);
const dump = fc.array(line, { maxLength: 40 }).map((lines) => lines.join('\n'));

describe('parseText properties', () => {
  test('never throws and returns structured-cloneable posts', () => {
    fc.assert(
      fc.property(fc.oneof(dump, fc.string({ unit: 'binary' })), (text) => {
        const posts = parseText(text);
        expect(Array.isArray(posts)).toBe(true);
        expect(structuredClone(posts)).toEqual(posts);
      }),
      { numRuns: 300 },
    );
  });

  test('never lets a tag from the input into the html', () => {
    fc.assert(
      fc.property(dump, (text) => {
        for (const post of parseText(text)) {
          const html = post.html + post.footnotes.map((f) => f.html).join('');
          // Every tag in the output is one the parser writes itself.
          for (const m of html.matchAll(/<\/?([a-zA-Z][^\s>/]*)/g)) {
            expect(['p', 'ul', 'li', 'h2', 'h3', 'hr', 'br', 'sup', 'a', 'span', 'div']).toContain(m[1]);
          }
          expect(html).not.toMatch(/<script/i);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('ids are unique across the whole output', () => {
    fc.assert(
      fc.property(dump, (text) => {
        const posts = parseText(text);
        const ids = posts.map((p) => p.id);
        for (const p of posts) {
          ids.push(...p.headings.map((h) => h.id), ...p.footnotes.map((f) => f.id));
          ids.push(...p.footnotes.flatMap((f) => f.refIds));
        }
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 300 },
    );
  });

  test('reference ids name anchors that exist and point at their note', () => {
    fc.assert(
      fc.property(dump, (text) => {
        for (const p of parseText(text)) {
          const html = p.html + p.footnotes.map((f) => f.html).join('');
          for (const f of p.footnotes) for (const id of f.refIds) expect(html).toContain(`id="${id}" href="#${f.id}"`);
        }
      }),
      { numRuns: 200 },
    );
  });
});
