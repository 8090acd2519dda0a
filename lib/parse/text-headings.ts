/** Answers whether a word occurs (whole, as a word) at least a number of times in a window of the text. */
export type WordEvidence = { occurs(word: string, atLeast: number, exact: boolean): boolean };

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** The ASCII words of a text, indexed on first use so that glued-heading decisions can ask about any window of it. */
export type WordIndex = {
  /** Positions where `word` starts as a whole word inside `[from, to)`, counted up to `atLeast`; `spaced` wants a space before it inside the window. */
  count(word: string, from: number, to: number, atLeast: number, spaced: boolean): number;
};

/**
 * Builds, lazily, one index of every maximal run of ASCII letters and digits in `text`: a single tokenising pass that
 * hashes each run in place (no strings are made), then buckets run starts by hash in text order. A lookup is a binary
 * search into one bucket plus a character check per candidate, so a word absent from a 16 KB window ("Tube", "Ex")
 * costs as little as a common one, and the whole index is linear in the text (the 10 MB dump stays per-byte flat).
 */
export function wordIndex(text: string): WordIndex {
  let mask = -1;
  let bucketStart: Int32Array = new Int32Array(0);
  let order: Int32Array = new Int32Array(0);

  function build(): void {
    const n = text.length;
    let starts = new Int32Array(Math.max(16, n >> 2));
    let hashes = new Int32Array(starts.length);
    let count = 0;
    let i = 0;
    while (i < n) {
      if (!isWordChar(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const s = i;
      let h = FNV_BASIS;
      let c = text.charCodeAt(i);
      do {
        h = Math.imul(h ^ c, FNV_PRIME);
        c = text.charCodeAt(++i);
      } while (isWordChar(c));
      if (count === starts.length) {
        const grownStarts = new Int32Array(count * 2);
        grownStarts.set(starts);
        starts = grownStarts;
        const grownHashes = new Int32Array(count * 2);
        grownHashes.set(hashes);
        hashes = grownHashes;
      }
      starts[count] = s;
      hashes[count] = h;
      count++;
    }
    let size = 16;
    while (size < count) size *= 2;
    mask = size - 1;
    bucketStart = new Int32Array(size + 1);
    for (let k = 0; k < count; k++) (bucketStart[((hashes[k] as number) & mask) + 1] as number)++;
    for (let b = 0; b < size; b++) bucketStart[b + 1] = (bucketStart[b + 1] as number) + (bucketStart[b] as number);
    const fill = bucketStart.slice(0, size);
    order = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      const b = (hashes[k] as number) & mask;
      order[fill[b] as number] = starts[k] as number;
      fill[b] = (fill[b] as number) + 1;
    }
  }

  function matchesAt(word: string, at: number): boolean {
    for (let k = 0; k < word.length; k++) if (text.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
    return true;
  }

  return {
    count(word, from, to, atLeast, spaced) {
      if (mask < 0) build();
      const len = word.length;
      let found = 0;
      // A run cut by the window's start counts as the window sees it (the text before `from` is outside it).
      if (
        !spaced &&
        from > 0 &&
        isWordChar(text.charCodeAt(from - 1)) &&
        from + len <= to &&
        matchesAt(word, from) &&
        (from + len >= to || !isWordChar(text.charCodeAt(from + len)))
      ) {
        found++;
      }
      // A run cut by the window's end is the word the window sees up to its end, which the index holds under the whole run.
      if (to < text.length && isWordChar(text.charCodeAt(to - 1)) && isWordChar(text.charCodeAt(to))) {
        let s = to - 1;
        while (s > from && isWordChar(text.charCodeAt(s - 1))) s--;
        const cut = s > from || !isWordChar(text.charCodeAt(from - 1));
        if (cut && to - s === len && (!spaced || (s > from && text.charCodeAt(s - 1) === 32)) && matchesAt(word, s))
          found++;
      }
      let h = FNV_BASIS;
      for (let k = 0; k < len; k++) h = Math.imul(h ^ word.charCodeAt(k), FNV_PRIME);
      const b = h & mask;
      let lo = bucketStart[b] as number;
      const hi = bucketStart[b + 1] as number;
      const min = spaced ? from + 1 : from;
      let top = hi;
      while (lo < top) {
        const mid = (lo + top) >> 1;
        if ((order[mid] as number) < min) lo = mid + 1;
        else top = mid;
      }
      for (let k = lo; k < hi && found < atLeast; k++) {
        const at = order[k] as number;
        if (at + len > to) break;
        if (spaced && text.charCodeAt(at - 1) !== 32) continue;
        if (isWordChar(text.charCodeAt(at + len))) continue;
        if (matchesAt(word, at)) found++;
      }
      return found;
    },
  };
}

const FNV_BASIS = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function isWholeWord(word: string): boolean {
  for (let k = 0; k < word.length; k++) if (!isWordChar(word.charCodeAt(k))) return false;
  return true;
}

/**
 * Answers word questions about `text[from, to)` from the shared index, caching per window. Without `exact` a word counts
 * as written, lower-cased or capitalised. Short words hide inside longer ones ("i", "me"), so a word of under four
 * letters counts only after a space.
 */
export function wordEvidence(text: string, index: WordIndex, from: number, to: number): WordEvidence {
  const cache = new Map<string, boolean>();
  return {
    occurs(word, atLeast, exact) {
      if (word === '') return false;
      const key = `${atLeast}${exact ? '=' : '~'}${word}`;
      const known = cache.get(key);
      if (known !== undefined) return known;
      const result = scan(word, atLeast, exact);
      cache.set(key, result);
      return result;
    },
  };

  function scan(word: string, atLeast: number, exact: boolean): boolean {
    const forms = exact
      ? [word]
      : [...new Set([word.toLowerCase(), word.charAt(0).toUpperCase() + word.slice(1).toLowerCase(), word])];
    let found = 0;
    for (const form of forms) {
      found += isWholeWord(form)
        ? index.count(form, from, to, atLeast - found, form.length < 4)
        : scanText(form, atLeast - found);
      if (found >= atLeast) return true;
    }
    return false;
  }

  // Words with other characters than ASCII letters and digits are not in the index: look for them by scanning.
  function scanText(form: string, atLeast: number): number {
    const needle = form.length >= 4 ? form : ` ${form}`;
    const skip = needle.length - form.length;
    let found = 0;
    for (let at = text.indexOf(needle, from); at >= 0 && at + needle.length <= to; at = text.indexOf(needle, at + 1)) {
      const w = at + skip;
      if (
        (w - 1 >= from && isWordChar(text.charCodeAt(w - 1))) ||
        (w + form.length < to && isWordChar(text.charCodeAt(w + form.length)))
      )
        continue;
      if (++found >= atLeast) return found;
    }
    return found;
  }
}

/** A heading recovered from the start of a line, and the paragraph text glued after it. */
export type GluedHeading = { heading: string; rest: string };

// A split point: a word (or `?`, `!`, `)`, a closing quote) running straight into a capital, an opening quote and a
// capital, or a list dash. `/` is left out on purpose: "Clubs/Rings", "X/Twitter", "Risks/Issues" are one phrase.
// An all-capitals word can also run into "I" or a capitalised word: "Warm applesauce and cold ICEI have neighbors…".
const SPLIT = /(?<=[a-z0-9?!)’”"])(?=[A-Z]|["“][A-Z]|- [A-Z])|(?<=[A-Z]{2})(?=I[ '’]|[A-Z][a-z])/g;
// A sentence ending inside the prefix means it is running text, not a heading; initials ("Rif A. Saurous") and a leading
// number ("2. Concepts") are not sentence ends.
const INNER_SENTENCE_END = /[a-z]{2}[.!] |[.!]["”] /;
const NUMBERED = /^(?:\d{1,2}|[IVXLC]{1,6})\.\s/;
const MAX_PREFIX = 100;
const TRAILING_FUNCTION_WORD =
  /\s(?:are|is|was|were|be|the|a|an|of|to|and|or|for|with|by|as|in|on|that|which|include|includes|including|following)$/i;

/**
 * Finds a heading that lost its line break and is glued to its paragraph ("The physician and the lensConsider a
 * physician…"), returning null for brand words with inner capitals ("SpaceX", "OpenAI", "TinyStories").
 */
export function splitGluedHeading(line: string, evidence: WordEvidence): GluedHeading | null {
  // Headings start a line with a capital or a section number; "cat dog catI'll…" (Elementary Condensation) is an example
  // string glued to prose, not a heading.
  const first = line.charCodeAt(0);
  if (!((first >= 65 && first <= 90) || (first >= 48 && first <= 57))) return null;
  // Only the first MAX_PREFIX characters can hold the split (plus a little look-ahead), so long lines are not scanned.
  const head = line.length > MAX_PREFIX + 4 ? line.slice(0, MAX_PREFIX + 4) : line;
  SPLIT.lastIndex = 1;
  for (let m = SPLIT.exec(head); m !== null; m = SPLIT.exec(head)) {
    const at = m.index;
    SPLIT.lastIndex = at + 1; // the match is empty: step past it by hand
    if (at > MAX_PREFIX) return null;
    const heading = line.slice(0, at);
    const rest = line.slice(at);
    if (!headingShaped(heading)) {
      // A prefix that already holds a sentence end never becomes a heading further right either.
      if (INNER_SENTENCE_END.test(heading)) return null;
      continue;
    }
    if (rest.length < 12) continue; // a heading is followed by its paragraph ("Planned features:" at least), not a word
    if (gluedWordIsBrand(heading, rest, evidence)) continue;
    return { heading: heading.trim(), rest };
  }
  return null;
}

function headingShaped(prefix: string): boolean {
  if (countWords(prefix) > 14) return false;
  if (INNER_SENTENCE_END.test(prefix)) return false;
  const last = prefix.charCodeAt(prefix.length - 1);
  // An opening straight quote ends the prefix in `the First "High Dimension"`: quote counts must balance.
  if (last === 34 && countChar(prefix, 34) % 2 === 1) return false;
  if (!/[A-Za-z]{2}/.test(prefix)) return false;
  return true;
}

/**
 * Decides, from the text's own words, whether a split point sits inside one word (a brand) rather than between a heading
 * and the sentence after it.
 */
function gluedWordIsBrand(heading: string, rest: string, evidence: WordEvidence): boolean {
  let l = heading.length;
  while (l > 0 && isWordChar(heading.charCodeAt(l - 1))) l--;
  const left = heading.slice(l);
  const rightStart = rest.charCodeAt(0) === 45 ? 2 : rest.charCodeAt(0) === 34 || rest.charCodeAt(0) === 0x201c ? 1 : 0;
  const right = /^[A-Za-z0-9]+/.exec(rest.slice(rightStart))?.[0] ?? '';
  // A list dash or an opening quote after the prefix is no part of a word: "The pipeline- Take…", `Steel"Why…`.
  if (rightStart > 0) return right === '';
  if (left === '') return false; // "models?The", "generally)Right": punctuation already ends the heading
  const after = rest.charCodeAt(right.length);
  // A lone capital other than I/A does not start an English sentence: "SpaceX to…", "PhD-level", "(CoT)".
  if (right.length === 1 && right !== 'I' && right !== 'A') return true;
  if (right === 'A' && !(after === 32)) return true;
  if (/^[IVXLC]+$/.test(left) && right === 'I') return true; // "XVII" is a numeral, not "XVI" + "I"
  // Brand halves are short ("La|TeX", "Mc|Donald", "i|Phone"); a one- or two-letter left half must be a word seen on its
  // own ("me" in "what worries meThis").
  if (left.length <= 2 && !evidence.occurs(left, 1, false)) return true;
  // The right half must be a word the text uses by itself (the next sentence's first word: "Consider", "The", "AIs"),
  // which "Tube" (YouTube), "Book" (MacBook) and "Ex" (CapEx) are not. Two long halves that occur nowhere else
  // ("BioweaponsWannabe") are two words, since brand halves are short.
  if (!evidence.occurs(right, 1, false) && !(left.length >= 6 && right.length >= 6)) return true;
  // Last, as it is the one lookup that usually scans the whole window: the glued whole is a word used elsewhere in this
  // text ("TinyStories", "OpenAI", "LaTeX", "OpenReview").
  // Brand halves are short ("Tiny|Stories", "Open|Review", "Crowd|Strike"), so longer halves skip the scan.
  // A lower-case left half of four letters or more is an ordinary word ending a heading ("paperEarlier", "usageWe"), as
  // lower-case brands start with a short prefix ("arXiv", "iPhone", "macOS").
  const lowerStart = left.charCodeAt(0) >= 97 && left.charCodeAt(0) <= 122;
  if (lowerStart && left.length >= 4) return false;
  return left.length <= 5 && right.length <= 7 && evidence.occurs(left + right, 2, true);
}

/** Tells whether a whole line reads as a standalone heading ("1. Introduction", "IV.", "Step 3: Fixing your mistakes"). */
export function looksLikeHeadingLine(line: string): boolean {
  if (/^[IVXLC]{1,6}\.$/.test(line)) return true;
  const numbered = NUMBERED.test(line);
  if (line.length > (numbered ? 120 : 80) || line.length < 3) return false;
  const first = line.charCodeAt(0);
  if (!((first >= 65 && first <= 90) || (first >= 48 && first <= 57))) return false;
  if (countWords(line) > (numbered ? 20 : 12)) return false;
  // A heading has no final period, comma, colon or ellipsis; "?"/"!" only when numbered ("3. Praise the Unknown Quechuan!").
  if (/[.,;:…]$/.test(line)) return false;
  if (/[?!]["”’)]?$/.test(line) && !numbered) return false;
  if (INNER_SENTENCE_END.test(line)) return false;
  // A sentence that runs into a list ("Our main reasons to choose a journal over a conference are") ends on a
  // function word; a heading does not.
  if (TRAILING_FUNCTION_WORD.test(line)) return false;
  if (/[.?!]["”’]?\s/.test(numbered ? line.replace(NUMBERED, '') : line)) return false;
  return true;
}

/** Tells whether a heading text carries a section number ("2. Concepts…", "IV. Results"). */
export function isNumberedHeading(text: string): boolean {
  return NUMBERED.test(text) || /^[IVXLC]{1,6}\.$/.test(text);
}

/** Turns heading text into LessWrong's anchor form: every character outside [A-Za-z0-9_] becomes `_`. */
export function headingSlug(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}

function countChar(text: string, code: number): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === code) n++;
  return n;
}

// Counted without split(): this runs for every split candidate of every line.
function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}
