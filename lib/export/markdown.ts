import { strToU8, zipSync } from 'fflate';
import { DISPLAY_ATTR, FOOTNOTE_ATTR, FOOTNOTE_REF_CLASS, MATH_CLASS, type Post, TEX_ATTR } from '../model';

type Ctx = { notes: Map<string, string>; list: { ordered: boolean; index: number }[] };

function escapeText(text: string): string {
  return text.replace(/([\\`*_[\]<>]|^#|^[-+]\s|^\d+\.\s)/gm, '\\$1').replace(/\$/g, '\\$');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function isMath(el: Element): boolean {
  return el.classList.contains(MATH_CLASS) && el.hasAttribute(TEX_ATTR);
}

function footnoteRef(el: Element): Element | null {
  if (el.tagName === 'A' && (el.classList.contains(FOOTNOTE_REF_CLASS) || el.hasAttribute(FOOTNOTE_ATTR))) return el;
  // <sup><a class="lens-fnref">[1]</a></sup>: the sup is only the reference's dress.
  if (
    el.tagName === 'SUP' &&
    el.children.length === 1 &&
    el.textContent?.trim() === el.firstElementChild?.textContent?.trim()
  ) {
    return footnoteRef(el.firstElementChild!);
  }
  return null;
}

function inline(node: Node, ctx: Ctx): string {
  if (node.nodeType === 3) return escapeText(collapse(node.textContent ?? ''));
  if (node.nodeType !== 1) return '';
  const el = node as Element;
  if (isMath(el)) {
    const tex = el.getAttribute(TEX_ATTR)!.trim();
    return el.getAttribute(DISPLAY_ATTR) === 'true' ? `\n\n$$\n${tex}\n$$\n\n` : `$${tex}$`;
  }
  const ref = footnoteRef(el);
  if (ref) {
    const id = ref.getAttribute(FOOTNOTE_ATTR) ?? ref.getAttribute('href')?.replace(/^#/, '') ?? '';
    const n = ctx.notes.get(id);
    if (n !== undefined) return `[^${n}]`;
  }
  const inner = () => children(el, ctx, inline);
  switch (el.tagName) {
    case 'BR':
      return '  \n';
    case 'STRONG':
    case 'B': {
      const t = inner();
      return t.trim() ? `**${t}**` : t;
    }
    case 'EM':
    case 'I': {
      const t = inner();
      return t.trim() ? `*${t}*` : t;
    }
    case 'S':
    case 'DEL':
    case 'STRIKE':
      return `~~${inner()}~~`;
    case 'CODE':
      return codeSpan(el.textContent ?? '');
    case 'A': {
      const href = el.getAttribute('href');
      const t = inner();
      if (!href || href.startsWith('#') || /^\s*javascript:/i.test(href)) return t;
      return `[${t}](${href.replace(/[()\s]/g, encodeURIComponent)})`;
    }
    case 'IMG': {
      const src = el.getAttribute('src');
      return src && /^https?:/i.test(src)
        ? `![${escapeText(el.getAttribute('alt') ?? '')}](${src.replace(/[()\s]/g, encodeURIComponent)})`
        : '';
    }
    default:
      return inner();
  }
}

function codeSpan(text: string): string {
  const ticks = '`'.repeat((text.match(/`+/g) ?? []).reduce((m, t) => Math.max(m, t.length), 0) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function children(el: Element, ctx: Ctx, fn: (n: Node, ctx: Ctx) => string): string {
  let out = '';
  for (const child of el.childNodes) out += fn(child, ctx);
  return out;
}

const BLOCK_TAGS = new Set([
  'P',
  'DIV',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'HR',
  'TABLE',
  'FIGURE',
  'SECTION',
  'FIGCAPTION',
  'DETAILS',
  'SUMMARY',
]);

function hasBlockChild(el: Element): boolean {
  for (const c of el.children)
    if (BLOCK_TAGS.has(c.tagName) || (isMath(c) && c.getAttribute(DISPLAY_ATTR) === 'true')) return true;
  return false;
}

function block(node: Node, ctx: Ctx): string {
  if (node.nodeType === 3) {
    const t = inline(node, ctx);
    return t.trim() ? t : '';
  }
  if (node.nodeType !== 1) return '';
  const el = node as Element;
  if (isMath(el) && el.getAttribute(DISPLAY_ATTR) === 'true') return inline(el, ctx);
  const tag = el.tagName;
  const heading = /^H([1-6])$/.exec(tag);
  if (heading) return `\n\n${'#'.repeat(Number(heading[1]))} ${inline(el, ctx).trim()}\n\n`;
  switch (tag) {
    case 'P':
      return `\n\n${children(el, ctx, inline).trim()}\n\n`;
    case 'HR':
      return '\n\n---\n\n';
    case 'PRE':
      return `\n\n\`\`\`\n${(el.textContent ?? '').replace(/\n$/, '')}\n\`\`\`\n\n`;
    case 'BLOCKQUOTE': {
      const body = tidy(children(el, ctx, block));
      return `\n\n${body
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n')}\n\n`;
    }
    case 'UL':
    case 'OL': {
      ctx.list.push({ ordered: tag === 'OL', index: Number(el.getAttribute('start') ?? 1) || 1 });
      let out = '';
      for (const li of el.children) if (li.tagName === 'LI') out += listItem(li, ctx);
      ctx.list.pop();
      return ctx.list.length ? `\n${out}` : `\n\n${out}\n`;
    }
    case 'TABLE':
      return table(el, ctx);
    default:
      return hasBlockChild(el) ? children(el, ctx, block) : `\n\n${children(el, ctx, inline).trim()}\n\n`;
  }
}

function listItem(li: Element, ctx: Ctx): string {
  const level = ctx.list[ctx.list.length - 1]!;
  const marker = level.ordered ? `${level.index++}.` : '-';
  const body = (hasBlockChild(li) ? tidy(children(li, ctx, block)) : children(li, ctx, inline).trim()).split('\n');
  const indent = ' '.repeat(marker.length + 1);
  return `${marker} ${body.map((l, i) => (i === 0 || !l ? l : indent + l)).join('\n')}\n`;
}

function table(el: Element, ctx: Ctx): string {
  const rows = [...el.querySelectorAll('tr')].map((tr) =>
    [...tr.children].map((c) => children(c, ctx, inline).trim().replace(/\|/g, '\\|').replace(/\n+/g, ' ')),
  );
  if (!rows.length) return '';
  const width = Math.max(...rows.map((r) => r.length));
  const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? '').join(' | ')} |`;
  const [head, ...rest] = rows;
  return `\n\n${[line(head!), line(Array.from({ length: width }, () => '---')), ...rest.map(line)].join('\n')}\n\n`;
}

function tidy(md: string): string {
  return md
    .replace(/[ \t]+\n/g, (m) => (m.endsWith('  \n') && m.length >= 3 ? '  \n' : '\n'))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

function parse(html: string, parser: DOMParser): Element {
  return parser.parseFromString(`<!doctype html><body>${html}`, 'text/html').body;
}

/** Markdown body of post HTML: `#` headings, `[^n]` footnote references, `$…$`/`$$…$$` from the TeX attributes. */
export function htmlToMarkdown(
  html: string,
  post: Pick<Post, 'footnotes'> = { footnotes: [] },
  parser = new DOMParser(),
  labelPrefix = '',
): string {
  const ctx: Ctx = { notes: new Map(post.footnotes.map((f) => [f.id, `${labelPrefix}${f.number}`])), list: [] };
  return tidy(children(parse(html, parser), ctx, block));
}

/** One post as a Markdown file: YAML front matter (title, author, url, date), the body, then `[^n]: text` definitions. */
export function postToMarkdown(post: Post, parser = new DOMParser(), labelPrefix = ''): string {
  const front = ['---', `title: ${yamlString(post.title)}`];
  if (post.author) front.push(`author: ${yamlString(post.author)}`);
  if (post.url) front.push(`url: ${yamlString(post.url)}`);
  if (post.published) front.push(`date: ${yamlString(post.published)}`);
  front.push('---');
  const body = htmlToMarkdown(post.html, post, parser, labelPrefix);
  const notes = post.footnotes.map((f) => {
    const text = htmlToMarkdown(f.html, post, parser, labelPrefix) || escapeText(f.text);
    return `[^${labelPrefix}${f.number}]: ${text.split('\n').join('\n    ')}`;
  });
  return `${front.join('\n')}\n\n# ${escapeText(post.title)}\n\n${body}\n${notes.length ? `\n${notes.join('\n')}\n` : ''}`;
}

/** A file name for a post's Markdown: its title in lowercase words joined by hyphens. */
export function markdownFileName(post: Pick<Post, 'title' | 'id'>): string {
  const slug = post.title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return `${slug || post.id}.md`;
}

/** Every post as one Markdown document, separated by rules, footnote labels kept apart per post. */
export function postsToMarkdown(posts: readonly Post[], parser = new DOMParser()): string {
  return posts.map((p, i) => postToMarkdown(p, parser, posts.length > 1 ? `${i + 1}-` : '')).join('\n\n---\n\n');
}

/** Posts as a .zip of one Markdown file per post (numbered in order, names kept distinct) plus an `index.md` linking them. */
export function postsToMarkdownZip(
  posts: readonly Post[],
  options: { title?: string; chapters?: readonly { title: string; postIds: readonly string[] }[] } = {},
  parser = new DOMParser(),
): Uint8Array {
  if (!posts.length) throw new Error('There is nothing to export: choose at least one post.');
  const width = String(posts.length).length;
  const names = new Map<Post, string>();
  for (const [i, p] of posts.entries())
    names.set(p, `${String(i + 1).padStart(Math.max(2, width), '0')}-${markdownFileName(p)}`);
  const line = (p: Post) => `- [${escapeText(p.title || 'Untitled post')}](${encodeURI(names.get(p)!)})`;
  const index = [`# ${escapeText(options.title || 'Lens export')}`, ''];
  const placed = new Set<Post>();
  for (const c of options.chapters ?? []) {
    const inChapter = c.postIds.flatMap((id) => posts.filter((p) => p.id === id));
    if (!inChapter.length) continue;
    index.push(`## ${escapeText(c.title)}`, '', ...inChapter.map(line), '');
    for (const p of inChapter) placed.add(p);
  }
  const rest = posts.filter((p) => !placed.has(p));
  if (rest.length) index.push(...(placed.size ? ['## Other posts', ''] : []), ...rest.map(line), '');
  const files: Record<string, Uint8Array> = { 'index.md': strToU8(index.join('\n')) };
  for (const p of posts) files[names.get(p)!] = strToU8(postToMarkdown(p, parser));
  return zipSync(files, { level: 6 });
}
