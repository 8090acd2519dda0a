import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { t } from '../i18n';
import type { Post } from '../model';
import { stableHash } from '../parse/hash';
import { sanitizeHtml } from '../sanitize';
import { nextTask, sliceTimer } from '../schedule';
import { imageSources } from '../store/images';
import { htmlToText } from '../store/text';
import { drawCover } from './epub-cover';
import { type PostDocument, postDocument, postTitle } from './epub-post';
import { EPUB_NS, el, serializeXml, xhtmlDocument, xmlDocument, xmlText } from './epub-xml';

/** A named run of posts in a book (a sequence's chapter): the book's contents nest posts under it. */
export type EpubChapter = { title: string; postIds: readonly string[] };

/** How far a book has got: posts written of all. */
export type EpubProgress = { done: number; total: number };

/** What a book is made of besides its posts; every field may be left out. */
export type EpubOptions = {
  title?: string;
  author?: string;
  /** BCP 47 language of the book; detected from the posts' text when left out (`ru` for Russian posts). */
  language?: string;
  /** Parts of the book in order (a sequence's chapters); posts of `posts` in none of them come last. */
  chapters?: readonly EpubChapter[];
  /** The images kept offline for a post, by the `src` its HTML carries (lib/store/images.ts imagesOfPost). */
  images?: (post: Post) => Promise<ReadonlyMap<string, Blob>>;
  /** Whether to draw a cover (default true). */
  cover?: boolean;
  /** The book's modification time (default now). */
  now?: Date;
  /** Called after each post is written. */
  onProgress?: (progress: EpubProgress) => void;
  /** Sanitiser for post HTML (default lib/sanitize.ts on the global window). */
  sanitize?: (html: string) => string;
};

/** What was written, for a caller to report and for tests to check. */
export type EpubReport = {
  identifier: string;
  language: string;
  posts: number;
  images: number;
  cover: 'canvas' | 'pattern' | 'none';
  counts: PostDocument['counts'];
};

/** The message a book with nothing in it is refused with. */
export function emptyBook(): string {
  return t('epubNothing');
}

const OPF_NS = 'http://www.idpf.org/2007/opf';
const DC_NS = 'http://purl.org/dc/elements/1.1/';
const NCX_NS = 'http://www.daisy.org/z3986/2005/ncx/';

const SCRIPTS: [RegExp, string][] = [
  [/\p{Script=Cyrillic}/gu, 'ru'],
  [/\p{Script=Latin}/gu, 'en'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Hebrew}/gu, 'he'],
  [/\p{Script=Arabic}/gu, 'ar'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja'],
  [/\p{Script=Hangul}/gu, 'ko'],
  [/\p{Script=Han}/gu, 'zh'],
];

/** The language a text is most likely in, from the script most of its letters are written in (English when unsure). */
export function detectLanguage(text: string): string {
  const sample = text.slice(0, 20_000);
  let best = 'en';
  let most = 0;
  for (const [re, lang] of SCRIPTS) {
    // Kana mixed with Han is Japanese: Han counts towards Japanese too once there is kana.
    const n = (sample.match(re) ?? []).length;
    if (n > most) {
      most = n;
      best = lang;
    }
  }
  if (best === 'zh' && /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(sample)) return 'ja';
  return best;
}

function postLanguage(post: Post): { lang: string; weight: number } {
  const text = `${post.title} ${htmlToText(post.html.slice(0, 40_000))}`;
  return { lang: detectLanguage(text), weight: text.length };
}

/**
 * A stable `urn:uuid:` for a book: the same posts (and chapters) in the same order always give the same identifier.
 * Built from the project's stable hash in four salted lanes, not SubtleCrypto, which an insecure page lacks.
 */
export function bookIdentifier(posts: readonly Post[], chapters: readonly EpubChapter[] = []): string {
  const key = JSON.stringify([posts.map((p) => p.id), chapters.map((c) => [c.title, c.postIds])]);
  const hex = ['a', 'b', 'c', 'd']
    .map((salt) =>
      Number.parseInt(stableHash(`${salt}\u0000${key}`), 36)
        .toString(16)
        .padStart(13, '0')
        .slice(-8),
    )
    .join('')
    .split('');
  // Shaped as a name-based (version 5 style) UUID: readers and stores only ask that it be a UUID.
  hex[12] = '5';
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

type Entry = { title: string; href: string; children: Entry[] };
type Group = { title?: string; posts: Post[] };

function groupsOf(posts: readonly Post[], chapters: readonly EpubChapter[] | undefined): Group[] {
  if (!chapters?.length) return [{ posts: [...posts] }];
  const byId = new Map(posts.map((p) => [p.id, p]));
  const placed = new Set<string>();
  const groups: Group[] = chapters.map((c) => ({
    title: xmlText(c.title).trim() || t('untitledChapter'),
    posts: c.postIds.flatMap((id) => {
      const p = byId.get(id);
      if (!p) return [];
      placed.add(id);
      return [p];
    }),
  }));
  const rest = posts.filter((p) => !placed.has(p.id));
  if (rest.length) groups.push({ title: t('otherPosts'), posts: rest });
  return groups.filter((g) => g.posts.length);
}

function defaultTitle(posts: readonly Post[]): string {
  if (posts.length === 1) return postTitle(posts[0]!);
  return `${postTitle(posts[0]!)} and ${posts.length - 1} more`;
}

function authorsOf(posts: readonly Post[]): string[] {
  const authors = [...new Set(posts.map((p) => xmlText(p.author ?? '').trim()).filter(Boolean))];
  return authors.length > 3 ? ['Various authors'] : authors;
}

const IMAGE_TYPES: [number[], string, string][] = [
  [[0xff, 0xd8, 0xff], 'image/jpeg', 'jpg'],
  [[0x89, 0x50, 0x4e, 0x47], 'image/png', 'png'],
  [[0x47, 0x49, 0x46, 0x38], 'image/gif', 'gif'],
];

/** Whether the bytes end as a whole file of that type does (a truncated image is refused by readers and epubcheck). */
function complete(bytes: Uint8Array, type: string): boolean {
  const n = bytes.length;
  if (type === 'image/png')
    return (
      n > 57 &&
      String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR' &&
      String.fromCharCode(...bytes.subarray(n - 8, n - 4)) === 'IEND'
    );
  if (type === 'image/jpeg')
    return n > 4 && bytes.subarray(n - 16).some((b, i, tail) => b === 0xff && tail[i + 1] === 0xd9);
  return n > 13 && bytes[n - 1] === 0x3b;
}

/** The EPUB core media type of image bytes, by their signature; null for any other (WebP, SVG: not embedded). */
function imageType(bytes: Uint8Array): { type: string; ext: string } | null {
  for (const [magic, type, ext] of IMAGE_TYPES)
    if (magic.every((b, i) => bytes[i] === b)) return complete(bytes, type) ? { type, ext } : null;
  return null;
}

async function dataImage(src: string): Promise<Uint8Array | null> {
  const m = /^data:image\/[\w.+-]+;base64,([A-Za-z0-9+/=\s]+)$/i.exec(src.trim());
  if (!m) return null;
  try {
    const bin = atob(m[1]!.replace(/\s+/g, ''));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const CSS = `body { margin: 0 4%; line-height: 1.5; font-family: serif; }
h1.post-title { margin: 1em 0 0.3em; line-height: 1.2; }
.byline, .original { margin: 0.2em 0; font-size: 0.9em; color: #555; }
.post-head { margin-bottom: 1.5em; }
.math.display { display: block; margin: 1em 0; text-align: center; overflow-x: auto; }
.tex code { font-family: monospace; background: #f3f3f3; }
pre { white-space: pre-wrap; font-size: 0.85em; }
blockquote { margin: 1em 1.5em; padding-left: 0.8em; border-left: 3px solid #ccc; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ccc; padding: 0.2em 0.4em; }
.image-missing { font-style: italic; color: #555; }
a.noteref { text-decoration: none; }
.notes { margin-top: 2em; border-top: 1px solid #999; font-size: 0.9em; }
aside.footnote { margin: 0.6em 0; }
aside.footnote .note-number { margin: 0; font-weight: bold; }
.cover { margin: 0; padding: 0; text-align: center; }
.cover img { height: 100%; max-width: 100%; }
.part-title { margin-top: 30%; text-align: center; }
`;

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>
`;

type ManifestItem = { id: string; href: string; type: string; properties?: string };

class BookZip {
  private readonly zip: Zip;
  private failure: unknown = null;
  private finished: (() => void) | null = null;
  readonly done: Promise<void>;

  constructor(
    sink: (chunk: Uint8Array) => void,
    private readonly mtime: Date,
  ) {
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    this.done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.finished = resolve;
    this.zip = new Zip((err, chunk, final) => {
      if (err) {
        this.failure = err;
        reject(err);
        return;
      }
      sink(chunk);
      if (final) this.finished?.();
    });
  }

  /** Adds a file: text is deflated, bytes already compressed (images) and the mimetype are stored. */
  add(path: string, data: string | Uint8Array, store = false): void {
    if (this.failure) throw this.failure;
    const bytes = typeof data === 'string' ? strToU8(data) : data;
    const file = store ? new ZipPassThrough(path) : new ZipDeflate(path, { level: 6 });
    file.mtime = this.mtime;
    this.zip.add(file);
    file.push(bytes, true);
  }

  end(): Promise<void> {
    this.zip.end();
    return this.done;
  }
}

function navList(doc: Document, entries: readonly Entry[]): Element {
  const ol = el(doc, 'ol');
  for (const e of entries) {
    const li = el(doc, 'li');
    li.appendChild(el(doc, 'a', { href: e.href }, e.title));
    if (e.children.length) li.appendChild(navList(doc, e.children));
    ol.appendChild(li);
  }
  return ol;
}

function ncxPoints(doc: Document, parent: Element, entries: readonly Entry[], order: { n: number }): number {
  let depth = 0;
  for (const e of entries) {
    const point = doc.createElementNS(NCX_NS, 'navPoint');
    point.setAttribute('id', `nav-${order.n}`);
    point.setAttribute('playOrder', String(order.n++));
    const label = doc.createElementNS(NCX_NS, 'navLabel');
    const text = doc.createElementNS(NCX_NS, 'text');
    text.textContent = e.title;
    label.appendChild(text);
    point.appendChild(label);
    const content = doc.createElementNS(NCX_NS, 'content');
    content.setAttribute('src', e.href);
    point.appendChild(content);
    parent.appendChild(point);
    depth = Math.max(depth, 1 + ncxPoints(doc, point, e.children, order));
  }
  return depth;
}

function headingEntries(file: string, headings: PostDocument['headings']): Entry[] {
  const root: Entry[] = [];
  const stack: { level: number; children: Entry[] }[] = [{ level: 0, children: root }];
  for (const h of headings) {
    while (stack.length > 1 && stack[stack.length - 1]!.level >= h.level) stack.pop();
    const entry: Entry = { title: h.text, href: `${file}#${h.id}`, children: [] };
    stack[stack.length - 1]!.children.push(entry);
    stack.push({ level: h.level, children: entry.children });
  }
  return root;
}

function lwId(url: URL): string | undefined {
  return /\/posts\/([A-Za-z0-9]{17})(?:[/?#]|$)/.exec(url.pathname)?.[1];
}

function urlKey(url: URL): string {
  return `${url.host.replace(/^www\./, '')}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Writes posts as an EPUB 3 book (popup footnotes, MathML, kept images, a drawn cover) to `sink` chunk by chunk, each
 * post serialised, compressed and let go before the next, so a long book is never held whole in memory twice.
 */
export async function writeEpub(
  posts: readonly Post[],
  options: EpubOptions,
  sink: (chunk: Uint8Array) => void,
): Promise<EpubReport> {
  const groups = groupsOf(posts, options.chapters);
  const inBook = groups.flatMap((g) => g.posts);
  if (!inBook.length) throw new Error(emptyBook());
  const now = options.now ?? new Date();
  const sanitize = options.sanitize ?? ((html: string) => sanitizeHtml(html));
  const identifier = bookIdentifier(
    inBook,
    groups.flatMap((g) => (g.title ? [{ title: g.title, postIds: g.posts.map((p) => p.id) }] : [])),
  );
  const detected = new Map<string, number>();
  const langs = inBook.map((p) => {
    const { lang, weight } = postLanguage(p);
    detected.set(lang, (detected.get(lang) ?? 0) + weight);
    return lang;
  });
  const language = options.language ?? [...detected].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'en';
  const title = xmlText(options.title ?? '').trim() || defaultTitle(inBook);
  const authors = options.author?.trim() ? [xmlText(options.author.trim())] : authorsOf(inBook);

  const zip = new BookZip(sink, now);
  zip.add('mimetype', 'application/epub+zip', true);
  zip.add('META-INF/container.xml', CONTAINER);
  zip.add('OEBPS/style.css', CSS);
  const manifest: ManifestItem[] = [
    { id: 'nav', href: 'nav.xhtml', type: 'application/xhtml+xml', properties: 'nav' },
    { id: 'ncx', href: 'toc.ncx', type: 'application/x-dtbncx+xml' },
    { id: 'css', href: 'style.css', type: 'text/css' },
  ];
  const spine: { idref: string; linear?: boolean }[] = [];

  let cover: EpubReport['cover'] = 'none';
  if (options.cover !== false) {
    const image = await drawCover(title, authors.join(', '));
    cover = image.drawnBy;
    const ext = image.type === 'image/png' ? 'png' : 'jpg';
    zip.add(`OEBPS/images/cover.${ext}`, image.bytes, true);
    manifest.push({ id: 'cover-image', href: `images/cover.${ext}`, type: image.type, properties: 'cover-image' });
    const { doc, body } = xhtmlDocument(title, language);
    const section = el(doc, 'section', { 'epub:type': 'cover', class: 'cover' });
    section.appendChild(el(doc, 'img', { src: `images/cover.${ext}`, alt: `Cover: ${title}` }));
    // The pattern cover carries no words: the title is written under it.
    if (image.drawnBy === 'pattern') section.appendChild(el(doc, 'h1', { class: 'cover-title', dir: 'auto' }, title));
    body.appendChild(section);
    zip.add('OEBPS/cover.xhtml', serializeXml(doc));
    manifest.push({ id: 'cover', href: 'cover.xhtml', type: 'application/xhtml+xml' });
    spine.push({ idref: 'cover' });
  }
  spine.push({ idref: 'nav' });

  // Which file each post will be in, known before any is written, so posts can link to each other inside the book.
  const files = new Map<string, string>();
  let n = 0;
  for (const g of groups)
    for (const p of g.posts) {
      const file = `post-${String(++n).padStart(4, '0')}.xhtml`;
      if (p.url) {
        try {
          files.set(urlKey(new URL(p.url)), file);
        } catch {
          // A post with an unreadable URL is only reachable from the contents.
        }
      }
      if (/^[A-Za-z0-9]{17}$/.test(p.id)) files.set(`id:${p.id}`, file);
    }
  const postFile = (url: URL) => {
    const id = lwId(url);
    return (id && files.get(`id:${id}`)) || files.get(urlKey(url));
  };

  const images = new Map<string, string | null>();
  let imageCount = 0;
  const counts: PostDocument['counts'] = { notes: 0, noterefs: 0, math: 0, texFallbacks: 0 };
  const toc: Entry[] = [];
  let done = 0;
  let index = 0;
  const sliceUsed = sliceTimer(40);
  let firstPost = '';
  for (const [gi, group] of groups.entries()) {
    let children = toc;
    if (group.title) {
      const file = `part-${String(gi + 1).padStart(2, '0')}.xhtml`;
      const { doc, body } = xhtmlDocument(group.title, language, '../style.css');
      const section = el(doc, 'section', { 'epub:type': 'part', role: 'doc-part', class: 'part' });
      section.appendChild(el(doc, 'h1', { class: 'part-title', dir: 'auto' }, group.title));
      body.appendChild(section);
      zip.add(`OEBPS/text/${file}`, serializeXml(doc));
      manifest.push({ id: `part-${gi + 1}`, href: `text/${file}`, type: 'application/xhtml+xml' });
      spine.push({ idref: `part-${gi + 1}` });
      const entry: Entry = { title: group.title, href: `text/${file}`, children: [] };
      toc.push(entry);
      children = entry.children;
    }
    for (const raw of group.posts) {
      const lang = options.language ?? langs[index]!;
      index++;
      const post: Post = {
        ...raw,
        html: sanitize(raw.html),
        footnotes: raw.footnotes.map((f) => ({ ...f, html: sanitize(f.html) })),
      };
      const kept = options.images ? await options.images(raw).catch(() => new Map<string, Blob>()) : new Map();
      for (const src of [post.html, ...post.footnotes.map((f) => f.html)].flatMap(imageSources)) {
        if (images.has(src)) continue;
        const blob = kept.get(src);
        const bytes = blob ? new Uint8Array(await blob.arrayBuffer()) : await dataImage(src);
        const type = bytes && imageType(bytes);
        if (!bytes || !type) {
          images.set(src, null);
          continue;
        }
        const href = `images/img-${++imageCount}.${type.ext}`;
        zip.add(`OEBPS/${href}`, bytes, true);
        manifest.push({ id: `img-${imageCount}`, href, type: type.type });
        images.set(src, `../${href}`);
      }
      const file = `post-${String(done + 1).padStart(4, '0')}.xhtml`;
      const written = postDocument(post, { lang, postFile, image: (src) => images.get(src) ?? null });
      zip.add(`OEBPS/text/${file}`, written.xhtml);
      for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += written.counts[k];
      const id = `post-${done + 1}`;
      manifest.push({
        id,
        href: `text/${file}`,
        type: 'application/xhtml+xml',
        ...(written.mathml ? { properties: 'mathml' } : {}),
      });
      spine.push({ idref: id });
      children.push({
        title: postTitle(post),
        href: `text/${file}`,
        children: headingEntries(`text/${file}`, written.headings),
      });
      firstPost ||= `text/${file}`;
      done++;
      options.onProgress?.({ done, total: inBook.length });
      // Between posts the page gets a turn once a slice is used: a long book must not freeze the reader that asked
      // for it, and a turn after every post would cost a task's delay fifty times over.
      if (sliceUsed()) await nextTask();
    }
  }

  const { doc: navDoc, body: navBody } = xhtmlDocument(t('epubContents'), language);
  const nav = el(navDoc, 'nav', { 'epub:type': 'toc', id: 'toc', role: 'doc-toc' });
  nav.appendChild(el(navDoc, 'h1', {}, t('epubContents')));
  nav.appendChild(navList(navDoc, toc));
  navBody.appendChild(nav);
  const landmarks = el(navDoc, 'nav', { 'epub:type': 'landmarks', hidden: 'hidden' });
  landmarks.appendChild(el(navDoc, 'h2', {}, t('epubLandmarks')));
  const marks: Entry[] = [
    ...(cover !== 'none' ? [{ title: t('epubCover'), href: 'cover.xhtml', children: [] }] : []),
    { title: t('epubContents'), href: 'nav.xhtml#toc', children: [] },
    { title: t('epubStart'), href: firstPost, children: [] },
  ];
  const markList = navList(navDoc, marks);
  const markTypes = [...(cover !== 'none' ? ['cover'] : []), 'toc', 'bodymatter'];
  for (const [i, a] of [...markList.getElementsByTagName('a')].entries())
    a.setAttributeNS(EPUB_NS, 'epub:type', markTypes[i]!);
  landmarks.appendChild(markList);
  navBody.appendChild(landmarks);
  zip.add('OEBPS/nav.xhtml', serializeXml(navDoc));

  const ncx = xmlDocument(`<ncx xmlns="${NCX_NS}" version="2005-1"><head/><docTitle><text/></docTitle><navMap/></ncx>`);
  const navMap = ncx.getElementsByTagName('navMap')[0]!;
  const depth = ncxPoints(ncx, navMap, toc, { n: 1 });
  const ncxHead = ncx.getElementsByTagName('head')[0]!;
  for (const [name, content] of [
    ['dtb:uid', identifier],
    ['dtb:depth', String(Math.max(1, depth))],
    ['dtb:totalPageCount', '0'],
    ['dtb:maxPageNumber', '0'],
  ]) {
    const meta = ncx.createElementNS(NCX_NS, 'meta');
    meta.setAttribute('name', name!);
    meta.setAttribute('content', content!);
    ncxHead.appendChild(meta);
  }
  ncx.getElementsByTagName('text')[0]!.textContent = title;
  zip.add('OEBPS/toc.ncx', serializeXml(ncx));

  const opf = xmlDocument(
    `<package xmlns="${OPF_NS}" version="3.0" unique-identifier="book-id"><metadata xmlns:dc="${DC_NS}"/><manifest/><spine toc="ncx"/></package>`,
  );
  opf.documentElement.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:lang', language);
  const metadata = opf.getElementsByTagName('metadata')[0]!;
  const dc = (name: string, text: string, attrs: Record<string, string> = {}) => {
    const e = opf.createElementNS(DC_NS, `dc:${name}`);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    e.textContent = text;
    metadata.appendChild(e);
  };
  const meta = (attrs: Record<string, string>, text?: string) => {
    const e = opf.createElementNS(OPF_NS, 'meta');
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    metadata.appendChild(e);
  };
  dc('identifier', identifier, { id: 'book-id' });
  dc('title', title);
  dc('language', language);
  for (const a of authors) dc('creator', a);
  dc('publisher', 'Lens');
  meta({ property: 'dcterms:modified' }, `${now.toISOString().slice(0, 19)}Z`);
  // Kindle still finds the cover by the EPUB 2 meta.
  if (cover !== 'none') meta({ name: 'cover', content: 'cover-image' });
  const manifestEl = opf.getElementsByTagName('manifest')[0]!;
  for (const item of manifest) {
    const e = opf.createElementNS(OPF_NS, 'item');
    e.setAttribute('id', item.id);
    e.setAttribute('href', item.href);
    e.setAttribute('media-type', item.type);
    if (item.properties) e.setAttribute('properties', item.properties);
    manifestEl.appendChild(e);
  }
  const spineEl = opf.getElementsByTagName('spine')[0]!;
  for (const s of spine) {
    const e = opf.createElementNS(OPF_NS, 'itemref');
    e.setAttribute('idref', s.idref);
    spineEl.appendChild(e);
  }
  zip.add('OEBPS/content.opf', serializeXml(opf));
  await zip.end();
  return { identifier, language, posts: inBook.length, images: imageCount, cover, counts };
}

/** Builds an EPUB 3 book of posts (in order, or in `options.chapters`) and returns the file's bytes. */
export async function buildEpub(posts: Post[], options: EpubOptions = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  await writeEpub(posts, options, (chunk) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  const out = new Uint8Array(size);
  let at = 0;
  // Each chunk is let go as it is copied, so the book is held about once, not twice, while the result is assembled.
  for (let i = 0; i < chunks.length; i++) {
    out.set(chunks[i]!, at);
    at += chunks[i]!.length;
    chunks[i] = new Uint8Array(0);
  }
  return out;
}
