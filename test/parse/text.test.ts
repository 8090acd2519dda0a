import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Post } from '../../lib/model';
import { findMath } from '../../lib/parse/math-text';
import { parseText } from '../../lib/parse/text';
import { isSentenceOpener } from '../../lib/parse/text-headings';

const DUMP = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'dump-lesswrong-ru-aggregator', 'input.txt'),
  'utf8',
);
const posts = parseText(DUMP);
const allHtml = posts.map((p) => p.html + p.footnotes.map((f) => f.html).join('')).join('\n');

const TITLES = [
  'Telescopes Need Good Lenses',
  'Contra Dance Piano Teaching Videos',
  'Why was cybersecurity automated before AI R&D?',
  'Hedging and Survival-Weighted Planning',
  'Elementary Condensation',
  'Recommendations for an Effective Altruism Gap Year?',
  "Most people can't juggle one ball",
  'Every Lighthaven Writing Residency',
  'Why is Flesh So Weak?',
  "Project Glasswing: Anthropic Shows The AI Train Isn't Stopping",
  'Role-playing vs Self-modelling',
  'Claude Mythos Preview System Card',
  'The Training Example Lie Bracket',
  'Fantasy ideology',
  'My picture of the present in AI',
  'Beliefs are Chosen to Serve Goals',
  'Lorxus Does Budget Inkhaven Again: 04/01~04/07',
  'An Alignment Journal: Features and policies',
  '[Paper] Stringological sequence prediction I',
  "We're actually running out of benchmarks to upper bound AI capabilities",
];

// Every heading that lost its line break in the dump and is glued to the paragraph after it.
const GLUED = [
  'Warm applesauce and cold ICE',
  'The physician and the lens',
  'The wrong instruments',
  'How distance-altruism pays for itself',
  'Robinson Crusoe and the cannibals',
  'What would change my mind',
  '1. There’s this paper',
  '2. Concepts, scopes, and a score',
  '3. The same three tokens, three representations',
  '4. A model gives you concepts; scope is your problem',
  '5. Does it work on real models?',
  'The pipeline',
  'The datasets',
  'Results',
  'Why PCA wins on induction',
  '6. How far I got, and what worries me',
  'How to juggle',
  'Tricks',
  'Numbers',
  'Siteswap',
  'Passing',
  'Clubs/Rings',
  'Other stuff',
  'Graphene',
  'Steel',
  'Kevlar',
  "It's All Too Confusing",
  'Symmetry breaking',
  'Different sources of self-models',
  'Difference in internal representations',
  'Summary',
  'The nature of fantasy ideology',
  'AI R&D acceleration (and software acceleration more generally)',
  'AI engineering capabilities and qualitative abilities',
  'Misalignment and misalignment-related properties',
  'Cyber',
  'Bioweapons',
  'Economic effects',
  'Introduction',
  'Revealed goals',
  'Internal goals depend on ontology',
  'Anti-orthogonality: intelligence and goals are a joint response to selection pressures',
  'What does this mean for AI alignment?',
  'Motivation: Why a journal? Why these features?',
  'Journal not conference',
  'Reviewer abstracts',
  'Reviewer compensation',
  'Reviewer Compensation for the ODYSSEY Conference',
  'Reviewer matching',
  'Review discussion streamlining',
  'AI usage',
  'Quality recognition',
  'Archival venue',
  'Web-first open formatting',
  'Open choices',
  'Credits and thanks',
  'Appendix 1: ODYSSEY Reviewer Abstract Examples and Instructions',
  'Author abstract',
  'Reviewer abstract, by an anonymous reviewer',
  'Reviewer abstract, by Daniel Alexander Herrmann',
  'Reviewer abstract, by Rif A. Saurous',
  'Reviewer Abstract Instructions',
  'Appendix 2: Diamond Open Access Criteria',
];

const BRANDS = [
  'SpaceX',
  'OpenAI',
  'YouTube',
  'arXiv',
  'LaTeX',
  'MacBook',
  'TinyStories',
  'CapEx',
  'PhD',
  'OpenBSD',
  'CoT',
  'OpenReview',
  'SciPost',
  'JPMorganChase',
  'CrowdStrike',
  'DeepMind',
  'GitHub',
  'iMessage',
  'GPT-2',
];

describe('parseText on the real aggregator dump', () => {
  test('gives the 20 posts with their exact titles', () => {
    expect(posts.map((p) => p.title)).toEqual(TITLES);
  });

  test('each post reads the same parsed alone as in the whole dump (no evidence from its neighbours)', () => {
    // The dump's posts, each as the text from its title to its `Discuss` line.
    const lines = DUMP.replace(/\r\n?/g, '\n').split('\n');
    const chunks: string[] = [];
    let current: string[] = [];
    for (const line of lines.slice(2)) {
      current.push(line);
      if (line.trim() === 'Discuss') {
        chunks.push(current.join('\n'));
        current = [];
      }
    }
    expect(chunks).toHaveLength(20);
    chunks.forEach((chunk, i) => {
      const [alone] = parseText(chunk);
      const whole = posts[i] as Post;
      expect(alone?.title).toBe(whole.title);
      expect(alone?.headings).toEqual(whole.headings);
      expect(alone?.html).toBe(whole.html);
      expect(alone?.footnotes).toEqual(whole.footnotes);
    });
  });

  test('keeps the aggregator chrome out of every post', () => {
    for (const chrome of [
      'Вы здесь',
      'Новости LessWrong.com',
      'Страницы',
      'первая',
      'предыдущая',
      'следующая',
      'последняя',
    ]) {
      expect(allHtml).not.toContain(chrome);
      for (const p of posts) expect(p.title).not.toContain(chrome);
    }
    expect(allHtml).not.toMatch(/>Discuss</);
  });

  test('finds 68 footnotes, each with its text', () => {
    expect(posts.reduce((n, p) => n + p.footnotes.length, 0)).toBe(68);
    for (const p of posts) {
      p.footnotes.forEach((f, k) => {
        expect(f.number).toBe(k + 1);
        expect(f.text.trim()).not.toBe('');
        expect(f.text).not.toMatch(/↩|^- \^/);
      });
    }
  });

  test('links every [N] that has a note', () => {
    for (const p of posts) {
      const html = p.html + p.footnotes.map((f) => f.html).join('');
      const plain = html.replace(/<a [^>]*>\[\d+\]<\/a>/g, '');
      for (const m of plain.matchAll(/\[(\d+)\]/g)) expect(Number(m[1])).toBeGreaterThan(p.footnotes.length);
      for (const f of p.footnotes) for (const id of f.refIds) expect(html).toContain(`id="${id}" href="#${f.id}"`);
    }
  });

  test('finds exactly one equation: N, inline', () => {
    expect(posts.flatMap((p) => p.math)).toEqual([{ tex: 'N', display: false }]);
  });

  test('recovers the glued headings, in order', () => {
    const glued = new Set(GLUED);
    const found = posts.flatMap((p) => p.headings.map((h) => h.text)).filter((t) => glued.has(t));
    expect([...new Set(found)].sort()).toEqual([...glued].sort());
    for (const text of GLUED)
      expect(allHtml).toMatch(new RegExp(`<h[23] id="[^"]+">${escapeRe(escapeText(text))}</h[23]>`));
  });

  test.each(BRANDS)('keeps the brand word %s whole', (brand) => {
    const inInput = DUMP.split(brand).length - 1;
    expect(inInput).toBeGreaterThan(0);
    expect(allHtml.split(brand).length - 1).toBe(inInput);
    for (const h of posts.flatMap((p) => p.headings))
      expect(brand.startsWith(h.text.split(' ').pop() ?? '\0')).toBe(false);
  });

  test('gives ids unique across the whole output', () => {
    const ids = [...allHtml.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    ids.push(...posts.flatMap((p) => p.footnotes.map((f) => f.id)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(posts.map((p) => p.id)).size).toBe(20);
  });

  test('drops the leaked MathJax stylesheet', () => {
    expect(allHtml).not.toContain('mjx-');
    expect(allHtml).toContain('from the concepts whose scope includes token , you must be able to rebuild token .');
  });
});

// Element content escapes `&`, `<` and `>`; quotes are only special inside a tag and stay as written.
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('math by pandoc’s rule', () => {
  test.each([
    ['two dollar amounts are money', 'between $4 and $8 a bushel', []],
    ['a price range with a dash is money', 'roughly $500–$2,000 to review', []],
    ['a sum of prices is money', '$100 + $20/page', []],
    ['a closing dollar followed by a digit is not a closer', 'from $30-$50 per paper', []],
    ['a variable is math', 'make $N$=50 tractable', [{ tex: 'N', display: false }]],
    ['an escaped dollar is no delimiter', 'costs \\$5 and $x$', [{ tex: 'x', display: false }]],
    ['a space after the opener is not math', 'a $ b$', []],
    ['a space before the closer is not math', 'a $b $', []],
    ['double dollars are display math', 'see $$E=mc^2$$ here', [{ tex: 'E=mc^2', display: true }]],
    ['backslash parens are inline math', 'so \\(a_1\\) holds', [{ tex: 'a_1', display: false }]],
    ['backslash brackets are display math', '\\[\\int f\\]', [{ tex: '\\int f', display: true }]],
    ['an unbalanced dollar is text', 'only $x here', []],
  ])('%s', (_name, line, expected) => {
    expect(findMath(line).map(({ tex, display }) => ({ tex, display }))).toEqual(expected);
  });
});

describe('glued headings and brand words', () => {
  const context =
    'Filler paragraph that mentions consider, the, now, say, and a few words. I think so. AIs exist. We were told.';
  test.each([
    [
      'a heading glued to a sentence is split',
      'The physician and the lensConsider a physician whose body rots.',
      'The physician and the lens',
    ],
    [
      'an all-caps word glued to "I" is split',
      'Warm applesauce and cold ICEI have neighbors with toddlers here.',
      'Warm applesauce and cold ICE',
    ],
    [
      'a one-word heading glued to an acronym plural is split',
      'CyberAIs have been getting increasingly good at this.',
      'Cyber',
    ],
    [
      'a numbered heading is split',
      '2. Concepts, scopes, and a scoreSay you observe three tokens here.',
      '2. Concepts, scopes, and a score',
    ],
    [
      'a heading glued to a list dash is split',
      'The pipeline- Take 50,000 windows of text, tokens each.',
      'The pipeline',
    ],
    ['SpaceX stays whole', 'Elon Musk built SpaceX to put rockets in orbit and more.', null],
    ['YouTube stays whole', 'I put them on a new YouTube channel and left them there.', null],
    ['MacBook stays whole', 'MacBook owners often say the same thing about keyboards.', null],
    ['LaTeX stays whole', 'LaTeX is what most of the papers were written in, sadly.', null],
    ['a lower-case start is never a heading', 'cat dog catI think the example is clear enough now.', null],
    ['a sentence prefix is never a heading', 'He bought it. ThenWe went home and slept for a long time.', null],
  ])('%s', (_name, line, heading) => {
    const [post] = parseText(`Title\n${context}\n${line}\nDiscuss\n`);
    const texts = post?.headings.map((h) => h.text) ?? [];
    if (heading === null) {
      expect(texts).toEqual([]);
      expect(post?.html).toContain(escapeText(line.slice(0, 20)));
    } else expect(texts).toEqual([heading]);
  });

  test('a common sentence opener after the split needs no other use in the post', () => {
    const [post] = parseText(
      'Title\nA short paragraph.\nThe physician and the lensConsider a physician whose body rots.\nDiscuss\n',
    );
    expect(post?.headings.map((h) => h.text)).toEqual(['The physician and the lens']);
  });

  test.each(['Tube', 'Book', 'Ex', 'Stories', 'AI', 'AIs', 'X', 'TeX', 'Phone', 'Donald'])(
    'the brand half %s is no sentence opener (it has to be found in the post)',
    (half) => {
      expect(isSentenceOpener(half)).toBe(false);
    },
  );

  test('a glued word used whole elsewhere in the text is a brand', () => {
    const [post] = parseText(
      'Title\nTinyStories is a data set.\nOn TinyStories, the ordering holds up well here.\nDiscuss\n',
    );
    expect(post?.headings).toEqual([]);
  });

  test.each([
    ['a numbered line between paragraphs', '1. Introduction', true],
    ['a step line between paragraphs', 'Step 1: 0 balls', true],
    ['a roman numeral', 'IV.', true],
    ['a sentence', 'And for some things, there is no umbrella.', false],
    ['a question', 'So what can we do?', false],
    ['a line that runs into what follows', 'Our main reasons to choose a journal over a conference are', false],
  ])('a standalone line: %s', (_name, line, isHeading) => {
    const long = 'This paragraph is long enough to be a real paragraph of running prose in a post, really.';
    const [post] = parseText(`Title\n${long}\n${line}\n${long}\nDiscuss\n`);
    expect(post?.headings.map((h) => h.text)).toEqual(isHeading ? [line] : []);
  });
});

describe('footnotes', () => {
  test.each([
    ['CKEditor shape', 'T\nClaim[1].\n- ^\nThe note.\nDiscuss', ['The note.']],
    ['CKEditor note over two lines', 'T\nClaim [1].\n- ^\nLine one.\nLine two.\nDiscuss', ['Line one.\nLine two.']],
    ['markdown shape', 'T\nClaim[1] and[2].\nFirst. ↩︎\nSecond. ↩︎\nDiscuss', ['First.', 'Second.']],
    ['a note without a reference is kept', 'T\nNo refs.\n- ^\nOrphan.\nDiscuss', ['Orphan.']],
  ])('%s', (_name, text, notes) => {
    const [post] = parseText(text);
    expect(post?.footnotes.map((f) => f.text)).toEqual(notes);
  });

  test('a note cited twice has two reference ids, and a note can cite itself', () => {
    const [post] = parseText('T\nA[1] and again [1].\n- ^\nSelf[1].\nDiscuss');
    expect(post?.footnotes[0]?.refIds).toHaveLength(3);
    expect(post?.footnotes[0]?.html).toContain('class="lens-fnref"');
  });

  // A dump keeps only the labels: a Google Docs note shows its own (`[1] Text`), a CKEditor or markdown note none.
  test.each([
    [
      'a Google Docs note [1] beside CKEditor notes cited [2] and [3]',
      'T\nA[1], b[2] and c[3].\n[1] Docs.\n- ^\nB.\n- ^\nC.\nDiscuss',
      [
        [1, 'Docs.', 1],
        [2, 'B.', 1],
        [3, 'C.', 1],
      ],
    ],
    [
      'a Google Docs note [2] between markdown notes: they take the numbers it leaves free',
      'T\nA[1], b[2] and c[3].\n[2] Docs.\nOne. ↩︎\nThree. ↩︎\nDiscuss',
      [
        [1, 'One.', 1],
        [2, 'Docs.', 1],
        [3, 'Three.', 1],
      ],
    ],
    [
      'only Google Docs notes, over a blank line',
      'T\nA[1] and b[2].\n\n[1] First.\n\n[2] Second.\nDiscuss',
      [
        [1, 'First.', 1],
        [2, 'Second.', 1],
      ],
    ],
    [
      'two Google Docs notes labelled [1]: the first keeps it, the other comes after every number',
      'T\nA[1] and b[2].\n[1] First.\n[1] Again.\n- ^\nB.\nDiscuss',
      [
        [1, 'First.', 1],
        [2, 'B.', 1],
        [3, 'Again.', 0],
      ],
    ],
    ['a labelled line nothing cites stays in the body', 'T\nNo references here.\n[1] Not a note.\nDiscuss', []],
    [
      'a labelled line in the middle of the body is body text',
      'T\nA[1].\n[1] Inside the body.\nMore body after it.\nDiscuss',
      [],
    ],
  ])('%s', (_name, text, want) => {
    const [post] = parseText(text);
    expect(post?.footnotes.map((f) => [f.number, f.text, f.refIds.length])).toEqual(want);
    for (const f of post?.footnotes ?? []) {
      // Each reference to the note shows its number.
      for (const id of f.refIds)
        expect(post?.html).toContain(`id="${id}" href="#${f.id}" data-lens-footnote="${f.id}">[${f.number}]</a>`);
      expect(f.id.endsWith(`-fn${f.number}`)).toBe(true);
    }
  });

  test('a [N] with no note N stays text', () => {
    const [post] = parseText('T\nA[1] and [7].\n- ^\nOne.\nDiscuss');
    expect(post?.html).toContain('and [7].');
  });
});

describe('chrome and metadata', () => {
  test.each([
    [
      'Russian breadcrumb and pager',
      'Вы здесь\nНовости LessWrong.com\nPost\nBody.\nDiscuss\nСтраницы\n- « первая\n- 2\n- 3\n- следующая ›\n- последняя »',
    ],
    [
      'English breadcrumb and pager',
      'You are here\nLessWrong news\nPost\nBody.\nDiscuss\nPages\n- 1\n- 2\n- next ›\n- last »',
    ],
    ['a pager with no heading', 'Post\nBody.\nDiscuss\n- ‹ previous\n- 4\n- 5\n- next ›'],
  ])('%s is removed', (_name, text) => {
    const result = parseText(text);
    expect(result.map((p) => [p.title, p.html])).toEqual([['Post', '<p>Body.</p>']]);
  });

  test('text with no Discuss line is one post titled by its first non-empty line', () => {
    const result = parseText('\n\nMy notes\nFirst paragraph.\n');
    expect(result.map((p) => p.title)).toEqual(['My notes']);
  });

  test.each([
    ['February 19, 2026 10:31 PM GMT', '2026-02-19T22:31:00.000Z'],
    ['April 1, 2026 12:05 AM GMT', '2026-04-01T00:05:00.000Z'],
    ['Dec 3, 2025 9:00 AM GMT', '2025-12-03T09:00:00.000Z'],
  ])('"Published on %s" gives %s and leaves the body', (date, iso) => {
    const [post] = parseText(`Title\nPublished on ${date}\nBody.\nDiscuss`);
    expect(post?.published).toBe(iso);
    expect(post?.html).toBe('<p>Body.</p>');
  });

  test('CRLF, a BOM and no-break spaces are handled', () => {
    const [post] = parseText(
      '\ufeffTitle\r\nPublished\u00a0on February 19, 2026 10:31 PM GMT\r\nBody\u00a0text.\r\nDiscuss\u00a0\r\n',
    );
    expect(post?.title).toBe('Title');
    expect(post?.published).toBe('2026-02-19T22:31:00.000Z');
    expect(post?.html).toBe('<p>Body text.</p>');
  });

  test('input text is always escaped', () => {
    const [post] = parseText(
      '<b>Title</b>\n<script>alert(1)</script> & "quotes" <img src=x onerror=alert(1)>\nDiscuss',
    );
    expect(post?.html).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "quotes" &lt;img src=x onerror=alert(1)&gt;</p>',
    );
    // Quotes stay as text in element content, and nothing in it parses as markup.
    const doc = new DOMParser().parseFromString(post?.html ?? '', 'text/html');
    expect(doc.querySelectorAll('script, img, b').length).toBe(0);
    expect(doc.body.textContent).toBe('<script>alert(1)</script> & "quotes" <img src=x onerror=alert(1)>');
  });

  test('quotes in TeX are escaped inside the attribute that carries it', () => {
    const [post] = parseText('T\nsee $a"b\'c$ here\nDiscuss');
    const doc = new DOMParser().parseFromString(post?.html ?? '', 'text/html');
    expect(doc.querySelector('[data-lens-tex]')?.getAttribute('data-lens-tex')).toBe('a"b\'c');
    expect(post?.math).toEqual([{ tex: 'a"b\'c', display: false }]);
  });

  test('the input string is not changed and nothing is thrown for odd inputs', () => {
    for (const odd of ['', '\n\n', 'Discuss', 'Discuss\nDiscuss', '- ^', '$$', '\\[', '[1]', '\u0000\uffff\ud800']) {
      expect(() => parseText(odd)).not.toThrow();
    }
  });
});
