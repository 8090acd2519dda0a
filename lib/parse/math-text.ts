/** One equation found in a line of text: `start`/`end` bound the whole source including its delimiters. */
export type MathMatch = { start: number; end: number; tex: string; display: boolean };

const DOLLAR = 36; // $
const BACKSLASH = 92; // \

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Finds `$…$` (pandoc's rule), `$$…$$`, `\(…\)` and `\[…\]` equations in one line, left to right, without overlaps. */
export function findMath(line: string): MathMatch[] {
  const out: MathMatch[] = [];
  // Cheap exit: most lines of a dump hold neither a dollar nor a backslash.
  if (line.indexOf('$') < 0 && line.indexOf('\\') < 0) return out;
  const n = line.length;
  // A closing single `$` (pandoc): non-space before it, not escaped, no digit after it. That does not depend on the
  // opening, so the candidates are listed once and walked with one pointer: money-heavy lines stay linear.
  const closers: number[] = [];
  for (let j = 1; j < n; j++) {
    if (line.charCodeAt(j) !== DOLLAR) continue;
    const before = line.charCodeAt(j - 1);
    if (isSpace(before) || before === BACKSLASH || before === DOLLAR) continue;
    if (j + 1 < n && (isDigit(line.charCodeAt(j + 1)) || line.charCodeAt(j + 1) === DOLLAR)) continue;
    closers.push(j);
  }
  let ci = 0;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === BACKSLASH) {
      const next = line.charCodeAt(i + 1);
      if (next === DOLLAR) {
        i += 2; // `\$` is a literal dollar, never a delimiter
        continue;
      }
      if (next === 40 || next === 91) {
        const close = next === 40 ? '\\)' : '\\]';
        const end = line.indexOf(close, i + 2);
        if (end > i + 2) {
          out.push({ start: i, end: end + 2, tex: line.slice(i + 2, end).trim(), display: next === 91 });
          i = end + 2;
          continue;
        }
      }
      i += 2;
      continue;
    }
    if (c !== DOLLAR) {
      i++;
      continue;
    }
    if (line.charCodeAt(i + 1) === DOLLAR) {
      const end = line.indexOf('$$', i + 2);
      if (end > i + 2 && line.slice(i + 2, end).trim() !== '') {
        out.push({ start: i, end: end + 2, tex: line.slice(i + 2, end).trim(), display: true });
        i = end + 2;
        continue;
      }
      i += 2;
      continue;
    }
    // Opening `$` (pandoc): a non-space right after it. Dollar amounts like "$4 and $8" find no valid closer.
    if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) {
      while (ci < closers.length && (closers[ci] as number) <= i + 1) ci++;
      const j = closers[ci];
      if (j !== undefined) {
        out.push({ start: i, end: j + 1, tex: line.slice(i + 1, j), display: false });
        i = j + 1;
        continue;
      }
    }
    i++;
  }
  return out;
}

// MathJax 3's CHTML stylesheet ("mjx-container[jax="CHTML"] { line-height: 0; } …") leaks into copied page text where an
// equation stood (12 KB of it in Elementary Condensation in the real dump); a run of its rules is cut out whole.
// The run starts at an `mjx-` rule; after that any rule whose body holds a declaration (`x: y`) belongs to it, while prose
// with braces ("scope {1,2,3}") has none.
const CSS_BODY = String.raw`\{(?:[^{}"\n]|"[^"\n]{0,300}")*\}`;
const CSS_DECLS = String.raw`\{(?:[^{}"\n:]|"[^"\n]{0,300}")*:(?:[^{}"\n]|"[^"\n]{0,300}")*\}`;
const MATHJAX_CSS = new RegExp(String.raw`\s*mjx-[^{}\n]{0,300}${CSS_BODY}(?:\s*[^{}\n]{0,300}${CSS_DECLS})*`, 'g');

/** Removes MathJax's leaked stylesheet text from a line of dumped text; lines without it come back unchanged. */
export function stripMathJaxStyle(line: string): string {
  if (line.indexOf('mjx-') < 0) return line;
  return line.replace(MATHJAX_CSS, ' ').replace(/ {2,}/g, ' ').trim();
}
