import MiniSearch, { type Options } from 'minisearch';
import { finishSteps, finishStepsPausing, sliceTimer } from '../schedule';

/**
 * The layout of a stored search index; bump it when this file or the MiniSearch internals it reads change (a stored
 * index of another format is ignored and rebuilt).
 */
export const INDEX_FORMAT = 2;

// MiniSearch 7.2's own state. Its public toJSON/loadJSON turn every posting map into an object with string keys and
// back (on 5,000 posts ~1.5 s to write and ~1.4 s to load in V8), and even cloning its Maps as they are takes ~0.5 s
// to read back: 1.7 million postings in ~50,000 Maps. So each slice of the term tree is stored flat (keys, shape and
// postings in three arrays), the tree's Maps are rebuilt in their original order, and every term's postings stay
// packed until a query or a change first touches that term (LazyTermData). restoreIndex checks the shape and the
// tests compare a restored index with a built one query by query, so a MiniSearch upgrade that moves these fields
// fails loudly instead of searching wrong.
type Postings = Map<number, number>;
/** Postings as stored: 16-bit when every document id and frequency of the slice fits (half the bytes to read back). */
type Packed = Uint32Array | Uint16Array;
type TermData = Map<number, Postings>;
type Tree = Map<string, unknown>;
type Internals = {
  _index: { _tree: Tree; _prefix: string; _size: number | undefined };
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
  _documentCount: number;
  _dirtCount: number;
  _storedFields: Map<number, unknown>;
};

/** MiniSearch's key for the data of the term ending at a tree node. */
const LEAF = '';

/**
 * A term's postings (field id → document id → frequency) kept packed in a slice's array until first used: per field
 * `[fieldId, offset, count]` in `spec`, then `count` pairs of document id and frequency at `offset` in `packed`.
 */
class LazyTermData extends Map<number, Postings> {
  private source: { packed: Packed; spec: ArrayLike<number> } | undefined;

  constructor(packed: Packed, spec: ArrayLike<number>) {
    super();
    this.source = { packed, spec };
  }

  /** The packed form while untouched (the next snapshot copies it as it is), else undefined. */
  packed(): { packed: Packed; spec: ArrayLike<number> } | undefined {
    return this.source;
  }

  private unpack(): void {
    const s = this.source;
    if (!s) return;
    this.source = undefined;
    for (let i = 0; i + 2 < s.spec.length; i += 3) {
      const offset = s.spec[i + 1]!;
      const end = offset + 2 * s.spec[i + 2]!;
      const postings: Postings = new Map();
      for (let j = offset; j < end; j += 2) postings.set(s.packed[j]!, s.packed[j + 1]!);
      super.set(s.spec[i]!, postings);
    }
  }

  override get(key: number) {
    this.unpack();
    return super.get(key);
  }
  override has(key: number) {
    this.unpack();
    return super.has(key);
  }
  override set(key: number, value: Postings) {
    this.unpack();
    return super.set(key, value);
  }
  override delete(key: number) {
    this.unpack();
    return super.delete(key);
  }
  override clear() {
    this.source = undefined;
    super.clear();
  }
  override get size() {
    this.unpack();
    return super.size;
  }
  override keys() {
    this.unpack();
    return super.keys();
  }
  override values() {
    this.unpack();
    return super.values();
  }
  override entries() {
    this.unpack();
    return super.entries();
  }
  override forEach(fn: (value: Postings, key: number, map: Map<number, Postings>) => void, self?: unknown) {
    this.unpack();
    super.forEach(fn, self);
  }
  override [Symbol.iterator]() {
    this.unpack();
    return super[Symbol.iterator]();
  }
}

/** The stored head of an index: counts, document ids and field lengths, and what each indexed post looked like. */
export type IndexHead = {
  format: number;
  /** The number of `part:<n>` records holding the term tree. */
  parts: number;
  /** The library generation (meta `generation`) every fingerprint was checked against, or null when not checked. */
  generation: number | null;
  documentCount: number;
  nextId: number;
  dirtCount: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  documentIds: Map<number, string>;
  fieldLength: Map<number, number[]>;
  /** Per indexed post, the fingerprint of its entry when it was indexed (see `entryFingerprint`). */
  fingerprints: Map<string, string>;
};

/**
 * One stored slice of the term tree, flat so that reading it back clones a few arrays instead of tens of thousands
 * of Maps: `entries` root entries in tree order; `keys` every node key in pre-order; `shape` per inner node its entry
 * count and per term `k` then `k` triples (field id, offset in `packed`, posting count); `packed` the postings as
 * pairs of document id and frequency, 16-bit when all of the slice's fit (a library's first 65,536 indexings).
 */
export type IndexSlice = { entries: number; keys: string[]; shape: Uint32Array; packed: Packed };

function internals(index: MiniSearch<never>): Internals {
  return index as unknown as Internals;
}

/** A growable array of uint32, packed at the end. */
class Packer {
  private buf = new Uint32Array(1 << 16);
  length = 0;
  push(a: number, b: number): void {
    if (this.length + 2 > this.buf.length) {
      const next = new Uint32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = a;
    this.buf[this.length++] = b;
  }
  copy(from: Packed, offset: number, count: number): void {
    while (this.length + count > this.buf.length) {
      const next = new Uint32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf.set(from.subarray(offset, offset + count), this.length);
    this.length += count;
  }
  /** The numbers pushed, as 16-bit ones when they all fit: reading a stored index back costs time per byte. */
  done(): Packed {
    const all = this.buf.subarray(0, this.length);
    let max = 0;
    for (let i = 0; i < all.length; i++) if (all[i]! > max) max = all[i]!;
    return max <= 0xffff ? Uint16Array.from(all) : all.slice();
  }
}

/** Appends a term's postings to `out` and its triples to `shape` (copied as they are when never unpacked). */
function packTerm(data: TermData, shape: number[], out: Packer): void {
  const lazy = data instanceof LazyTermData ? data.packed() : undefined;
  if (lazy) {
    shape.push(lazy.spec.length / 3);
    for (let i = 0; i + 2 < lazy.spec.length; i += 3) {
      shape.push(lazy.spec[i]!, out.length, lazy.spec[i + 2]!);
      out.copy(lazy.packed, lazy.spec[i + 1]!, 2 * lazy.spec[i + 2]!);
    }
    return;
  }
  shape.push(data.size);
  for (const [fieldId, postings] of data) {
    shape.push(fieldId, out.length, postings.size);
    for (const [doc, freq] of postings) out.push(doc, freq);
  }
}

/** Appends one tree entry (a term's data or a child node, in pre-order) to the flat form. */
function packEntry(key: string, child: unknown, keys: string[], shape: number[], out: Packer): void {
  keys.push(key);
  if (key === LEAF) {
    packTerm(child as TermData, shape, out);
    return;
  }
  const node = child as Tree;
  shape.push(node.size);
  for (const [k, c] of node) packEntry(k, c, keys, shape, out);
}

/** Rebuilds a slice's root entries into `root`, every term's postings left packed until first used. */
function unpackSlice(slice: IndexSlice, root: Tree): void {
  const { keys, shape, packed } = slice;
  let k = 0;
  let at = 0;
  const fill = (node: Tree, n: number): void => {
    for (let i = 0; i < n; i++) {
      const key = keys[k++];
      if (key === undefined || at >= shape.length) throw new Error('index slice truncated');
      if (key === LEAF) {
        const fields = shape[at++]!;
        node.set(key, new LazyTermData(packed, shape.subarray(at, at + 3 * fields)));
        at += 3 * fields;
      } else {
        const child: Tree = new Map();
        fill(child, shape[at++]!);
        node.set(key, child);
      }
    }
  };
  fill(root, slice.entries);
  if (k !== keys.length || at !== shape.length) throw new Error('index slice malformed');
}

type TermResults = (
  sourceTerm: string,
  derivedTerm: string,
  termWeight: number,
  termBoost: number,
  fieldTermData: TermData | undefined,
  ...rest: unknown[]
) => unknown;

/**
 * Makes `index` score every query as an index built from its live documents would: a discarded document's postings
 * are dropped from each term before the term is scored, not while it is scored.
 */
export function scoreLiveDocumentsOnly<T>(index: MiniSearch<T>): MiniSearch<T> {
  // MiniSearch 7.2 leaves a discarded (deleted or re-saved) post's postings in the tree and drops them lazily in
  // termResults, decrementing the term's document count only when it reaches the discarded post: posts scored before
  // it got an IDF that still counted it. So a context that had deleted a post ranked differently from one that built
  // the index afresh, and which of the two was stored depended on which context wrote last (issue 10).
  const m = index as unknown as Internals & { termResults?: TermResults };
  const own = m.termResults;
  if (typeof own !== 'function' || !(m._documentIds instanceof Map) || typeof m._index?._tree?.get !== 'function')
    throw new Error('MiniSearch internals changed: rebuild the index');
  const tree = m._index as unknown as { delete(term: string): void };
  m.termResults = function (this: unknown, sourceTerm, derivedTerm, termWeight, termBoost, fieldTermData, ...rest) {
    // No discard since the last vacuum (MiniSearch's count) means no discarded postings: nothing to look for.
    if (fieldTermData && m._dirtCount > 0) {
      for (const [fieldId, postings] of fieldTermData) {
        for (const doc of postings.keys()) if (!m._documentIds.has(doc)) postings.delete(doc);
        if (postings.size === 0) fieldTermData.delete(fieldId);
      }
      if (fieldTermData.size === 0) tree.delete(derivedTerm);
    }
    return own.call(this, sourceTerm, derivedTerm, termWeight, termBoost, fieldTermData, ...rest);
  };
  return index;
}

/** A snapshot of the index: its head and its term tree in slices. */
export type IndexSnapshot = { head: IndexHead; slices: IndexSlice[] };

/**
 * The work of a snapshot, yielding (undefined) whenever `stepMs` of it has run without a pause, then returning the
 * snapshot; `stepMs` Infinity never yields. The index must not change between the steps (its holder runs nothing else
 * on it meanwhile: LibrarySearch's serial queue).
 */
function* snapshotSteps(
  index: MiniSearch<never>,
  fingerprints: Map<string, string>,
  generation: number | null,
  target: number,
  stepMs: number,
): Generator<undefined, IndexSnapshot> {
  const m = internals(index);
  const slices: IndexSlice[] = [];
  let keys: string[] = [];
  let shape: number[] = [];
  let out = new Packer();
  let entries = 0;
  const cut = () => {
    slices.push({ entries, keys, shape: Uint32Array.from(shape), packed: out.done() });
    keys = [];
    shape = [];
    out = new Packer();
    entries = 0;
  };
  const used = sliceTimer(stepMs);
  // The root's entries are the terms' first letters (a few dozen): each is packed whole between two looks at the clock.
  for (const [key, node] of m._index._tree) {
    packEntry(key, node, keys, shape, out);
    entries++;
    if (out.length >= target) cut();
    if (used()) yield;
  }
  if (entries > 0 || slices.length === 0) cut();
  return {
    head: {
      format: INDEX_FORMAT,
      parts: slices.length,
      generation,
      documentCount: m._documentCount,
      nextId: m._nextId,
      dirtCount: m._dirtCount,
      fieldIds: m._fieldIds,
      averageFieldLength: m._avgFieldLength,
      documentIds: m._documentIds,
      fieldLength: m._fieldLength,
      fingerprints,
    },
    slices,
  };
}

/**
 * The index as a head and its term tree cut into slices of similar size (about `target` packed numbers each), in the
 * tree's order; each slice is stored as its own record, so one read or write clones only a slice.
 */
export function snapshotIndex(
  index: MiniSearch<never>,
  fingerprints: Map<string, string>,
  generation: number | null,
  target = 1 << 19,
): IndexSnapshot {
  return finishSteps(snapshotSteps(index, fingerprints, generation, target, Number.POSITIVE_INFINITY));
}

/**
 * snapshotIndex in steps of about `stepMs`, awaiting `pause()` (default nextTask) between them, so a page that writes
 * its index back keeps answering input: on 5,000 posts the whole snapshot is one 200 ms task in Chromium. The same
 * snapshot.
 */
export function snapshotIndexInSteps(
  index: MiniSearch<never>,
  fingerprints: Map<string, string>,
  generation: number | null,
  target = 1 << 19,
  stepMs = 8,
  pause?: () => Promise<void>,
): Promise<IndexSnapshot> {
  return finishStepsPausing(snapshotSteps(index, fingerprints, generation, target, stepMs), { pause });
}

/** True when a stored value is a head this code can restore. */
export function isIndexHead(value: unknown): value is IndexHead {
  const h = value as IndexHead | undefined;
  return (
    typeof h === 'object' &&
    h !== null &&
    h.format === INDEX_FORMAT &&
    Number.isInteger(h.parts) &&
    h.parts > 0 &&
    (h.generation === null || typeof h.generation === 'number') &&
    h.documentIds instanceof Map &&
    h.fieldLength instanceof Map &&
    h.fingerprints instanceof Map
  );
}

function isSlice(value: unknown): value is IndexSlice {
  const s = value as IndexSlice | undefined;
  return (
    typeof s === 'object' &&
    s !== null &&
    Number.isInteger(s.entries) &&
    Array.isArray(s.keys) &&
    s.shape instanceof Uint32Array &&
    (s.packed instanceof Uint32Array || s.packed instanceof Uint16Array)
  );
}

/** A MiniSearch index restored from a stored head and slices, with the same options it was built with. */
export function restoreIndex<T>(head: IndexHead, slices: readonly unknown[], options: Options<T>): MiniSearch<T> {
  if (slices.length !== head.parts || !slices.every(isSlice)) throw new Error('index slices missing');
  const index = MiniSearch.loadJS(
    {
      documentCount: head.documentCount,
      nextId: head.nextId,
      documentIds: {},
      fieldIds: head.fieldIds,
      fieldLength: {},
      averageFieldLength: head.averageFieldLength,
      storedFields: {},
      dirtCount: head.dirtCount,
      index: [],
      serializationVersion: 2,
    },
    options,
  );
  const m = internals(index as MiniSearch<never>);
  if (!(m._index?._tree instanceof Map) || !(m._documentIds instanceof Map) || !(m._idToShortId instanceof Map))
    throw new Error('MiniSearch internals changed: rebuild the index');
  const tree: Tree = new Map();
  for (const slice of slices as IndexSlice[]) unpackSlice(slice, tree);
  m._index._tree = tree;
  m._index._size = undefined;
  m._documentIds = head.documentIds;
  m._idToShortId = new Map([...head.documentIds].map(([short, id]) => [id, short]));
  m._fieldLength = head.fieldLength;
  m._storedFields = new Map();
  return index;
}
