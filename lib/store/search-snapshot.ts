import MiniSearch, { type Options } from 'minisearch';

/**
 * The layout of a stored search index; bump it when this file or the MiniSearch internals it reads change (a stored
 * index of another format is ignored and rebuilt).
 */
export const INDEX_FORMAT = 1;

// MiniSearch 7.2's own state. Its public toJSON/loadJSON turn every posting map into an object with string keys and
// back (on 5,000 posts ~1.5 s to write and ~1.4 s to load in V8); IndexedDB's structured clone stores these Maps as
// they are, several times faster both ways. restoreIndex checks the shape and the tests compare a restored index with
// a built one query by query, so a MiniSearch upgrade that moves these fields fails loudly instead of searching wrong.
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

/** The stored head of an index: counts, document ids and field lengths, and what each indexed post looked like. */
export type IndexHead = {
  format: number;
  /** The number of `part:<n>` records holding the term tree. */
  parts: number;
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

function internals(index: MiniSearch<never>): Internals {
  return index as unknown as Internals;
}

/** Leaves of the term tree are keyed '' (MiniSearch's LEAF); everything else is a child node. */
function weight(node: unknown): number {
  if (!(node instanceof Map)) return 0;
  let n = 0;
  for (const [key, child] of node as Map<string, unknown>) {
    if (key === '') {
      for (const freqs of (child as Map<number, Map<number, number>>).values()) n += freqs.size;
    } else n += weight(child);
  }
  return n + 1;
}

/**
 * The index as a head and its term tree cut into about `parts` slices of similar weight, in the tree's order; each
 * slice is stored as its own record so reading or writing one clones only a slice and the page stays responsive.
 */
export function snapshotIndex(
  index: MiniSearch<never>,
  fingerprints: Map<string, string>,
  parts = 12,
): { head: IndexHead; slices: Tree[] } {
  const m = internals(index);
  const top = [...m._index._tree];
  const weights = top.map(([, node]) => weight(node));
  const target = weights.reduce((a, b) => a + b, 0) / parts;
  const slices: Tree[] = [];
  let slice: Tree = new Map();
  let filled = 0;
  top.forEach(([key, node], i) => {
    slice.set(key, node);
    filled += weights[i] ?? 0;
    if (filled >= target) {
      slices.push(slice);
      slice = new Map();
      filled = 0;
    }
  });
  if (slice.size > 0 || slices.length === 0) slices.push(slice);
  return {
    head: {
      format: INDEX_FORMAT,
      parts: slices.length,
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

/** True when a stored value is a head this code can restore. */
export function isIndexHead(value: unknown): value is IndexHead {
  const h = value as IndexHead | undefined;
  return (
    typeof h === 'object' &&
    h !== null &&
    h.format === INDEX_FORMAT &&
    Number.isInteger(h.parts) &&
    h.parts > 0 &&
    h.documentIds instanceof Map &&
    h.fieldLength instanceof Map &&
    h.fingerprints instanceof Map
  );
}

/** A MiniSearch index restored from a stored head and slices, with the same options it was built with. */
export function restoreIndex<T>(head: IndexHead, slices: readonly unknown[], options: Options<T>): MiniSearch<T> {
  if (slices.length !== head.parts || !slices.every((s) => s instanceof Map)) throw new Error('index slices missing');
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
  for (const slice of slices as Tree[]) for (const [key, node] of slice) tree.set(key, node);
  m._index._tree = tree;
  m._index._size = undefined;
  m._documentIds = head.documentIds;
  m._idToShortId = new Map([...head.documentIds].map(([short, id]) => [id, short]));
  m._fieldLength = head.fieldLength;
  m._storedFields = new Map();
  return index;
}
