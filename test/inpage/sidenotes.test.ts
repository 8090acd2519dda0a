import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { enhancePage } from '../../lib/inpage/enhance';
import type { PreviewController } from '../../lib/inpage/previews';
import {
  type Box,
  SIDENOTE,
  type SidenoteInput,
  type SidenoteView,
  sidenoteDecision,
  sidenotesOf,
  siteHandlesHover,
  viewSidenote,
} from '../../lib/inpage/sidenotes';
import type { Footnote } from '../../lib/model';
import { parseDocument } from '../../lib/parse/document';
import {
  LONG_NOTE,
  NOTE_IDS,
  SHORT_NOTE,
  SIDENOTE_BODY,
  SIDENOTE_PATH,
  SITE_SCRIPT,
  sidenotePage,
} from '../e2e/sidenote-page';

// The post body at 1400 px: the central column ends at x = 1041, the sidenote column starts right of it.
const TEXT: Box = { top: -2000, bottom: 4000, left: 343, right: 1041 };
const VIEWPORT = { width: 1400, height: 900 };
const side = (top: number, bottom: number, extra: Partial<SidenoteView> = {}): SidenoteView => ({
  box: { top, bottom, left: 1057, right: 1357 },
  cut: 0,
  rawTex: false,
  ...extra,
});
const HIDDEN: SidenoteView = { box: { top: 0, bottom: 0, left: 0, right: 0 }, cut: 0, rawTex: false };
const input = (sidenotes: SidenoteView[], more: Partial<SidenoteInput> = {}): SidenoteInput => ({
  trigger: 'hover',
  nested: false,
  sidenotes,
  text: TEXT,
  viewport: VIEWPORT,
  ...more,
});

describe('the sidenote rule: never two copies of one note on screen', () => {
  test.each<[string, SidenoteInput, 'preview' | 'defer']>([
    [
      'a mouse hover, with the whole note beside the text in view, leaves it to the site',
      input([side(100, 180)]),
      'defer',
    ],
    [
      'keyboard focus always previews (the site has no keyboard path)',
      input([side(100, 180)], { trigger: 'other' }),
      'preview',
    ],
    [
      'a reference inside a Lens preview (a nested note) always previews',
      input([side(100, 180)], { nested: true }),
      'preview',
    ],
    ['no sidenote of the note (no column, or sidenotes disabled on the post) previews', input([]), 'preview'],
    ['a sidenote the site hides below its lg breakpoint previews', input([HIDDEN]), 'preview'],
    [
      'a sidenote laid over the text, not beside it, previews',
      input([{ ...side(100, 180), box: { top: 100, bottom: 180, left: 900, right: 1200 } }]),
      'preview',
    ],
    [
      'a note cut at 200 px whose full length fits the window once the hover expands it is left to the site',
      input([side(100, 324, { cut: 300 })]),
      'defer',
    ],
    [
      'a note cut at 200 px whose full length runs past the window previews (too long for the margin)',
      input([side(100, 324, { cut: 900 })]),
      'preview',
    ],
    ['an expanded note running past the bottom of the window previews', input([side(100, 1400)]), 'preview'],
    ['a sidenote scrolled above the window previews', input([side(-300, -100)]), 'preview'],
    ['a sidenote pushed below the window previews', input([side(950, 1040)]), 'preview'],
    ['a sidenote showing raw TeX previews (Lens renders it)', input([side(100, 180, { rawTex: true })]), 'preview'],
    [
      'one of several sidenotes of the note (one per reference) shown whole is enough',
      input([side(-500, -400), side(100, 180)]),
      'defer',
    ],
    [
      'a sidenote left of the text (a column on the other side) counts too',
      input([{ ...side(100, 180), box: { top: 100, bottom: 180, left: 20, right: 320 } }]),
      'defer',
    ],
  ])('%s', (_name, given, expected) => {
    expect(sidenoteDecision(given)).toBe(expected);
  });

  test.each<[string, SidenoteView[], boolean]>([
    ['beside the text in view', [side(100, 180)], true],
    ['beside the text but scrolled away (the site still shows no card)', [side(-900, -800)], true],
    ['hidden below lg', [HIDDEN], false],
    ['no sidenote', [], false],
  ])('the site handles the hover when its column has the note: %s', (_name, views, expected) => {
    expect(siteHandlesHover(views, TEXT)).toBe(expected);
  });
});

function hydrated(): Document {
  document.documentElement.innerHTML = sidenotePage({ hydrate: false }).replace(/^<!doctype html><html lang="en">/, '');
  new Function(`${SITE_SCRIPT}(0);`)();
  return document;
}

const noteOf = (doc: Document, id: string): Footnote => {
  const post = parseDocument(doc, `https://www.lesswrong.com${SIDENOTE_PATH}`)!;
  return post.footnotes.find((f) => f.id === `fn${id}`)!;
};

describe('finding the site’s sidenote of a note (the fixture page, hydrated as the site does)', () => {
  afterEach(() => {
    document.documentElement.innerHTML = '<head></head><body></body>';
  });

  test('each reference has its own sidenote, matched to its note by the back-link the note carries into it', () => {
    const doc = hydrated();
    // Three references in the text and one inside note 2 (to note 1), which the site also gives a sidenote.
    expect(doc.querySelectorAll(SIDENOTE)).toHaveLength(4);
    const short = sidenotesOf(doc, noteOf(doc, NOTE_IDS.short), null);
    expect(short).toHaveLength(2);
    for (const s of short) expect(s.textContent).toContain(SHORT_NOTE);
    const long = sidenotesOf(doc, noteOf(doc, NOTE_IDS.long), null);
    expect(long).toHaveLength(1);
    expect(long[0]!.textContent).toContain(LONG_NOTE);
  });

  test('a note read before the full parse (no refIds yet) is matched through its reference and note element', () => {
    const doc = hydrated();
    const live: Footnote = { id: `fn${NOTE_IDS.short}`, number: 1, html: '', text: SHORT_NOTE, refIds: [] };
    expect(sidenotesOf(doc, live, null)[0]?.textContent).toContain(SHORT_NOTE);
    const lost: Footnote = { id: 'fn-gone', number: 9, html: '', text: 'Nothing like it.', refIds: [] };
    expect(sidenotesOf(doc, lost, null)).toEqual([]);
  });

  test('markdown-it notes (`#fnref1` back-links) and notes without back-links (matched by text)', () => {
    document.body.innerHTML = `<div id="postContent"><p>a<sup><a href="#fn1" id="fnref1">[1]</a></sup> b<sup><a href="#fn2">[2]</a></sup></p>
      <ol class="footnotes-list"><li id="fn1"><p>Markdown note. <a href="#fnref1" class="footnote-backref">↩︎</a></p></li><li id="fn2"><p>Bare note.</p></li></ol></div>
      <div class="SideItems-sidebar"><div class="SideItems-sideItem"><div class="FootnotePreview-sidenote"><div class="FootnotePreview-sidenoteContent"><div><p>Bare note.</p></div></div></div></div>
      <div class="SideItems-sideItem"><div class="FootnotePreview-sidenote"><div class="FootnotePreview-sidenoteContent"><div><p>Markdown note. <a href="#fnref1" class="footnote-backref">↩︎</a></p></div></div></div></div></div>`;
    const one: Footnote = { id: 'fn1', number: 1, html: '', text: 'Markdown note.', refIds: [] };
    const two: Footnote = { id: 'fn2', number: 2, html: '', text: 'Bare note.', refIds: [] };
    expect(sidenotesOf(document, one, null).map((s) => s.textContent)).toEqual([expect.stringContaining('Markdown')]);
    expect(sidenotesOf(document, two, null).map((s) => s.textContent)).toEqual(['Bare note.']);
  });

  test('a sidenote with TeX the site left unrendered says so; one with MathJax output does not', () => {
    document.body.innerHTML = `<div class="FootnotePreview-sidenote" id="a"><span class="math-tex">\\(x^2\\)</span></div>
      <div class="FootnotePreview-sidenote" id="b"><span class="math-tex"><mjx-container aria-label="x^2"></mjx-container></span></div>`;
    expect(viewSidenote(document.getElementById('a')!).rawTex).toBe(true);
    expect(viewSidenote(document.getElementById('b')!).rawTex).toBe(false);
  });

  test('the sidenote column changes nothing Lens parses: same notes, numbers and headings as the stored post', () => {
    const doc = hydrated();
    const withColumn = parseDocument(doc, `https://www.lesswrong.com${SIDENOTE_PATH}`)!;
    document.documentElement.innerHTML = sidenotePage({ hydrate: false }).replace(
      /^<!doctype html><html lang="en">/,
      '',
    );
    const stored = parseDocument(document, `https://www.lesswrong.com${SIDENOTE_PATH}`)!;
    const shape = (p: typeof stored) => ({
      headings: p.headings,
      // The live page wraps each reference in FootnotePreview's `<span><span/>…</span>`: that is React, not the column.
      footnotes: p.footnotes.map(({ id, number, text, html }) => ({
        id,
        number,
        text,
        html: html.replace(/<span><span><\/span>(<a [^>]*>[^<]*<\/a>)<\/span>/g, '$1'),
      })),
    });
    expect(withColumn.footnotes).toHaveLength(3);
    expect(shape(withColumn)).toEqual(shape(stored));
    expect(SIDENOTE_BODY).toContain('footnote-section');
  });
});

describe('previews on a page with the sidenote column (layout stubbed: happy-dom has none)', () => {
  let controller: PreviewController | undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    controller?.destroy();
    controller = undefined;
    vi.useRealTimers();
    document.documentElement.innerHTML = '<head></head><body></body>';
  });

  const rect = (b: Box) => () =>
    ({ ...b, x: b.left, y: b.top, width: b.right - b.left, height: b.bottom - b.top, toJSON() {} }) as DOMRect;

  function mount(sidenoteBox: Box) {
    const doc = hydrated();
    const root = doc.getElementById('postContent')!;
    // happy-dom's window is 1024 × 768: a text column at 100–700 and the sidenote column right of it.
    root.getBoundingClientRect = rect({ top: -500, bottom: 3000, left: 100, right: 700 });
    for (const s of doc.querySelectorAll<HTMLElement>(SIDENOTE)) s.getBoundingClientRect = rect(sidenoteBox);
    controller = enhancePage(root, () => parseDocument(doc, `https://www.lesswrong.com${SIDENOTE_PATH}`), {
      delay: 150,
      theme: 'light',
      suppressSiteCards: true,
    });
    const a = root.querySelector<HTMLAnchorElement>(`a[href="#fn${NOTE_IDS.short}"]`)!;
    return a;
  }
  const shown = () => controller?.shadow()?.querySelectorAll('.lens-preview').length ?? 0;
  const hoverRef = (a: Element) => {
    a.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    a.dispatchEvent(
      new PointerEvent('pointerover', { bubbles: true, composed: true, pointerType: 'mouse' } as PointerEventInit),
    );
  };

  test('a mouse hover with the note whole beside the text: the site sees the hover, Lens opens nothing', () => {
    const a = mount({ top: 100, bottom: 180, left: 716, right: 1016 });
    const seen = vi.fn();
    document.addEventListener('mouseover', seen);
    hoverRef(a);
    vi.advanceTimersByTime(1000);
    expect(shown()).toBe(0);
    expect(seen).toHaveBeenCalledTimes(1);
    document.removeEventListener('mouseover', seen);
    // Keyboard focus on the same reference still opens Lens's preview.
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    a.focus();
    expect(shown()).toBe(1);
    expect(controller!.shadow()!.textContent).toContain(SHORT_NOTE);
  });

  test('with the sidenote hidden (narrow window) Lens previews on hover and the site never sees the hover', () => {
    const a = mount({ top: 0, bottom: 0, left: 0, right: 0 });
    const seen = vi.fn();
    document.addEventListener('mouseover', seen);
    hoverRef(a);
    vi.advanceTimersByTime(1000);
    expect(shown()).toBe(1);
    expect(seen).not.toHaveBeenCalled();
    document.removeEventListener('mouseover', seen);
  });

  test('with the sidenote beside the text but scrolled out of view, Lens previews and the site still gets the hover', () => {
    const a = mount({ top: 1200, bottom: 1280, left: 716, right: 1016 });
    const seen = vi.fn();
    document.addEventListener('mouseover', seen);
    hoverRef(a);
    vi.advanceTimersByTime(1000);
    expect(shown()).toBe(1);
    expect(seen).toHaveBeenCalledTimes(1);
    document.removeEventListener('mouseover', seen);
  });
});
