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
import { findMath, stripMathJaxStyle } from './math-text';
import { isPagerHead, isPagerItem, leadingChromeLength } from './text-chrome';
import {
  headingSlug,
  isNumberedHeading,
  looksLikeHeadingLine,
  splitGluedHeading,
  type WordEvidence,
  wordEvidence,
} from './text-headings';
import { PUBLISHED_LINE, parsePublished } from './text-published';

// BOM, CR/CRLF, no-break spaces and C0 controls (binary garbage) in one pass; `\t` and `\n` stay.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips
const NORMALISE = /\r\n?|[\u00a0\u2007\u202f]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]/g;
// The same set, written as the complement of what may stay: a negated class is searched about a fifth faster, and this
// test reads every character of the text, at about the cost of the whole floor of the bench.
const NEEDS_NORMALISE = /[^\t\n\u0020-\u007e\u0080-\u009f\u00a1-\u2006\u2008-\u202e\u2030-\ufefe\uff00-\uffff]/;
const DISCUSS = 'Discuss';
const DISCUSS_SEARCH = /Discuss/g;
const CKEDITOR_NOTE = /^-\s*\^$/;
// Markdown footnotes end with LessWrong's back-reference arrow, once per reference ("… ↩︎" or "… ↩︎↩︎").
const MARKDOWN_NOTE_END = /\s*(?:↩[\ufe0e\ufe0f]?\s*)+$/;
const REF = /\[(\d{1,5})\]/g;
// A Google Docs note as a dump shows it: its label, then its text.
const LABELLED_NOTE = /^\[(\d{1,5})\]\s+(\S.*)$/;
const RULE = /^(?:(?:\*\s*){3,}|-{3,}|_{3,})$/;
const CELL_MAX = 50;

/** Splits dumped text (an aggregator page of LessWrong's RSS, or any pasted text) into posts with headings, footnotes and math. */
export function parseText(text: string): Post[] {
  try {
    return parse(typeof text === 'string' ? text : String(text ?? ''));
  } catch {
    // The contract is "never throws"; a bug here must not take the reading view down with it.
    return [];
  }
}

/** A dumped line as the parser reads it: trimmed, without leaked MathJax styles. */
function cleanLine(line: string): string {
  return stripMathJaxStyle(line.trim());
}

// The text is handled post by post: `Discuss` lines are found with one native search, and each post's slice is split
// into lines, parsed and rendered before the next. A 10 MB dump split into lines at once kept ~250 K line strings alive
// through the whole parse, and young-generation collections spent about a third of the time copying them; this way only
// the output outlives a post.
function parse(raw: string): Post[] {
  const text = NEEDS_NORMALISE.test(raw) ? raw.replace(NORMALISE, normaliseChar) : raw;
  const n = text.length;
  // Offsets are of line starts, as if the text were split at '\n'; past the last line is n + 1.
  const lineStart = (at: number) => (at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1);
  const lineEnd = (at: number) => {
    const e = text.indexOf('\n', at);
    return e < 0 ? n : e;
  };

  // Leading chrome: only the first two non-empty lines are read.
  const head: string[] = [];
  const headOffsets: number[] = [];
  for (let at = 0, filled = 0; at <= n && filled < 2; ) {
    const e = lineEnd(at);
    const line = cleanLine(text.slice(at, e));
    head.push(line);
    headOffsets.push(at);
    if (line !== '') filled++;
    at = e + 1;
  }
  const startLine = leadingChromeLength(head);
  const startOff =
    startLine < head.length ? (headOffsets[startLine] as number) : lineEnd(headOffsets[head.length - 1] as number) + 1;

  // `Discuss` lines at or after the start, in order.
  const discuss: number[] = [];
  DISCUSS_SEARCH.lastIndex = startOff;
  for (let m = DISCUSS_SEARCH.exec(text); m !== null; m = DISCUSS_SEARCH.exec(text)) {
    const ls = lineStart(m.index);
    const le = lineEnd(m.index);
    if (ls >= startOff && cleanLine(text.slice(ls, le)) === DISCUSS) discuss.push(ls);
    DISCUSS_SEARCH.lastIndex = le + 1;
  }
  const lastDiscuss = discuss.length > 0 ? (discuss[discuss.length - 1] as number) : -1;
  const fromOff = Math.max(startOff, lastDiscuss < 0 ? 0 : lineEnd(lastDiscuss) + 1);

  // Trailing chrome: read from the last line back to the first line that is neither blank nor a pager item.
  const tail: string[] = [];
  const tailOffsets: number[] = [];
  for (let e = n; ; ) {
    const ls = lineStart(e);
    if (ls < fromOff) break;
    const line = cleanLine(text.slice(ls, e));
    tail.push(line);
    tailOffsets.push(ls);
    if (line !== '' && !isPagerItem(line)) break;
    if (ls === 0) break;
    e = ls - 1;
  }
  tail.reverse();
  tailOffsets.reverse();
  const endLine = trailingChromeStart(tail, 0);
  const endOff = endLine < tail.length ? (tailOffsets[endLine] as number) : n + 1;

  const linesOf = (from: number, to: number): string[] => {
    if (from >= to) return [];
    const lines = text.slice(from, to - 1).split('\n');
    for (let i = 0; i < lines.length; i++) lines[i] = cleanLine(lines[i] as string);
    return lines;
  };

  const used = new Set<string>();
  const posts: Post[] = [];
  const add = (lines: string[], from: number, to: number) => {
    // Word evidence (for glued headings) comes from the post's own text: see wordEvidence.
    const post = buildPost(lines, wordEvidence(text, from, to), used);
    if (post) posts.push(post);
  };
  let from = startOff;
  for (const d of discuss) {
    add(linesOf(from, d), from, d);
    from = lineEnd(d) + 1;
  }
  // Text after the last `Discuss` is a post only when there was no `Discuss` at all, or it holds a title and a body.
  const rest = linesOf(from, endOff);
  if (lastDiscuss < 0 || rest.filter((l) => l !== '').length >= 2) add(rest, from, endOff);
  return posts;
}

const TEXT_SPECIAL = /[&<>]/;
const ATTR_SPECIAL = /[&<>"']/;

/**
 * Escapes a run of text for an element's content: `&`, `<` and `>`. Quotes mean nothing outside a tag, and English prose
 * is full of apostrophes, so leaving them spares a pass over most lines. Most runs need nothing; the rest go through one
 * native pass per character present instead of a callback per match.
 */
function escapeText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  let out = text.indexOf('&') < 0 ? text : text.replace(/&/g, '&amp;');
  if (out.indexOf('<') >= 0) out = out.replace(/</g, '&lt;');
  if (out.indexOf('>') >= 0) out = out.replace(/>/g, '&gt;');
  return out;
}

/** `escapeHtml` (./html) with the same output, for attribute values (ids, TeX): quotes escaped too. */
function escapeAttr(text: string): string {
  if (!ATTR_SPECIAL.test(text)) return text;
  const out = escapeText(text);
  return out.replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function normaliseChar(c: string): string {
  if (c === '\r\n' || c === '\r') return '\n';
  if (c === '\u00a0' || c === '\u2007' || c === '\u202f') return ' ';
  return '';
}

/** Index where a trailing pager (Drupal "Страницы / - « первая … - последняя »", "Pages 1 2 next ›") begins. */
function trailingChromeStart(lines: string[], from: number): number {
  let i = lines.length;
  let items = 0;
  let nav = false;
  while (i > from) {
    const line = lines[i - 1] as string;
    if (line === '') {
      i--;
      continue;
    }
    if (!isPagerItem(line)) break;
    items++;
    if (!/^(?:-\s*)?\d+$/.test(line)) nav = true;
    i--;
  }
  while (i > from && lines[i - 1] === '') i--;
  if (i > from && isPagerHead(lines[i - 1] as string)) return i - 1;
  if (items >= 3 && nav) return i;
  return lines.length;
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
  used.add(id);
  return id;
}

type Unit =
  | { kind: 'blank' }
  | { kind: 'line'; text: string }
  | { kind: 'item'; text: string }
  | { kind: 'rule' }
  | { kind: 'heading'; text: string; glued: boolean };

type Context = {
  /** Note ids by the number their references show. */
  noteIds: Map<number, string>;
  refIds: Map<number, string[]>;
  refPrefix: string;
  math: MathSpan[];
  used: Set<string>;
};

function buildPost(group: string[], evidence: WordEvidence, used: Set<string>): Post | null {
  let t = 0;
  while (t < group.length && group[t] === '') t++;
  const title = group[t];
  if (title === undefined) return null;
  const id = uniqueId(stableHash(`text\n${title}`), used);

  let published: string | undefined;
  const body: string[] = [];
  for (let i = t + 1; i < group.length; i++) {
    const line = group[i] as string;
    const m = PUBLISHED_LINE.exec(line);
    if (m) {
      published ??= parsePublished(m[1] as string);
      continue;
    }
    body.push(line);
  }

  const split = splitNotes(body);
  const { bodyLines, labelled } = splitLabelledNotes(split.bodyLines);
  const notes = numberNotes(labelled, split.notes);
  const noteIds = new Map(notes.map((n) => [n.number, uniqueId(`${id}-fn${n.number}`, used)]));
  const refIds = new Map(notes.map((n) => [n.number, [] as string[]]));
  const ctx: Context = { noteIds, refIds, refPrefix: `${id}-fnref`, math: [], used };
  const headings: Heading[] = [];
  const html = renderBody(bodyLines, evidence, ctx, headings, id);
  const footnotes: Footnote[] = notes.map(({ number, lines }) => ({
    id: noteIds.get(number) as string,
    number,
    html: lines.map((l) => `<p>${inline(l, ctx)}</p>`).join(''),
    text: lines.join('\n'),
    refIds: refIds.get(number) as string[],
  }));
  const post: Post = { id, source: 'text', title, html, headings, footnotes, math: ctx.math };
  if (published !== undefined) post.published = published;
  return post;
}

/** Separates the notes at the end of a post (CKEditor `- ^` + text lines, or markdown lines ending ` ↩︎`) from its body. */
function splitNotes(body: string[]): { bodyLines: string[]; notes: string[][] } {
  const first = body.findIndex((l) => CKEDITOR_NOTE.test(l));
  if (first >= 0) {
    const notes: string[][] = [];
    for (let i = first; i < body.length; i++) {
      const line = body[i] as string;
      if (CKEDITOR_NOTE.test(line)) notes.push([]);
      else if (line !== '') notes[notes.length - 1]?.push(line);
    }
    return { bodyLines: body.slice(0, first), notes };
  }
  let i = body.length;
  while (i > 0 && body[i - 1] === '') i--;
  let firstNote = i;
  while (firstNote > 0 && body[firstNote - 1]?.includes('↩') && MARKDOWN_NOTE_END.test(body[firstNote - 1] as string)) {
    firstNote--;
  }
  if (firstNote === i) return { bodyLines: body, notes: [] };
  const notes = body.slice(firstNote, i).map((l) => [l.replace(MARKDOWN_NOTE_END, '')]);
  return { bodyLines: body.slice(0, firstNote), notes };
}

/**
 * Separates the Google Docs notes at the end of a body (research §1a iv: each a paragraph opening with its label,
 * `[1] Note text`) from it: the trailing run of such lines whose label the rest of the body cites. A note of several
 * paragraphs keeps only its first (a dump shows nothing that ties the others to it).
 */
function splitLabelledNotes(body: string[]): { bodyLines: string[]; labelled: Array<{ label: number; text: string }> } {
  let last = body.length - 1;
  while (last >= 0 && body[last] === '') last--;
  // Most posts end in prose: they pay one test of their last line.
  if (last < 0 || !LABELLED_NOTE.test(body[last] as string)) return { bodyLines: body, labelled: [] };
  const cited = new Set<number>();
  for (const line of body) {
    const own = LABELLED_NOTE.exec(line);
    const rest = own ? line.slice(own[0].length - (own[2] as string).length) : line;
    if (rest.indexOf('[') < 0) continue;
    for (const m of rest.matchAll(REF)) cited.add(Number(m[1]));
  }
  let start = body.length;
  for (let i = body.length - 1; i >= 0; i--) {
    const line = body[i] as string;
    if (line === '') continue;
    const m = LABELLED_NOTE.exec(line);
    if (!m || Number(m[1]) < 1 || !cited.has(Number(m[1]))) break;
    start = i;
  }
  const labelled: Array<{ label: number; text: string }> = [];
  for (let i = start; i < body.length; i++) {
    const m = LABELLED_NOTE.exec(body[i] as string);
    if (m) labelled.push({ label: Number(m[1]), text: m[2] as string });
  }
  return labelled.length === 0 ? { bodyLines: body, labelled } : { bodyLines: body.slice(0, start), labelled };
}

/**
 * Numbers a dump's notes as readers see them (Footnote.number in lib/model.ts), in number order. A dump keeps no link
 * between a reference and its note, only the `[N]` labels: a labelled note takes its label; a note without one
 * (CKEditor `- ^`, markdown `↩︎`) is known by its place in its list and takes the numbers the labelled notes leave
 * free, in order; a labelled note whose label an earlier one took comes last, so no two notes share a number.
 */
function numberNotes(
  labelled: ReadonlyArray<{ label: number; text: string }>,
  unlabelled: ReadonlyArray<string[]>,
): Array<{ number: number; lines: string[] }> {
  const out: Array<{ number: number; lines: string[] }> = [];
  const taken = new Set<number>();
  const late: string[][] = [];
  for (const { label, text } of labelled) {
    if (taken.has(label)) late.push([text]);
    else {
      taken.add(label);
      out.push({ number: label, lines: [text] });
    }
  }
  let free = 1;
  const nextFree = () => {
    while (taken.has(free)) free++;
    taken.add(free);
    return free;
  };
  for (const lines of unlabelled) out.push({ number: nextFree(), lines });
  let next = Math.max(0, ...taken) + 1;
  for (const lines of late) out.push({ number: next++, lines });
  return out.sort((a, b) => a.number - b.number);
}

function toUnits(lines: string[], evidence: WordEvidence): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') {
      units.push({ kind: 'blank' });
      continue;
    }
    if (RULE.test(line)) {
      units.push({ kind: 'rule' });
      continue;
    }
    // Display math spread over several lines: `$$` or `\[` opening a line whose closer comes on a later line.
    if ((line.startsWith('$$') && line.indexOf('$$', 2) < 0) || (line.startsWith('\\[') && !line.includes('\\]'))) {
      const close = line.startsWith('$$') ? '$$' : '\\]';
      let j = i + 1;
      while (j < lines.length && j - i <= 50 && !(lines[j] as string).includes(close)) j++;
      if (j < lines.length && j - i <= 50) {
        units.push({ kind: 'line', text: lines.slice(i, j + 1).join('\n') });
        i = j;
        continue;
      }
    }
    if (line.startsWith('- ')) {
      units.push({ kind: 'item', text: line.slice(2) });
      continue;
    }
    const glued = splitGluedHeading(line, evidence);
    if (glued) {
      units.push({ kind: 'heading', text: glued.heading, glued: true });
      const rest = glued.rest;
      if (rest.startsWith('- ')) units.push({ kind: 'item', text: rest.slice(2) });
      else units.push({ kind: 'line', text: rest });
      continue;
    }
    units.push({ kind: 'line', text: line });
  }
  markStandaloneHeadings(units);
  return units;
}

function isCell(unit: Unit | undefined): boolean {
  return unit?.kind === 'line' && unit.text.length < CELL_MAX && !/[.!?]["”’)]?$/.test(unit.text);
}

/** Promotes short title-like lines that sit between paragraphs ("Step 1: 0 balls", "A personal recollection"). */
function markStandaloneHeadings(units: Unit[]): void {
  let prev: Unit | undefined;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as Unit;
    if (unit.kind === 'blank') continue;
    if (unit.kind === 'line' && looksLikeHeadingLine(unit.text)) {
      let n = i + 1;
      while (n < units.length && units[n]?.kind === 'blank') n++;
      const next = units[n];
      // Conservative: a heading is followed by a real paragraph or a list, and preceded by one (or by a heading);
      // runs of short lines are table cells or verse. The first body line needs a section number ("Previously in this
      // series: …" and "Or: An anti-orthogonality thesis…" are subtitles, not headings).
      const nextOk =
        next !== undefined &&
        ((next.kind === 'line' && next.text.length >= 60) ||
          (next.kind === 'item' && unit.text.split(' ').length <= 6));
      const prevOk =
        prev === undefined
          ? isNumberedHeading(unit.text)
          : prev.kind === 'heading' ||
            prev.kind === 'item' ||
            prev.kind === 'rule' ||
            (prev.kind === 'line' && (prev.text.length >= 60 || /[.!?:…"”)]$/.test(prev.text)));
      if (nextOk && prevOk) {
        units[i] = { kind: 'heading', text: unit.text, glued: false };
        prev = units[i];
        continue;
      }
    }
    prev = unit;
  }
}

function renderBody(
  lines: string[],
  evidence: WordEvidence,
  ctx: Context,
  headings: Heading[],
  postId: string,
): string {
  const units = toUnits(lines, evidence);
  let numbered = false;
  let glued = false;
  for (const u of units) {
    if (u.kind !== 'heading') continue;
    if (isNumberedHeading(u.text)) numbered = true;
    if (u.glued) glued = true;
  }
  const out: string[] = [];
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as Unit;
    switch (unit.kind) {
      case 'blank':
        break;
      case 'rule':
        out.push('<hr>');
        break;
      case 'heading': {
        // Numbered sections outrank unnumbered ones; glued headings outrank standalone lines ("How to juggle" over
        // "Step 1: 0 balls" in "Most people can't juggle one ball").
        const level = isNumberedHeading(unit.text) ? 2 : numbered || (glued && !unit.glued) ? 3 : 2;
        const id = uniqueId(`${postId}-${headingSlug(unit.text)}`, ctx.used);
        headings.push({ id, level, text: unit.text });
        out.push(`<h${level} id="${escapeAttr(id)}">${inline(unit.text, ctx)}</h${level}>`);
        break;
      }
      case 'item': {
        out.push('<ul>');
        let j = i;
        while (units[j]?.kind === 'item') {
          out.push(`<li>${inline((units[j] as { text: string }).text, ctx)}</li>`);
          j++;
        }
        out.push('</ul>');
        i = j - 1;
        break;
      }
      case 'line': {
        // Flattened tables and verse: a run of short unpunctuated lines stays one block, a line each.
        if (isCell(unit) && isCell(units[i + 1])) {
          const cells: string[] = [];
          let j = i;
          while (isCell(units[j])) {
            cells.push(inline((units[j] as { text: string }).text, ctx));
            j++;
          }
          out.push(`<p class="lens-lines">${cells.join('<br>')}</p>`);
          i = j - 1;
          break;
        }
        const body = inline(unit.text, ctx);
        out.push(body.includes('<div ') ? `<div class="lens-p">${body}</div>` : `<p>${body}</p>`);
        break;
      }
    }
  }
  return out.join('');
}

// Every character that makes a run of text more than itself: math delimiters (`$`, `\`), references (`[`) and what
// escaping changes. One search for all of them lets the usual line of prose skip four.
const INLINE_SPECIAL = /[$\\[&<>]/;

/** Escapes a run of text and turns its equations and `[N]` footnote references into Lens markup. */
function inline(source: string, ctx: Context): string {
  if (!INLINE_SPECIAL.test(source)) return source;
  const spans = findMath(source);
  if (spans.length === 0) return refs(source, ctx);
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += refs(source.slice(at, span.start), ctx);
    ctx.math.push({ tex: span.tex, display: span.display });
    const tag = span.display ? 'div' : 'span';
    out += `<${tag} class="${MATH_CLASS}" ${TEX_ATTR}="${escapeAttr(span.tex)}" ${DISPLAY_ATTR}="${span.display}">${escapeText(source.slice(span.start, span.end))}</${tag}>`;
    at = span.end;
  }
  return out + refs(source.slice(at), ctx);
}

function refs(text: string, ctx: Context): string {
  if (ctx.noteIds.size === 0 || text.indexOf('[') < 0) return escapeText(text);
  let out = '';
  let at = 0;
  REF.lastIndex = 0;
  for (let m = REF.exec(text); m !== null; m = REF.exec(text)) {
    const n = Number(m[1]);
    const noteId = ctx.noteIds.get(n);
    if (noteId === undefined) continue; // a `[N]` with no note N stays text
    const list = ctx.refIds.get(n) as string[];
    const refId = `${ctx.refPrefix}${n}-${list.length + 1}`;
    ctx.used.add(refId);
    list.push(refId);
    out += `${escapeText(text.slice(at, m.index))}<sup><a class="${FOOTNOTE_REF_CLASS}" id="${refId}" href="#${noteId}" ${FOOTNOTE_ATTR}="${noteId}">[${n}]</a></sup>`;
    at = m.index + m[0].length;
  }
  return out + escapeText(text.slice(at));
}
