import { FOOTNOTE_ATTR, FOOTNOTE_REF_CLASS } from '../model';
import { BACK_LINK, FOOTNOTE_ITEM } from './selectors';

/** A footnote found in the cloned body, before its html is serialised and sanitised. */
export type RawFootnote = { id: string; number: number; content: Element; refIds: string[] };

function isReferenceHref(href: string): boolean {
  // LessWrong's own rule (ForumMagnum HoverPreviewLink.tsx) plus Google Docs' #ftnt ids, which it misses (research §1a iv).
  return (
    (href.startsWith('#fn') && !href.startsWith('#fnref')) ||
    (href.startsWith('#ftnt') && !href.startsWith('#ftnt_ref'))
  );
}

function decodeId(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** The element that holds the whole note for a reference target, or null when the target is no note (a `#fnord` heading). */
function noteOf(target: Element): Element | null {
  if (
    target.tagName !== 'LI' &&
    target.tagName !== 'A' &&
    !target.closest('.footnotes, .footnote-section, .footnote-item')
  ) {
    return null;
  }
  if (target.tagName === 'LI') return target;
  // Google Docs: the id sits on the back-link anchor at the start of the note's paragraph.
  if (target.tagName === 'A') return target.closest('li') ?? target.closest('p, div') ?? target;
  return target;
}

/** The content of a note without its back-links, as a detached clone. */
function noteContent(note: Element, target: Element): Element {
  const inner = note.querySelector(':scope > div.footnote-content') ?? note.querySelector('div.footnote-content');
  const clone = (inner ?? note).cloneNode(true) as Element;
  if (inner) return clone;
  for (const b of Array.from(clone.querySelectorAll(BACK_LINK))) b.remove();
  if (target !== note && target.tagName === 'A' && target.id) {
    for (const a of Array.from(clone.querySelectorAll('a[id]'))) if (a.id === target.id) a.remove();
  }
  clone.removeAttribute('id');
  return clone;
}

function removeEmptyAncestors(start: Element | null, root: Element): void {
  let el = start;
  while (el && el !== root && el.children.length === 0 && !(el.textContent ?? '').trim()) {
    const parent = el.parentElement;
    el.remove();
    el = parent;
  }
}

/** The number a reference shows (`[3]`, `3`, `[ 3 ]`), or undefined when it shows something else (`*`, `^`, `a`). */
function referenceLabel(text: string): number | undefined {
  const m = /^\[?\s*(\d{1,5})\s*\]?$/.exec(text.trim());
  const n = m ? Number(m[1]) : 0;
  return n > 0 ? n : undefined;
}

/**
 * Numbers the notes as readers see them (Footnote.number in lib/model.ts): a note takes the label shown on its first
 * reference; a note whose references show no number, or whose label an earlier-cited note already took (a Google Docs
 * `[1]` pasted beside a CKEditor `[1]`), takes the next number after every label, in order of first reference; notes
 * nothing refers to come last, in document order. No two notes share a number.
 */
function noteNumbers(
  notes: ReadonlyMap<Element, unknown>,
  refs: ReadonlyArray<{ a: Element; note: Element }>,
): Map<Element, number> {
  const cited: Element[] = [];
  const label = new Map<Element, number | undefined>();
  for (const { a, note } of refs) {
    if (label.has(note)) continue;
    cited.push(note);
    label.set(note, referenceLabel(a.textContent ?? ''));
  }
  const numbers = new Map<Element, number>();
  const taken = new Set<number>();
  for (const note of cited) {
    const n = label.get(note);
    if (n === undefined || taken.has(n)) continue;
    numbers.set(note, n);
    taken.add(n);
  }
  let next = Math.max(0, ...taken) + 1;
  for (const note of [...cited, ...notes.keys()]) if (!numbers.has(note)) numbers.set(note, next++);
  return numbers;
}

/**
 * Finds every footnote under `root` in any stored shape, rewrites each reference anchor to Lens's convention (class,
 * note id, unique id) and removes the notes from `root`; returns the notes in number order.
 */
export function extractFootnotes(root: Element): RawFootnote[] {
  const ids = new Map<string, Element>();
  for (const el of Array.from(root.querySelectorAll('[id]'))) if (!ids.has(el.id)) ids.set(el.id, el);

  // Notes in document order: every list item of a known footnote list, then every target of a reference.
  const notes = new Map<Element, { target: Element; refs: Element[] }>();
  for (const li of Array.from(root.querySelectorAll(FOOTNOTE_ITEM))) {
    if (li.id) notes.set(li, { target: li, refs: [] });
  }
  const refs: Array<{ a: Element; note: Element }> = [];
  for (const a of Array.from(root.querySelectorAll('a[href^="#"]'))) {
    const href = a.getAttribute('href') ?? '';
    if (!isReferenceHref(href)) continue;
    const target = ids.get(decodeId(href.slice(1)));
    if (!target || target === a) continue;
    const note = noteOf(target);
    if (!note) continue;
    // A target that encloses the body, or a paragraph-shaped note citing itself, would swallow text that is not a note.
    if (note === root || note.contains(root) || (note.tagName !== 'LI' && note.contains(a))) continue;
    // A link from a note to itself that is its own back-link is not a reference.
    if (note.contains(a) && a.closest(BACK_LINK)) continue;
    let entry = notes.get(note);
    if (!entry) {
      entry = { target, refs: [] };
      notes.set(note, entry);
    }
    entry.refs.push(a);
    refs.push({ a, note });
  }
  if (notes.size === 0) return [];

  const noteIds = new Map<Element, string>();
  for (const [note, { target }] of notes) noteIds.set(note, target.id);

  // Reference ids: the original fnref id stays on the first reference (back-links point at it); later ones get -2, -3.
  const used = new Set(ids.keys());
  const taken = new Set<string>();
  const counts = new Map<Element, number>();
  const refIds = new Map<Element, string[]>();
  for (const { a, note } of refs) {
    const noteId = noteIds.get(note) ?? '';
    const n = (counts.get(note) ?? 0) + 1;
    counts.set(note, n);
    const holder = a.id ? a : a.closest('[id^="fnref"], [id^="ftnt_ref"], sup[id], span.footnote-reference[id]');
    const original = holder && holder !== note && !holder.contains(note) ? holder.id : '';
    let id: string;
    if (original && !taken.has(original)) {
      id = original;
      if (holder !== a) holder?.removeAttribute('id');
    } else {
      if (holder && holder !== a && original && taken.has(original)) holder.removeAttribute('id');
      const base = n === 1 ? `fnref-${noteId}` : `${refIds.get(note)?.[0] ?? `fnref-${noteId}`}-${n}`;
      id = base;
      for (let k = 2; taken.has(id) || (used.has(id) && id !== original); k++) id = `${base}-${k}`;
    }
    taken.add(id);
    a.id = id;
    a.classList.add(FOOTNOTE_REF_CLASS);
    a.setAttribute(FOOTNOTE_ATTR, noteId);
    a.setAttribute('href', `#${noteId}`);
    const list = refIds.get(note) ?? [];
    list.push(id);
    refIds.set(note, list);
  }

  const numbers = noteNumbers(notes, refs);
  const out: RawFootnote[] = [];
  for (const [note, { target }] of notes) {
    out.push({
      id: target.id,
      number: numbers.get(note) ?? 0,
      content: noteContent(note, target),
      refIds: refIds.get(note) ?? [],
    });
  }
  // Notes leave the body only after every note's content is cloned, so notes citing notes keep their references.
  for (const note of notes.keys()) {
    const parent = note.parentElement;
    note.remove();
    removeEmptyAncestors(parent, root);
  }
  for (const hr of Array.from(root.querySelectorAll('hr.footnotes-sep'))) hr.remove();
  return out.sort((x, y) => x.number - y.number);
}
