import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Post } from '../../lib/model';
import { type PostOutline, parseDocument, parseDocumentInSteps } from '../../lib/parse/document';
import { sanitizeHtml } from '../../lib/sanitize';
import { outlineSummary, summarize } from '../../lib/sidebar/summary';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

function load(name: string): { html: string; url: string } {
  const html = readFileSync(join(FIXTURES, name, 'input.html'), 'utf8');
  const { url } = JSON.parse(readFileSync(join(FIXTURES, name, 'meta.json'), 'utf8')) as { url: string };
  return { html, url };
}

function parseHtml(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

function parse(name: string, url?: string): Post {
  const input = load(name);
  const post = parseDocument(parseHtml(input.html), url ?? input.url);
  if (!post) throw new Error(`${name} gave null`);
  return post;
}

// MathJax's CSS, which must never reach text, TeX, headings or html (research §1b).
const CSS = /\.mjx-|mjx-container\[|@font-face|font-family|text-align:|padding-top:/;

function htmlDoc(post: Post): Document {
  return parseHtml(`<body>${post.html}</body>`);
}

describe('the real 222 KB post in a LessWrong page shell', () => {
  const post = parse('lw-abstract-entropy-page-shell');

  test('title, author, date and id come from the page', () => {
    expect(post.id).toBe('REA49tL5jsh69X3aM');
    expect(post.source).toBe('lesswrong');
    expect(post.title).toBe('Introduction to abstract entropy');
    expect(post.author).toBe('Alex_Altair');
    expect(post.published).toBe('2022-10-20T21:03:02.113Z');
  });

  test('17 footnotes, each with text, numbered 1..17, each cited once', () => {
    expect(post.footnotes).toHaveLength(17);
    expect(post.footnotes.map((f) => f.number)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    for (const f of post.footnotes) {
      expect(f.text.length, f.id).toBeGreaterThan(0);
      expect(f.refIds, f.id).toHaveLength(1);
      expect(f.html).not.toMatch(/footnote-back-link|\^<\/a>/);
    }
  });

  test('every reference anchor in html carries the Lens convention', () => {
    const doc = htmlDoc(post);
    for (const f of post.footnotes) {
      for (const id of f.refIds) {
        const a = doc.getElementById(id);
        expect(a?.tagName, id).toBe('A');
        expect(a?.classList.contains('lens-fnref')).toBe(true);
        expect(a?.getAttribute('data-lens-footnote')).toBe(f.id);
        expect(a?.getAttribute('href')).toBe(`#${f.id}`);
      }
    }
    // The footnote list is gone from html.
    expect(doc.querySelector('ol.footnote-section, li.footnote-item')).toBeNull();
    expect(post.html).not.toContain(post.footnotes[0]?.text.slice(0, 40));
  });

  test('67 equations with TeX, 9 of them display, and the html carries each as Lens math', () => {
    expect(post.math).toHaveLength(67);
    expect(post.math.filter((m) => m.display)).toHaveLength(9);
    for (const m of post.math) expect(m.tex.trim().length).toBeGreaterThan(0);
    expect(post.math).toContainEqual({ tex: '\\langle S_W \\rangle = \\frac{\\sum_{i=0}^W l(i)}{W}.', display: true });
    const doc = htmlDoc(post);
    const inHtml = doc.querySelectorAll('.lens-math').length;
    const inNotes = post.footnotes.reduce((n, f) => n + (f.html.match(/class="lens-math"/g)?.length ?? 0), 0);
    expect(inHtml + inNotes).toBe(67);
    expect(doc.querySelectorAll('div.lens-math[data-lens-display="true"]').length).toBeGreaterThan(0);
  });

  test('no MathJax CSS in any TeX, text, heading or html', () => {
    for (const m of post.math) expect(m.tex).not.toMatch(CSS);
    for (const f of post.footnotes) {
      expect(f.text).not.toMatch(CSS);
      expect(f.html).not.toMatch(CSS);
    }
    for (const h of post.headings) {
      expect(h.text).not.toMatch(CSS);
      expect(h.text).not.toContain('{');
    }
    expect(post.html).not.toMatch(CSS);
    expect(post.html).not.toMatch(/<style|<script|style="/);
    expect(post.title).not.toContain('{');
  });

  test('8 h2 + 3 h3 + 1 bold heading with LessWrong anchor ids set on the elements', () => {
    const doc = htmlDoc(post);
    const tags = post.headings.map((h) => doc.getElementById(h.id)?.tagName);
    expect(tags.filter((t) => t === 'H2')).toHaveLength(8);
    expect(tags.filter((t) => t === 'H3')).toHaveLength(3);
    expect(tags.filter((t) => t === 'STRONG' || t === 'B')).toHaveLength(1);
    expect(post.headings).toHaveLength(12);
    for (const h of post.headings) expect(h.id).toMatch(/^[A-Za-z0-9_]+$/);
    // Levels renumbered to consecutive 1..n: h2 → 1, h3 → 2, bold → 3.
    expect(new Set(post.headings.map((h) => h.level))).toEqual(new Set([1, 2, 3]));
    expect(post.headings.find((h) => h.id === 'Macrostates')).toEqual({
      id: 'Macrostates',
      level: 1,
      text: 'Macrostates',
    });
  });

  test('comments, their footnotes and math, and site chrome never leak', () => {
    const json = JSON.stringify(post);
    expect(json).not.toContain('LEAK');
    expect(post.footnotes.map((f) => f.id)).not.toContain('fncmtnote1');
  });
});

describe('GreaterWrong page shell', () => {
  const post = parse('gw-abstract-entropy-page-shell');

  test('GW markup gives the same post as LessWrong', () => {
    const lw = parse('lw-abstract-entropy-page-shell');
    expect(post.id).toBe(lw.id);
    expect(post.source).toBe('greaterwrong');
    expect(post.title).toBe(lw.title);
    expect(post.author).toBe('Alex_Altair');
    expect(post.published).toBe('2022-10-20T21:03:02.113Z');
    expect(post.footnotes.map((f) => [f.id, f.number, f.text])).toEqual(
      lw.footnotes.map((f) => [f.id, f.number, f.text]),
    );
    expect(post.math).toEqual(lw.math);
    expect(post.headings.map((h) => h.id)).toEqual(lw.headings.map((h) => h.id));
  });

  test("GW's contents box, its script and the comments stay out", () => {
    expect(post.html).not.toContain('contents-list');
    expect(post.html).not.toContain('injectTOCCollapseToggleButton');
    expect(JSON.stringify(post)).not.toContain('LEAK');
  });
});

const RSS: Array<[string, number, number, number]> = [
  // case, footnotes, equations, display equations
  ['rss-terminal-cynicism', 4, 0, 0],
  ['rss-interpretability', 1, 0, 0],
  ['rss-distinguish', 6, 0, 0],
  ['rss-defer', 35, 0, 0],
  ['rss-research-note', 0, 32, 2],
];

describe('real RSS items', () => {
  test.each(RSS)('%s: %i footnotes matching its markup, %i equations (%i display)', (name, notes, eqs, display) => {
    const { html } = load(name);
    const inMarkup = parseHtml(html).querySelectorAll('li.footnote-item').length;
    const post = parse(name);
    expect(post.footnotes).toHaveLength(inMarkup);
    expect(post.footnotes).toHaveLength(notes);
    for (const f of post.footnotes) {
      expect(f.text.length, f.id).toBeGreaterThan(0);
      expect(f.text).not.toMatch(/↩|^\^/);
      expect(f.refIds.length, f.id).toBeGreaterThan(0);
    }
    expect(post.math).toHaveLength(eqs);
    expect(post.math.filter((m) => m.display)).toHaveLength(display);
    for (const m of post.math) expect(m.tex).not.toMatch(CSS);
    expect(post.html).not.toMatch(CSS);
  });

  test.each(RSS.map(([name]) => name))('%s: the Published prefix and Discuss link are stripped', (name) => {
    const post = parse(name);
    expect(post.published).toMatch(/^2026-02-\d\dT\d\d:\d\d:00\.000Z$/);
    expect(post.html).not.toContain('Published on');
    expect(post.html).not.toMatch(/>Discuss<\/a>\s*$/);
    expect(post.html).not.toContain('#comments');
  });

  test('the research-note item keeps the exact TeX of its v2 equations', () => {
    expect(parse('rss-research-note').math).toContainEqual({ tex: '1/(1-f)', display: false });
  });

  test('the terminal-cynicism item: date and id', () => {
    const post = parse('rss-terminal-cynicism');
    expect(post.published).toBe('2026-02-19T13:51:00.000Z');
    expect(post.id).toBe('aM6qtJ8gH72d7Hyqa');
    expect(post.source).toBe('lesswrong');
  });
});

describe('one post, one id, wherever it is read', () => {
  const { html } = load('af-interpretability-sequence-page-shell');
  test.each([
    ['lesswrong.com', 'https://www.lesswrong.com/posts/ArXAyzHkidxwoeZsL/in-highly-contingent', 'lesswrong'],
    ['a sequence URL', 'https://www.lesswrong.com/s/HzcM2dkCq7fwXBej8/p/ArXAyzHkidxwoeZsL', 'lesswrong'],
    ['alignmentforum.org', 'https://www.alignmentforum.org/posts/ArXAyzHkidxwoeZsL/x', 'alignmentforum'],
    ['the EA Forum', 'https://forum.effectivealtruism.org/posts/ArXAyzHkidxwoeZsL/x', 'eaforum'],
    ['greaterwrong.com', 'https://www.greaterwrong.com/posts/ArXAyzHkidxwoeZsL/x', 'greaterwrong'],
  ])('%s', (_name, url, source) => {
    const post = parseDocument(parseHtml(html), url);
    expect(post?.id).toBe('ArXAyzHkidxwoeZsL');
    expect(post?.source).toBe(source);
  });

  test('the RSS item of the same post has the same id', () => {
    expect(parse('rss-interpretability').id).toBe('ArXAyzHkidxwoeZsL');
  });

  test('without an id in the URL, the canonical link gives it', () => {
    const post = parseDocument(parseHtml(load('lw-abstract-entropy-page-shell').html), 'file:///saved/page.html');
    expect(post?.id).toBe('REA49tL5jsh69X3aM');
  });

  test('without any id, the id is a stable hash of source and title', () => {
    const doc = () => parseHtml('<title>T</title><div id="postContent"><p>Body</p></div>');
    const a = parseDocument(doc(), 'file:///a.html');
    expect(a?.id).toMatch(/^[0-9a-z]{11,}$/);
    expect(parseDocument(doc(), 'file:///b.html')?.id).toBe(a?.id);
  });
});

describe('shell pages around RSS bodies', () => {
  test('the Alignment Forum sequence page: body only, no answers or comments', () => {
    const post = parse('af-interpretability-sequence-page-shell');
    expect(post.source).toBe('alignmentforum');
    expect(post.author).toBe('Steven Byrnes');
    expect(post.footnotes).toHaveLength(1);
    expect(JSON.stringify(post)).not.toContain('LEAK');
  });

  test('the EA Forum page', () => {
    const post = parse('ea-distinguish-page-shell');
    expect(post.source).toBe('eaforum');
    expect(post.footnotes).toHaveLength(6);
    expect(JSON.stringify(post)).not.toContain('LEAK');
  });
});

describe('pages that are not one post', () => {
  test.each([
    ['a list page', 'html-list-page'],
    ['a user page', 'html-user-page'],
    ['a search page', 'html-search-page'],
  ])('%s gives null', (_name, fixture) => {
    const { html, url } = load(fixture);
    expect(parseDocument(parseHtml(html), url)).toBeNull();
  });

  test.each([
    ['an empty document at a post URL', '', 'https://www.lesswrong.com/posts/REA49tL5jsh69X3aM/x'],
    ['an empty post body', '<div id="postContent"></div>', 'https://www.lesswrong.com/posts/REA49tL5jsh69X3aM/x'],
    ['only whitespace and a script', '<script>x()</script>  ', 'https://www.lesswrong.com/posts/REA49tL5jsh69X3aM/x'],
    ['text at an unrelated URL', '<p>Hello</p>', 'https://example.com/'],
  ])('%s gives null', (_name, html, url) => {
    expect(parseDocument(parseHtml(html), url)).toBeNull();
  });
});

describe('purity and safety', () => {
  test.each([
    'lw-abstract-entropy-page-shell',
    'gw-abstract-entropy-page-shell',
    'rss-research-note',
    'html-footnote-cycles',
    'html-xss-post',
    'html-mathjax-v3',
  ])('%s: the input document is not mutated', (name) => {
    const { html, url } = load(name);
    const doc = parseHtml(html);
    const before = doc.documentElement.outerHTML;
    parseDocument(doc, url);
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  test('the XSS post comes out inert', () => {
    const post = parse('html-xss-post');
    for (const html of [post.html, ...post.footnotes.map((f) => f.html)]) {
      expect(html).not.toMatch(/<script|<iframe|<svg|<form|<style|\son\w+=|javascript:|data:text|style=/i);
    }
    expect(post.footnotes).toHaveLength(1);
    expect(post.headings.map((h) => h.id)).toEqual(['Safe_heading']);
  });

  test('the output survives structuredClone', () => {
    const post = parse('html-mathjax-v3');
    expect(structuredClone(post)).toEqual(post);
  });
});

describe('footnote shapes', () => {
  test('old markdown-it: a note cited twice has two unique reference ids', () => {
    const post = parse('html-markdown-it-footnotes');
    const [first, second] = post.footnotes;
    expect(first?.refIds).toEqual(['fnref-Xk2mPq9rTs4vWy6zA-1', 'fnref-Xk2mPq9rTs4vWy6zA-1:1']);
    expect(first?.text).toBe('First note.');
    expect(second?.text).toBe('Second note, two paragraphs. Its second paragraph.');
    expect(post.html).not.toContain('footnotes-sep');
    expect(post.headings).toEqual([{ id: 'A_bold_heading', level: 1, text: 'A bold heading' }]);
  });

  test('Google Docs #ftnt notes', () => {
    const post = parse('html-google-docs-footnotes');
    expect(post.footnotes.map((f) => [f.id, f.number, f.text])).toEqual([
      ['ftnt1', 1, 'The first Google Docs note.'],
      ['ftnt2', 2, 'The second, with a link.'],
    ]);
    expect(post.html).not.toContain('Google Docs note');
  });

  test('#fn:1 ids are looked up by id', () => {
    const post = parse('html-fn-colon-ids');
    expect(post.footnotes.map((f) => [f.id, f.text, f.refIds])).toEqual([
      ['fn:1', 'Colon-id note one.', ['fnref:1']],
      ['fn:note', 'Colon-id note two.', ['fnref:note']],
    ]);
  });

  test('self-citing and mutually citing notes terminate with every reference listed', () => {
    const post = parse('html-footnote-cycles');
    expect(post.footnotes.map((f) => f.refIds)).toEqual([
      ['fnrefself', 'fnrefself-2'],
      ['fnrefma', 'fnrefma-2'],
      ['fnrefmb', 'fnrefmb-2'],
    ]);
    const all = post.footnotes.flatMap((f) => f.refIds);
    expect(new Set(all).size).toBe(all.length);
  });

  test('malformed markup: dangling refs stay plain, empty and orphan notes are kept, headings are not notes', () => {
    const post = parse('html-malformed-footnotes');
    expect(post.footnotes.map((f) => [f.id, f.number, f.text, f.refIds.length])).toEqual([
      ['fngood', 1, 'Good note.', 1],
      ['fnempty', 2, '', 1],
      // Its reference shows [3] (its place in the list is 5); the note nothing cites comes after it.
      ['fn:enc', 3, 'Encoded id note.', 1],
      ['fnorphan', 4, 'A note nobody cites.', 0],
    ]);
    expect(post.headings.map((h) => h.id)).toEqual(['Fnord']);
    expect(post.html).toContain('href="#fnmissing"');
  });

  test("GreaterWrong's rewrite of a markdown note", () => {
    const post = parse('html-gw-markdown-footnotes');
    expect(post.footnotes.map((f) => [f.id, f.text])).toEqual([
      ['fn-3HmDE73CFjdKXi7Kt-1', 'The note, wrapped by GreaterWrong.'],
    ]);
    expect(post.headings.map((h) => h.id)).toEqual(['Part_one']);
    expect(post.html).not.toContain('Contents');
    expect(JSON.stringify(post)).not.toContain('LEAK');
  });
});

describe('math shapes', () => {
  test('MathJax v3: aria-label TeX in document order, footnotes last, no CSS', () => {
    const post = parse('html-mathjax-v3');
    expect(post.math).toEqual([
      { tex: 'E=mc^2', display: false },
      { tex: '\\alpha < \\beta', display: false },
      { tex: 'x_1', display: false },
      { tex: '\\sum_{i=1}^n i = \\frac{n(n+1)}{2}', display: true },
      { tex: 'y', display: false },
    ]);
    expect(post.headings[0]?.text).toBe('Energy E=mc^2');
    expect(post.html).not.toMatch(/mjx-|<style/);
  });

  test('unrendered span.math-tex', () => {
    const post = parse('html-unrendered-math-tex');
    expect(post.math).toEqual([
      { tex: 'a^2 + b^2 = c^2', display: false },
      { tex: '\\int_0^1 x\\,dx = \\tfrac12', display: true },
    ]);
    expect(post.html).toContain('$5 and $10');
    expect(post.html).toContain('plain words');
  });

  test('a deeply nested DOM parses', async () => {
    const gen = (await import('../fixtures/html-deeply-nested/generate.ts')) as { default: () => string; url: string };
    const post = parseDocument(parseHtml(gen.default()), gen.url);
    expect(post?.footnotes.map((f) => f.text)).toEqual(['Deep note.']);
    expect(post?.math).toEqual([{ tex: 'x', display: false }]);
  });
});

describe('parseDocumentInSteps', () => {
  const pages = readdirSync(FIXTURES).filter((name) => existsSync(join(FIXTURES, name, 'input.html')));

  test('gives the same Post as parseDocument on every fixture page, pausing between its steps', async () => {
    expect(pages.length).toBeGreaterThan(3);
    for (const name of pages) {
      const input = load(name);
      let pauses = 0;
      const steps: number[] = [];
      const stepped = await parseDocumentInSteps(parseHtml(input.html), input.url, {
        pause: async () => {
          pauses++;
        },
        onStep: (start, end) => steps.push(end - start),
      });
      const whole = parseDocument(parseHtml(input.html), input.url);
      expect(stepped, name).toEqual(whole);
      if (whole) {
        // The copy (in one step, or in slices on a long page), then outline, notes and body: a pause between each two.
        expect(steps.length, name).toBeGreaterThanOrEqual(4);
        expect(pauses, name).toBe(steps.length - 1);
      }
    }
  });

  test('tells the outline (the summary of the Post it gives) before its notes and body, on every fixture page', async () => {
    for (const name of pages) {
      const input = load(name);
      const seen: { outline: PostOutline; steps: number }[] = [];
      let steps = 0;
      const stepped = await parseDocumentInSteps(parseHtml(input.html), input.url, {
        pause: async () => {},
        onStep: () => steps++,
        onOutline: (outline) => seen.push({ outline, steps }),
      });
      if (!stepped) continue;
      expect(seen, name).toHaveLength(1);
      // In the step after the copy's last: the notes' and the body's HTML come in the two steps after it.
      expect(seen[0]!.steps, name).toBe(steps - 3);
      expect(seen[0]!.steps, name).toBeGreaterThanOrEqual(1);
      expect(outlineSummary(seen[0]!.outline), name).toEqual(summarize(stepped));
    }
  });

  test('goes on when the outline listener throws', async () => {
    const input = load('lw-abstract-entropy-page-shell');
    const stepped = await parseDocumentInSteps(parseHtml(input.html), input.url, {
      pause: async () => {},
      onOutline: () => {
        throw new Error('listener failed');
      },
    });
    expect(stepped).toEqual(parseDocument(parseHtml(input.html), input.url));
  });

  test('reads the live document in its first step only: changes made during the pauses do not reach the Post', async () => {
    const input = load('lw-abstract-entropy-page-shell');
    const doc = parseHtml(input.html);
    const before = parseDocument(parseHtml(input.html), input.url);
    const stepped = await parseDocumentInSteps(doc, input.url, {
      pause: async () => {
        // What a client-side navigation does meanwhile: a new title, the post body replaced.
        doc.title = 'Another post';
        doc.getElementById('postContent')?.replaceChildren(doc.createTextNode('Another body.'));
      },
    });
    expect(stepped).toEqual(before);
  });

  test("without sanitising (the page's own parse), the same Post once its HTML goes through DOMPurify, on every fixture page", async () => {
    let unsafe = 0;
    for (const name of pages) {
      const input = load(name);
      const raw = await parseDocumentInSteps(parseHtml(input.html), input.url, {
        sanitize: false,
        pause: async () => {},
      });
      const whole = parseDocument(parseHtml(input.html), input.url);
      expect(parseDocument(parseHtml(input.html), input.url, { sanitize: false }), name).toEqual(raw);
      if (!raw || !whole) {
        expect(raw, name).toEqual(whole);
        continue;
      }
      if (raw.html !== whole.html) unsafe++;
      const clean = (html: string) => sanitizeHtml(html).trim();
      expect(
        { ...raw, html: clean(raw.html), footnotes: raw.footnotes.map((f) => ({ ...f, html: clean(f.html) })) },
        name,
      ).toEqual({
        ...whole,
        html: clean(whole.html),
        footnotes: whole.footnotes.map((f) => ({ ...f, html: clean(f.html) })),
      });
    }
    // Some fixture holds something DOMPurify removes, or the unsanitised parse would not be checked against anything.
    expect(unsafe).toBeGreaterThan(0);
  });
});

// Footnote.number is the number the reader sees on the reference (lib/model.ts), whatever mix of note systems a post has.
const gdRef = (n: number) => `<sup><a href="#ftnt${n}" id="ftnt_ref${n}">[${n}]</a></sup>`;
const gdNote = (n: number, text: string) =>
  `<div><p><a href="#ftnt_ref${n}" id="ftnt${n}">[${n}]</a> ${text}</p></div>`;
const ckRef = (id: string, n: number) =>
  `<span class="footnote-reference" data-footnote-index="${n}" id="fnref${id}"><sup><a href="#fn${id}">[${n}]</a></sup></span>`;
const ckList = (...notes: Array<[string, number, string]>) =>
  `<ol class="footnote-section footnotes">${notes
    .map(
      ([id, n, text]) =>
        `<li class="footnote-item" data-footnote-index="${n}" id="fn${id}"><span class="footnote-back-link"><sup><strong><a href="#fnref${id}">^</a></strong></sup></span><div class="footnote-content"><p>${text}</p></div></li>`,
    )
    .join('')}</ol>`;
const plainRef = (id: string, label: string) => `<sup><a href="#${id}">${label}</a></sup>`;
const plainList = (...notes: Array<[string, string]>) =>
  `<ol class="footnotes">${notes.map(([id, text]) => `<li id="${id}"><p>${text}</p></li>`).join('')}</ol>`;

describe('footnote numbers are the labels readers see', () => {
  test.each([
    [
      'a Google Docs note [1] pasted into a CKEditor post whose notes show [2] and [3]',
      `<p>Pasted${gdRef(1)}, own${ckRef('a', 2)} and${ckRef('b', 3)}.</p>${gdNote(1, 'Docs.')}${ckList(['a', 2, 'A.'], ['b', 3, 'B.'])}`,
      { ftnt1: 1, fna: 2, fnb: 3 },
    ],
    [
      'the same with the Google Docs note cited last and placed after the list',
      `<p>Own${ckRef('a', 2)} and${ckRef('b', 3)}, pasted${gdRef(1)}.</p>${ckList(['a', 2, 'A.'], ['b', 3, 'B.'])}${gdNote(1, 'Docs.')}`,
      { ftnt1: 1, fna: 2, fnb: 3 },
    ],
    [
      'labels cited out of order keep their labels',
      `<p>Later${plainRef('fnx2', '[2]')} first${plainRef('fnx1', '1')}.</p>${plainList(['fnx1', 'One.'], ['fnx2', 'Two.'])}`,
      { fnx1: 1, fnx2: 2 },
    ],
    [
      'a label written with spaces inside its brackets',
      `<p>Spaced${plainRef('fnx7', '[ 7 ]')}.</p>${plainList(['fnx7', 'Seven.'])}`,
      { fnx7: 7 },
    ],
    [
      'references that show no number: order of first reference, not list order',
      `<p>Dagger${plainRef('fn-b', '†')} then star${plainRef('fn-a', '*')}.</p>${plainList(['fn-a', 'Star.'], ['fn-b', 'Dagger.'])}`,
      { 'fn-a': 2, 'fn-b': 1 },
    ],
    [
      'a note without a shown number comes after every label',
      `<p>Star${plainRef('fn-s', '*')}, three${plainRef('fn-3', '[3]')}.</p>${plainList(['fn-s', 'Star.'], ['fn-3', 'Three.'])}`,
      { 'fn-s': 4, 'fn-3': 3 },
    ],
    [
      'two notes labelled [1]: the one cited first keeps it, the other comes after every label',
      `<p>Own${ckRef('a', 1)}, pasted${gdRef(1)}, own${ckRef('b', 2)}.</p>${gdNote(1, 'Docs.')}${ckList(['a', 1, 'A.'], ['b', 2, 'B.'])}`,
      { fna: 1, ftnt1: 3, fnb: 2 },
    ],
    [
      'notes nothing cites come last, in document order, whatever their list index says',
      `<p>Only${ckRef('b', 2)}.</p>${ckList(['z', 9, 'Z.'], ['b', 2, 'B.'], ['y', 1, 'Y.'])}`,
      { fnb: 2, fnz: 3, fny: 4 },
    ],
    [
      'a note cited only from another note takes its own label',
      `<p>Body${plainRef('fnx1', '[1]')}.</p>${plainList(['fnx1', `See ${plainRef('fnx2', '[2]')}.`], ['fnx2', 'Two.'])}`,
      { fnx1: 1, fnx2: 2 },
    ],
  ])('%s', (_name, body, want) => {
    const post = parseDocument(
      parseHtml(`<title>T</title>${body}`),
      'https://www.lesswrong.com/posts/abcdefghijklmnopq/t',
    );
    const got = Object.fromEntries(post?.footnotes.map((f) => [f.id, f.number]) ?? []);
    expect(got).toEqual(want);
    const numbers = post?.footnotes.map((f) => f.number) ?? [];
    // Number order, and never two notes with one number.
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
