/** Answers whether a word occurs (whole, as a word) at least a number of times in a post's text. */
export type WordEvidence = { occurs(word: string, atLeast: number, exact: boolean): boolean };

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isWholeWord(word: string): boolean {
  for (let k = 0; k < word.length; k++) if (!isWordChar(word.charCodeAt(k))) return false;
  return true;
}

/**
 * Answers word questions about the post `text[from, to)`, caching per post; the post's edges count as word boundaries.
 * Without `exact` a word counts as written, lower-cased or capitalised. Short words hide inside longer ones ("i", "me"),
 * so a word of under four letters counts only after a space.
 *
 * The evidence is the post alone. It once reached 16 KB into the posts around it, and searching those windows for words
 * that are absent (the brand halves "Tube", "Ex", "LL") was a third of parsing the 257 KB dump; what the neighbours
 * supplied was common words ("Consider"), which `isSentenceOpener` now knows without a search. A post also reads the
 * same whether a dump is parsed whole or in slices.
 */
export function wordEvidence(text: string, from: number, to: number): WordEvidence {
  const cache = new Map<string, boolean>();
  let post: string | undefined;
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
    if (!isWholeWord(word)) return scanText(forms, atLeast);
    // One native regex search for all forms at once. A JavaScript loop over indexOf hits was costlier: " i", " a",
    // " ex" hit nearly every word, and an absent word ("Tube", "Ex") scanned the post once per form. A sliced string
    // shares the text's characters, so the post costs no copy.
    post ??= text.slice(from, to);
    // The pattern starts with the words themselves, not a lookbehind, so that it is searched for natively; the word
    // boundary before a long word is checked here (a rejected match is all word characters, so no valid one starts
    // inside it).
    const spaced = word.length < 4;
    const re = new RegExp(`${spaced ? ' ' : ''}(?:${forms.join('|')})(?![A-Za-z0-9])`, 'g');
    return count(re, post, spaced, atLeast) >= atLeast;
  }

  function count(re: RegExp, window: string, spaced: boolean, atLeast: number): number {
    re.lastIndex = 0;
    let found = 0;
    for (let m = re.exec(window); m !== null; m = re.exec(window)) {
      if (!spaced && m.index > 0 && isWordChar(window.charCodeAt(m.index - 1))) continue;
      if (++found >= atLeast) break;
    }
    return found;
  }

  // Words with other characters than ASCII letters and digits (never asked by splitGluedHeading) are scanned for.
  function scanText(forms: string[], atLeast: number): boolean {
    let found = 0;
    for (const form of forms) {
      const needle = form.length >= 4 ? form : ` ${form}`;
      const skip = needle.length - form.length;
      for (
        let at = text.indexOf(needle, from);
        at >= 0 && at + needle.length <= to;
        at = text.indexOf(needle, at + 1)
      ) {
        const w = at + skip;
        if (w - 1 >= from && isWordChar(text.charCodeAt(w - 1))) continue;
        if (w + form.length < to && isWordChar(text.charCodeAt(w + form.length))) continue;
        if (++found >= atLeast) return true;
      }
    }
    return false;
  }
}

// Words that open English sentences in any text: articles, pronouns, conjunctions, prepositions, and the adverbs and
// imperatives prose starts with. Such a word after a split point is the next sentence's first word, and it counts as
// used by itself without searching the text for it. It is a list of function words and sentence openers only: no noun
// or name is in it, as those are what brand halves are made of ("Tube", "Book", "Ex", "Stories").
const SENTENCE_OPENERS = new Set(
  (
    'a about above according across actually after again against all almost along also although always among an and ' +
    'another any anyone anything are as at back because before being below besides between both but by can consider ' +
    'currently despite did do does doing during each earlier either even eventually every everyone everything except ' +
    'finally first firstly for fortunately from further furthermore given had has have having he her here his how however ' +
    'i if imagine importantly in indeed instead interestingly is it its just last later let like many maybe meanwhile ' +
    'more moreover most much my nevertheless next no none nor not note now obviously of often on once one only or other ' +
    'otherwise our over overall perhaps personally please presumably rather recall recently regardless second secondly ' +
    'several she similarly since so some sometimes soon specifically still such suppose surely take that the their them ' +
    'then there therefore these they this those though through thus to today together too under unfortunately unless ' +
    'unlike until usually we well were what whatever when whenever where whereas whether which while who whoever why ' +
    'with within without yes yet you your'
  ).split(' '),
);

/** Tells whether a word is a common sentence opener ("The", "Consider", "However"), whatever its case. */
export function isSentenceOpener(word: string): boolean {
  return SENTENCE_OPENERS.has(word.toLowerCase());
}

/** A heading recovered from the start of a line, and the paragraph text glued after it. */
export type GluedHeading = { heading: string; rest: string };

// A split point: a word (or `?`, `!`, `)`, a closing quote) running straight into a capital, an opening quote and a
// capital, or a list dash. `/` is left out on purpose: "Clubs/Rings", "X/Twitter", "Risks/Issues" are one phrase.
// An all-capitals word can also run into "I" or a capitalised word: "Warm applesauce and cold ICEI have neighbors…".
// Written as a forward match that ends at the split point (the character before it, or the two capitals), since a
// pattern that starts with a character class is searched natively far faster than one that starts with a lookbehind.
const SPLIT = /[a-z0-9?!)’”"](?=[A-Z]|["“][A-Z]|- [A-Z])|[A-Z]{2}(?=I[ '’]|[A-Z][a-z])/g;
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
  SPLIT.lastIndex = 0;
  let last = 0;
  for (let m = SPLIT.exec(head); m !== null; m = SPLIT.exec(head)) {
    const at = m.index + m[0].length;
    // The two alternatives end one or two characters after where they start: search again from the next start, and
    // skip a split point already seen, so the points come once each, left to right.
    SPLIT.lastIndex = m.index + 1;
    if (at <= last) continue;
    last = at;
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
  if (left.length <= 2 && !isSentenceOpener(left) && !evidence.occurs(left, 1, false)) return true;
  // The right half must be a word the text uses by itself (the next sentence's first word: "Consider", "The", "AIs"),
  // which "Tube" (YouTube), "Book" (MacBook) and "Ex" (CapEx) are not. Two long halves that occur nowhere else
  // ("BioweaponsWannabe") are two words, since brand halves are short.
  // The length test comes first, as it spares a search of the text.
  if (!(left.length >= 6 && right.length >= 6) && !isSentenceOpener(right) && !evidence.occurs(right, 1, false)) {
    return true;
  }
  // Last, as it is the one lookup that usually reads the whole post: the glued whole is a word the post uses again
  // ("TinyStories", "OpenAI", "LaTeX", "OpenReview").
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
