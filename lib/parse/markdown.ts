import {
  DISPLAY_ATTR,
  FOOTNOTE_ATTR,
  FOOTNOTE_REF_CLASS,
  type Footnote,
  type Heading,
  MATH_CLASS,
  type MathSpan,
  type Post,
  TEX_ATTR,
} from '../model';
import { stableHash } from './hash';
import { postIdFromUrl, sourceFromUrl } from './url';

// Reads back the Markdown Lens exports (lib/export/markdown.ts): YAML front matter with JSON-quoted values, the title
// as a `#` heading, the body, then `[^n]: text` definitions; several posts are joined by `---` lines. Only the
// Markdown that export writes is understood; anything else stays text.

const FRONT = /^---\ntitle: /m;

/** True when text looks like Markdown written by Lens's export (front matter that starts with a quoted title). */
export function isLensMarkdown(text: string): boolean {
  return /^\uFEFF?---\r?\ntitle: "/.test(text);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function slug(text: string, used: Set<string>): string {
  const base =
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'section';
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

type Ctx = { math: MathSpan[]; refs: Map<string, string[]> };

function mathSpan(tex: string, display: boolean, ctx: Ctx): string {
  ctx.math.push({ tex, display });
  const tag = display ? 'div' : 'span';
  return `<${tag} class="${MATH_CLASS}" ${TEX_ATTR}="${esc(tex)}" ${DISPLAY_ATTR}="${display}">${esc(display ? `$$${tex}$$` : `$${tex}$`)}</${tag}>`;
}

function safeUrl(url: string): string | null {
  return /^(https?:|mailto:|#)/i.test(url) ? url : null;
}

/** Inline Markdown (as export writes it) to HTML: code, math, footnote references, images, links, emphasis, escapes. */
function inline(text: string, ctx: Ctx): string {
  const held: string[] = [];
  const hold = (html: string) => `\uE000${held.push(html) - 1}\uE001`;
  let s = text
    .replace(/`([^`]+)`/g, (_m, code: string) => hold(`<code>${esc(code)}</code>`))
    .replace(/\\([\\`*_[\]<>#$+\-.])/g, (_m, c: string) => hold(esc(c)))
    .replace(/\$([^\s$](?:[^$]*[^\s$])?)\$(?!\d)/g, (_m, tex: string) => hold(mathSpan(tex, false, ctx)))
    .replace(/\[\^([^\]\s]+)\]/g, (_m, label: string) => {
      const refs = ctx.refs.get(label) ?? [];
      const refId = `fnref-${label}${refs.length ? `-${refs.length + 1}` : ''}`;
      refs.push(refId);
      ctx.refs.set(label, refs);
      return hold(
        `<sup><a class="${FOOTNOTE_REF_CLASS}" id="${esc(refId)}" href="#fn-${esc(label)}" ${FOOTNOTE_ATTR}="fn-${esc(label)}">[${esc(label)}]</a></sup>`,
      );
    })
    .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (m, alt: string, src: string) => {
      const url = safeUrl(src);
      return url ? hold(`<img src="${esc(url)}" alt="${esc(alt)}">`) : m;
    })
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (m, label: string, href: string) => {
      const url = safeUrl(href);
      return url ? hold(`<a href="${esc(url)}">`) + label + hold('</a>') : m;
    });
  s = esc(s)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\*([^*]+)\*/g, '<em>$1</em>')
    .replace(/~~([^~]+)~~/g, '<del>$1</del>')
    .replace(/ {2}\n/g, '<br>');
  return s.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => held[Number(i)] ?? '');
}

function blocks(lines: string[], ctx: Ctx, headings: Heading[] | null, used: Set<string>): string {
  let html = '';
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    if (line.startsWith('```')) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) code.push(lines[i]!);
      i++;
      html += `<pre><code>${esc(code.join('\n'))}</code></pre>`;
      continue;
    }
    if (line.trim() === '$$') {
      const tex: string[] = [];
      for (i++; i < lines.length && lines[i]!.trim() !== '$$'; i++) tex.push(lines[i]!);
      i++;
      html += mathSpan(tex.join('\n').trim(), true, ctx);
      continue;
    }
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      const inner = inline(heading[2]!.trim(), ctx);
      const text = heading[2]!.replace(/\\(.)/g, '$1').trim();
      const id = slug(text, used);
      headings?.push({ id, level, text });
      html += `<h${level} id="${id}">${inner}</h${level}>`;
      i++;
      continue;
    }
    if (/^(---|\*\*\*)\s*$/.test(line)) {
      html += '<hr>';
      i++;
      continue;
    }
    if (line.startsWith('>')) {
      const inner: string[] = [];
      for (; i < lines.length && lines[i]!.startsWith('>'); i++) inner.push(lines[i]!.replace(/^> ?/, ''));
      html += `<blockquote>${blocks(inner, ctx, null, used)}</blockquote>`;
      continue;
    }
    const item = /^(-|\d+\.) /.exec(line);
    if (item) {
      const ordered = item[1] !== '-';
      const items: string[][] = [];
      for (; i < lines.length; i++) {
        const l = lines[i]!;
        const m = /^(-|\d+\.) (.*)$/.exec(l);
        if (m && (m[1] === '-') === !ordered) items.push([m[2]!]);
        else if (/^\s+\S/.test(l) && items.length) items[items.length - 1]!.push(l.trim());
        else break;
      }
      const tag = ordered ? 'ol' : 'ul';
      html += `<${tag}>${items.map((it) => `<li>${inline(it.join('\n'), ctx)}</li>`).join('')}</${tag}>`;
      continue;
    }
    if (line.startsWith('|')) {
      const rows: string[] = [];
      for (; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!);
      const cells = (r: string) =>
        r
          .replace(/^\||\|$/g, '')
          .split(/(?<!\\)\|/)
          .map((c) => inline(c.trim().replace(/\\\|/g, '|'), ctx));
      const [head, , ...rest] = rows;
      html += `<table><thead><tr>${cells(head ?? '')
        .map((c) => `<th>${c}</th>`)
        .join('')}</tr></thead><tbody>${rest
        .map(
          (r) =>
            `<tr>${cells(r)
              .map((c) => `<td>${c}</td>`)
              .join('')}</tr>`,
        )
        .join('')}</tbody></table>`;
      continue;
    }
    const para: string[] = [];
    for (; i < lines.length && lines[i]!.trim() && !/^(```|#{1,6} |> |\$\$\s*$)/.test(lines[i]!); i++)
      para.push(lines[i]!);
    html += `<p>${inline(para.join('\n'), ctx)}</p>`;
  }
  return html;
}

function frontMatter(lines: string[]): { meta: Record<string, string>; rest: string[] } {
  const meta: Record<string, string> = {};
  let i = 1;
  for (; i < lines.length && lines[i] !== '---'; i++) {
    const m = /^(\w+): (.*)$/.exec(lines[i]!);
    if (!m) continue;
    try {
      const value: unknown = JSON.parse(m[2]!);
      if (typeof value === 'string') meta[m[1]!] = value;
    } catch {
      meta[m[1]!] = m[2]!;
    }
  }
  return { meta, rest: lines.slice(i + 1) };
}

function onePost(chunk: string): Post | null {
  const { meta, rest } = frontMatter(chunk.split('\n'));
  const title = meta.title?.trim();
  if (!title) return null;
  // The title heading export writes first is the post's title, not a section.
  let start = 0;
  while (start < rest.length && !rest[start]!.trim()) start++;
  if (/^# /.test(rest[start] ?? '')) start++;
  const bodyLines: string[] = [];
  const defs = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of rest.slice(start)) {
    const def = /^\[\^([^\]\s]+)\]: ?(.*)$/.exec(line);
    if (def) {
      current = [def[2]!];
      defs.set(def[1]!, current);
    } else if (current && /^\s{2,}\S/.test(line)) current.push(line.trim());
    else if (current && !line.trim()) current.push('');
    else {
      current = null;
      bodyLines.push(line);
    }
  }
  const ctx: Ctx = { math: [], refs: new Map() };
  const headings: Heading[] = [];
  const used = new Set<string>();
  const html = blocks(bodyLines, ctx, headings, used);
  const labels = [...ctx.refs.keys(), ...[...defs.keys()].filter((l) => !ctx.refs.has(l))];
  const footnotes: Footnote[] = labels.flatMap((label, i) => {
    const lines = defs.get(label);
    if (!lines) return [];
    const noteCtx: Ctx = { math: ctx.math, refs: new Map() };
    const noteHtml = blocks(lines, noteCtx, null, used);
    const number = /^\d+$/.test(label) ? Number(label) : i + 1;
    return [
      {
        id: `fn-${label}`,
        number,
        html: noteHtml,
        text: lines.join(' ').replace(/\s+/g, ' ').trim(),
        refIds: ctx.refs.get(label) ?? [],
      },
    ];
  });
  footnotes.sort((a, b) => a.number - b.number);
  const url = meta.url && /^https?:\/\//.test(meta.url) ? meta.url : undefined;
  const source = (url && sourceFromUrl(url)) || 'text';
  const id = (url && postIdFromUrl(url)) || stableHash(`${source}\u0000${title}`);
  const post: Post = { id, source, title, html, headings, footnotes, math: ctx.math };
  if (url) post.url = url;
  if (meta.author) post.author = meta.author;
  if (meta.date && !Number.isNaN(Date.parse(meta.date))) post.published = new Date(meta.date).toISOString();
  return post;
}

/** The posts in Markdown exported by Lens (one file per post, or several joined by `---`). */
export function parseLensMarkdown(text: string): Post[] {
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const starts: number[] = [];
  const re = new RegExp(FRONT.source, 'gm');
  for (const m of clean.matchAll(re)) starts.push(m.index);
  const posts: Post[] = [];
  for (let i = 0; i < starts.length; i++) {
    const chunk = clean.slice(starts[i], starts[i + 1]).replace(/\n+---\n*$/, '\n');
    const post = onePost(chunk);
    if (post) posts.push(post);
  }
  return posts;
}
