// EPUB export: the books of issue 14 are written to disk and checked by Debian's epubcheck (0 errors, 0 warnings),
// then opened again to count what matters: every footnote an aside, every reference a noteref, every equation a <math>.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildEpub, detectLanguage, emptyBook, writeEpub } from '../../lib/export/epub';
import { patternCover } from '../../lib/export/epub-cover';
import { DISPLAY_ATTR, MATH_CLASS, type Post, TEX_ATTR } from '../../lib/model';
import { parseDocument, parseText } from '../../lib/parse';
import { ALLOWED_TAGS } from '../../lib/sanitize';
import generate5000 from '../fixtures/text-generated-5000-footnotes/generate';
import { TEX_VECTORS, XSS_VECTORS } from '../security/xss-corpus';
import { makePost } from '../store/helpers';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const OUT = mkdtempSync(join(tmpdir(), 'lens-epub-'));
const EPUB_NS = 'http://www.idpf.org/2007/ops';
const NOW = new Date('2026-04-20T12:00:00Z');

/** The epubcheck jar Debian's package installs (its `epubcheck` command needs binfmt): found, or the test fails. */
function epubcheckJar(): string {
  const listed = spawnSync('dpkg', ['-L', 'epubcheck'], { encoding: 'utf8' });
  const jar =
    listed.stdout?.split('\n').find((l) => /\/usr\/share\/java\/epubcheck\.jar$/.test(l)) ??
    '/usr/share/java/epubcheck.jar';
  if (!existsSync(jar)) throw new Error(`epubcheck is not installed (no ${jar}): apt-get install epubcheck`);
  return jar;
}

function epubcheck(file: string): { errors: string[]; warnings: string[]; output: string } {
  const run = spawnSync('java', ['-XX:+UseSerialGC', '-jar', epubcheckJar(), file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error)
    throw new Error(`could not run java for epubcheck: ${run.error.message} (apt-get install default-jre-headless)`);
  const output = `${run.stdout}\n${run.stderr}`;
  if (!/Messages: \d+ fatals/.test(output)) throw new Error(`epubcheck did not report:\n${output}`);
  const lines = output.split('\n');
  return {
    errors: lines.filter((l) => /^(ERROR|FATAL)/.test(l)),
    warnings: lines.filter((l) => /^WARNING/.test(l)),
    output,
  };
}

type Book = { files: Record<string, string>; raw: Record<string, Uint8Array> };

function open(bytes: Uint8Array): Book {
  const raw = unzipSync(bytes);
  const files: Record<string, string> = {};
  const decoder = new TextDecoder();
  for (const [name, data] of Object.entries(raw))
    if (!/\.(png|jpe?g|gif)$/.test(name)) files[name] = decoder.decode(data);
  return { files, raw };
}

function xml(text: string): Document {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  expect(doc.getElementsByTagName('parsererror').length, 'well-formed XML').toBe(0);
  return doc;
}

function postFiles(book: Book): [string, Document][] {
  return Object.entries(book.files)
    .filter(([name]) => /^OEBPS\/text\/post-\d+\.xhtml$/.test(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, text]) => [name, xml(text)]);
}

function byType(doc: Document, tag: string, type: string): Element[] {
  // happy-dom's XML parser keeps prefixed attributes by their qualified name only.
  return [...doc.getElementsByTagName(tag)].filter(
    (e) => (e.getAttributeNS(EPUB_NS, 'type') ?? e.getAttribute('epub:type')) === type,
  );
}

/** Writes a book and asserts epubcheck finds nothing at all wrong with it. */
function valid(name: string, bytes: Uint8Array): Book {
  const file = join(OUT, `${name}.epub`);
  writeFileSync(file, bytes);
  const report = epubcheck(file);
  expect({ errors: report.errors, warnings: report.warnings }, report.output).toEqual({ errors: [], warnings: [] });
  return open(bytes);
}

function mathCount(html: string): number {
  const doc = new DOMParser().parseFromString(`<body>${html}`, 'text/html');
  return doc.querySelectorAll(`.${MATH_CLASS}[${TEX_ATTR}]`).length;
}

/**
 * Every footnote an aside, every reference a noteref pointing at one, every equation a <math> (or marked TeX).
 * Counted on the serialised text: a DOM of 5,000 notes takes minutes in happy-dom, and epubcheck has read the XML.
 */
function expectCounts(posts: Post[], book: Book): void {
  const names = Object.keys(book.files)
    .filter((name) => /^OEBPS\/text\/post-\d+\.xhtml$/.test(name))
    .sort();
  expect(names.length).toBe(posts.length);
  posts.forEach((post, i) => {
    const name = names[i]!;
    const text = book.files[name]!;
    const asides = [...text.matchAll(/<aside epub:type="footnote" role="doc-footnote" id="([^"]+)"/g)].map((m) => m[1]);
    expect(asides.length, `${name} asides`).toBe(post.footnotes.length);
    const refs = [...text.matchAll(/<a epub:type="noteref" role="doc-noteref" id="[^"]+" href="#([^"]+)"/g)].map(
      (m) => m[1],
    );
    const ids = new Set(asides);
    expect(
      refs.filter((r) => !ids.has(r)),
      `${name} noterefs to no aside`,
    ).toEqual([]);
    expect(refs.length, `${name} noterefs`).toBeGreaterThanOrEqual(
      post.footnotes.reduce((n, f) => n + f.refIds.length, 0),
    );
    expect(new Set(refs).size, `${name} notes with a reference`).toBe(post.footnotes.length);
    expect((text.match(/role="doc-backlink"/g) ?? []).length, `${name} back links`).toBeGreaterThanOrEqual(
      asides.length,
    );
    const equations = [post.html, ...post.footnotes.map((f) => f.html)].reduce((n, h) => n + mathCount(h), 0);
    const maths = (text.match(/<math /g) ?? []).length;
    const marked = (text.match(/class="tex( display)?"/g) ?? []).length;
    expect(maths + marked, `${name} equations`).toBe(equations);
  });
}

function expectKindleSafe(book: Book): void {
  for (const [name, text] of Object.entries(book.files)) {
    if (!name.endsWith('.xhtml')) continue;
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>'), `${name} declaration`).toBe(true);
    expect(
      /<!--[\s\S]*?--[\s\S]*?-->/.test(
        text.replace(/<!--[\s\S]*?-->/g, (c) => (c.slice(4, -3).includes('--') ? c : '')),
      ),
      `${name} comment`,
    ).toBe(false);
    const doc = xml(text);
    for (const img of doc.getElementsByTagName('img')) expect(img.getAttribute('src'), `${name} img src`).toBeTruthy();
    expect(doc.getElementsByTagName('body')[0]!.hasAttribute('id'), `${name} body id`).toBe(false);
    expect(doc.getElementsByTagName('svg').length, `${name} svg`).toBe(0);
    for (const e of doc.getElementsByTagName('*')) {
      for (const attr of ['src', 'href']) {
        const v = e.getAttribute(attr);
        if (v && e.localName === 'img') expect(/^(?:[a-z]+:|\/\/)/i.test(v), `${name} remote image ${v}`).toBe(false);
      }
    }
  }
  expect(book.files['OEBPS/content.opf']).toMatch(/<dc:language>[a-z]{2,3}<\/dc:language>/);
}

function noScript(book: Book): void {
  for (const [name, text] of Object.entries(book.files)) {
    if (!/\.(xhtml|opf|ncx|xml)$/.test(name)) continue;
    const doc = xml(text);
    expect(doc.getElementsByTagName('script').length, `${name} <script>`).toBe(0);
    for (const e of doc.getElementsByTagName('*')) {
      for (const a of e.attributes) {
        expect(/^on/i.test(a.localName), `${name} ${e.localName} ${a.name}`).toBe(false);
        expect(
          /^\s*(?:javascript|vbscript|data:text)/i.test([...a.value].filter((c) => c.charCodeAt(0) > 32).join('')),
          `${name} ${a.name}="${a.value}"`,
        ).toBe(false);
      }
    }
  }
}

let dump: Post[];
afterAll(() => rmSync(OUT, { recursive: true, force: true }));
beforeAll(() => {
  dump = parseText(readFileSync(join(FIXTURES, 'dump-lesswrong-ru-aggregator', 'input.txt'), 'utf8'));
});

// epubcheck is a JVM start per book: slow on a loaded machine, hence the long timeouts.
describe('books checked by epubcheck', { timeout: 300_000 }, () => {
  test('the real dump’s 20 posts as one book', async () => {
    expect(dump.length).toBe(20);
    const bytes = await buildEpub(dump, { now: NOW });
    const book = valid('dump', bytes);
    expectCounts(dump, book);
    expectKindleSafe(book);
    const opf = book.files['OEBPS/content.opf']!;
    // The aggregator's chrome is Russian, the posts it republishes are English: the book is as its posts are.
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toMatch(/<meta property="dcterms:modified">2026-04-20T12:00:00Z<\/meta>/);
    // The mimetype comes first and is stored, as OCF asks (bytes 30..38 name it, compression method 0).
    expect(new TextDecoder().decode(bytes.subarray(30, 38))).toBe('mimetype');
    expect(bytes[8]! | (bytes[9]! << 8)).toBe(0);
    expect(new TextDecoder().decode(bytes.subarray(38, 58))).toBe('application/epub+zip');
    // nav: one entry per post, in order.
    const nav = xml(book.files['OEBPS/nav.xhtml']!);
    const toc = byType(nav, 'nav', 'toc')[0]!;
    const top = [...toc.getElementsByTagName('ol')[0]!.children].map(
      (li) => li.getElementsByTagName('a')[0]!.textContent,
    );
    expect(top).toEqual(dump.map((p) => p.title));
    expect(book.files['OEBPS/toc.ncx']).toContain(opf.match(/urn:uuid:[0-9a-f-]+/)![0]);
  });

  test('the real 222 KB post: 17 notes, 67 equations as MathML, headings in the contents', async () => {
    const html = readFileSync(join(FIXTURES, 'lw-abstract-entropy-page-shell', 'input.html'), 'utf8');
    const { url } = JSON.parse(readFileSync(join(FIXTURES, 'lw-abstract-entropy-page-shell', 'meta.json'), 'utf8'));
    const post = parseDocument(new DOMParser().parseFromString(html, 'text/html') as unknown as Document, url)!;
    expect(post.footnotes.length).toBe(17);
    const book = valid('entropy', await buildEpub([post], { now: NOW }));
    expectCounts([post], book);
    expectKindleSafe(book);
    const [, doc] = postFiles(book)[0]!;
    expect(doc.getElementsByTagName('math').length).toBe(67);
    const annotations = [...doc.getElementsByTagName('annotation')];
    expect(annotations.length).toBe(67);
    expect(annotations.every((a) => a.getAttribute('encoding') === 'application/x-tex')).toBe(true);
    expect(book.files['OEBPS/content.opf']).toMatch(/href="text\/post-0001\.xhtml"[^>]*properties="mathml"/);
    const nav = book.files['OEBPS/nav.xhtml']!;
    for (const h of post.headings.slice(0, 3)) expect(nav).toContain(h.text.replace(/&/g, '&amp;'));
    // The top of the post: title, author, date and the original's link.
    const head = doc.getElementsByTagName('header')[0]!.textContent!;
    expect(head).toContain(post.title);
    expect(head).toContain(post.author!);
    expect(doc.getElementsByTagName('header')[0]!.getElementsByTagName('a')[0]!.getAttribute('href')).toBe(url);
  });

  test('5,000 footnotes: 5,000 asides, every reference a noteref, notes citing notes keep their links', async () => {
    const posts = parseText(generate5000());
    const post = posts[0]!;
    expect(post.footnotes.length).toBe(5000);
    const book = valid('footnotes-5000', await buildEpub(posts, { now: NOW }));
    expectCounts(posts, book);
    const text = book.files['OEBPS/text/post-0001.xhtml']!;
    // Note 100 cites note 101 from inside its text.
    const note100 = /<aside[^>]* id="fn-100"[\s\S]*?<\/aside>/.exec(text)![0];
    expect([...note100.matchAll(/epub:type="noteref"[^>]*href="(#[^"]+)"/g)].map((m) => m[1])).toEqual(['#fn-101']);
  }, 900_000);

  test('a post made of the XSS corpus: no <script>, no on* attribute, no javascript: URL anywhere', async () => {
    const payloads = XSS_VECTORS.map((v) => v.payload);
    const tex = TEX_VECTORS.map(
      (t, i) =>
        `<span class="lens-math" ${TEX_ATTR}="${t.replace(/"/g, '&quot;')}" ${DISPLAY_ATTR}="${i % 2 ? 'true' : 'false'}">x</span>`,
    );
    const post = makePost({
      id: 'xsscorpusxsscorpu',
      title: `<script>window.__pwned=1</script> ${payloads[5]}`,
      author: '<img src=x onerror=alert(1)>',
      url: 'javascript:window.__pwned=1',
      html: `<h2 id="h">${payloads[0]}</h2>${payloads.map((p) => `<p>${p}</p>`).join('')}<p>${tex.join(' ')}</p><p>note<sup><a class="lens-fnref" id="r1" href="#n1" data-lens-footnote="n1">[1]</a></sup></p>`,
      headings: [{ id: 'h', level: 2, text: '<script>x</script>' }],
      footnotes: [{ id: 'n1', number: 1, html: payloads.join(''), text: 'x', refIds: ['r1'] }],
    });
    const book = valid('xss', await buildEpub([post], { now: NOW, title: payloads[0], author: payloads[6] }));
    noScript(book);
    expectKindleSafe(book);
  });

  test('a 12-post sequence in two chapters: parts in the contents, posts under them', async () => {
    const twelve = dump.slice(0, 12);
    const chapters = [
      { title: 'Chapter one', postIds: twelve.slice(0, 6).map((p) => p.id) },
      { title: 'Chapter two', postIds: twelve.slice(6).map((p) => p.id) },
    ];
    const book = valid(
      'sequence',
      await buildEpub(twelve, { title: 'A sequence', author: 'Lens', chapters, now: NOW }),
    );
    expectCounts(twelve, book);
    const nav = xml(book.files['OEBPS/nav.xhtml']!);
    const top = [...byType(nav, 'nav', 'toc')[0]!.getElementsByTagName('ol')[0]!.children];
    expect(top.map((li) => li.getElementsByTagName('a')[0]!.textContent)).toEqual(['Chapter one', 'Chapter two']);
    expect(top.map((li) => li.getElementsByTagName('ol')[0]!.children.length)).toEqual([6, 6]);
    expect(Object.keys(book.files).filter((f) => /part-\d+\.xhtml$/.test(f))).toHaveLength(2);
  });

  test('awkward input still makes a valid book', async () => {
    const posts: Post[] = [
      makePost({ id: 'notitlenotitlenot', title: '', html: '', headings: [], footnotes: [], math: [] }),
      makePost({ id: 'punctuationpunctu', title: '?!… — ...', url: undefined }),
      makePost({ id: 'rtlrtlrtlrtlrtlrt', title: 'שלום עולם — مرحبا', author: 'אבי' }),
      makePost({
        id: 'selfcitingselfcit',
        title: 'Notes that cite themselves',
        html: '<p>Claim<sup><a class="lens-fnref" id="r1" href="#n1" data-lens-footnote="n1">[1]</a></sup>.</p>',
        footnotes: [
          {
            id: 'n1',
            number: 1,
            html: '<p>See this very note<sup><a class="lens-fnref" id="r2" href="#n1" data-lens-footnote="n1">[1]</a></sup> and <a class="lens-fnref" href="#n2" data-lens-footnote="n2">[2]</a>.</p>',
            text: 'See this very note',
            refIds: ['r1', 'r2'],
          },
          { id: 'n2', number: 2, html: '<p>Cited only by note 1.</p>', text: 'Cited only by note 1.', refIds: [] },
          { id: 'n3', number: 3, html: '<p>Cited by nothing.</p>', text: 'Cited by nothing.', refIds: [] },
        ],
      }),
      makePost({
        id: 'badtexbadtexbadte',
        title: 'TeX KaTeX cannot read',
        html: `<p>Broken <span class="lens-math" ${TEX_ATTR}="\\frac{1}{" ${DISPLAY_ATTR}="false">x</span> and <span class="lens-math" ${TEX_ATTR}="\\unknowncommand{x}" ${DISPLAY_ATTR}="false">x</span>.</p><div class="lens-math" ${TEX_ATTR}="\\begin{align} a" ${DISPLAY_ATTR}="true">x</div>`,
        footnotes: [],
      }),
      // Every element sanitising lets through, in its own context and out of it: the book keeps what XHTML accepts.
      makePost({
        id: 'everytagseverytag',
        title: 'Every element a post may hold',
        html: [
          ...ALLOWED_TAGS.map((tag) => `<div><${tag} title="${tag}">${tag}</${tag}></div><p><${tag}>in p</${tag}></p>`),
          '<table><caption>c</caption><colgroup><col></colgroup><thead><tr><th scope="col">h</th></tr></thead>',
          '<tbody><tr><td colspan="1">d</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>',
          '<ul><li>u</li></ul><ol start="3"><li>o</li></ol><dl><dt>t</dt><dd>d</dd></dl>',
          '<details open><summary>s</summary>more</details><figure><img src="x.png" alt="x"><figcaption>f</figcaption></figure>',
        ].join(''),
        footnotes: [],
      }),
    ];
    const book = valid('awkward', await buildEpub(posts, { now: NOW }));
    expectCounts(posts, book);
    expectKindleSafe(book);
    const docs = postFiles(book);
    expect(docs[0]![1].getElementsByTagName('h1')[0]!.textContent).toBe('Untitled post');
    const bad = docs[4]![1];
    const marked = [...bad.getElementsByTagName('code')].map((c) => c.textContent);
    expect([...bad.getElementsByTagName('div')].filter((d) => d.getAttribute('class') === 'tex display')).toHaveLength(
      1,
    );
    expect(marked).toEqual(['$\\frac{1}{$', '$\\unknowncommand{x}$', '$$\\begin{align} a$$']);
    // The uncited note is still reachable: a noteref points to it.
    const self = docs[3]![1];
    // In document order: the body's reference, the line pointing to the uncited note, then note 1 citing itself and note 2.
    expect(byType(self, 'a', 'noteref').map((a) => a.getAttribute('href'))).toEqual([
      '#fn-1',
      '#fn-3',
      '#fn-1',
      '#fn-2',
    ]);
  });
});

describe('the book’s metadata and shape', { timeout: 300_000 }, () => {
  test('the identifier is stable for the same posts and differs for others', async () => {
    const a = open(await buildEpub(dump.slice(0, 2), { now: NOW, cover: false }));
    const b = open(await buildEpub(dump.slice(0, 2), { now: new Date('2026-05-01T00:00:00Z'), cover: false }));
    const c = open(await buildEpub(dump.slice(1, 3), { now: NOW, cover: false }));
    const id = (book: Book) => /<dc:identifier id="book-id">([^<]+)</.exec(book.files['OEBPS/content.opf']!)![1];
    expect(id(a)).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id(a)).toBe(id(b));
    expect(id(a)).not.toBe(id(c));
  });

  test('the contract call with no options works and the language comes from the text', async () => {
    const book = open(await buildEpub([makePost()]));
    expect(book.files['OEBPS/content.opf']).toContain('<dc:language>en</dc:language>');
    const russian = makePost({
      title: 'Линзы и телескопы',
      html: '<p>Телескопу нужны хорошие линзы: это пост о том, почему.</p>',
      footnotes: [],
    });
    const ru = open(await buildEpub([russian], { cover: false }));
    expect(ru.files['OEBPS/content.opf']).toContain('<dc:language>ru</dc:language>');
    expect(ru.files['OEBPS/text/post-0001.xhtml']).toContain('xml:lang="ru"');
    expect(book.files['OEBPS/content.opf']).toContain('<dc:title>A post about lenses</dc:title>');
    const opts = open(await buildEpub([makePost()], { title: 'Mine', author: 'Me', language: 'de' }));
    expect(opts.files['OEBPS/content.opf']).toContain('<dc:language>de</dc:language>');
    expect(opts.files['OEBPS/content.opf']).toContain('<dc:creator>Me</dc:creator>');
  });

  test.each([
    ['Russian text', 'Это текст на русском языке о рациональности.', 'ru'],
    ['English text', 'This is a text about rationality.', 'en'],
    ['Hebrew text', 'זהו טקסט בעברית', 'he'],
    ['Japanese text', '日本語の文章です', 'ja'],
    ['no letters at all', '?!… 123', 'en'],
  ])('detectLanguage: %s', (_, text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  test('an empty selection is refused with a clear message and no file', async () => {
    const chunks: Uint8Array[] = [];
    await expect(writeEpub([], {}, (c) => chunks.push(c))).rejects.toThrow(emptyBook());
    expect(chunks).toHaveLength(0);
    await expect(buildEpub([])).rejects.toThrow(emptyBook());
  });

  test('images kept offline are embedded; others become their alt text and a link, never a remote reference', async () => {
    const png = patternCover('x', 4, 4).bytes;
    const post = makePost({
      html: '<p><img src="https://img.example/kept.png" alt="kept one"><img src="https://img.example/remote.png" alt="a chart"><img src="https://img.example/webp.webp" alt="webp"></p>',
      footnotes: [],
    });
    const book = valid(
      'images',
      await buildEpub([post], {
        now: NOW,
        images: async () =>
          new Map([
            ['https://img.example/kept.png', new Blob([png as BlobPart], { type: 'image/png' })],
            [
              'https://img.example/webp.webp',
              new Blob([new Uint8Array([0x52, 0x49, 0x46, 0x46])], { type: 'image/webp' }),
            ],
          ]),
      }),
    );
    const [, doc] = postFiles(book)[0]!;
    const imgs = [...doc.getElementsByTagName('img')];
    expect(imgs.map((i) => [i.getAttribute('src'), i.getAttribute('alt')])).toEqual([
      ['../images/img-1.png', 'kept one'],
    ]);
    expect(book.raw['OEBPS/images/img-1.png']).toEqual(png);
    const missing = [...doc.getElementsByTagName('span')].filter((s) => s.getAttribute('class') === 'image-missing');
    expect(missing.map((s) => s.textContent)).toEqual(['[Image: a chart] (online)', '[Image: webp] (online)']);
    expect(missing[0]!.getElementsByTagName('a')[0]!.getAttribute('href')).toBe('https://img.example/remote.png');
  });

  test('without a canvas the cover is a PNG drawn from the title (and the title written on the cover page)', async () => {
    const book = open(await buildEpub([makePost()], { now: NOW }));
    const png = book.raw['OEBPS/images/cover.png']!;
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(book.files['OEBPS/content.opf']).toMatch(/id="cover-image"[^>]*properties="cover-image"/);
    expect(book.files['OEBPS/cover.xhtml']).toContain('A post about lenses');
    expect(patternCover('one').bytes).not.toEqual(patternCover('two').bytes);
  });

  test('progress is reported post by post', async () => {
    const seen: string[] = [];
    await buildEpub(dump.slice(0, 3), { cover: false, onProgress: (p) => seen.push(`${p.done}/${p.total}`) });
    expect(seen).toEqual(['1/3', '2/3', '3/3']);
  });
});
