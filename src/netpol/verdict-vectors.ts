/**
 * Verdict vectors of the class graph (blast-radius-graph.ts): for one subject and one
 * direction, the interned connection id allowed with each peer slot (classes, external
 * atoms, the ingress controller).
 *
 * A vector is stored as what narrower rules decide for a few slots, over a layer it
 * shares with other vectors (what the admin tiers and the NetworkPolicy rules that match
 * every peer decide), over a fallback for every other slot; or densely, one value per
 * slot, when narrower rules match many slots. Slots and values are kept interleaved in
 * one array (slot, value, slot, value, ...), sorted by slot.
 *
 * Equal vectors are one object (`VectorPool`): policies written from one template give
 * thousands of subjects the same verdicts.
 */

/** A vector part several vectors share: dense, or sorted (slot, value) pairs; `fallback` elsewhere. */
export interface Layer {
  readonly dense: Int32Array | null;
  readonly entries: Int32Array;
  readonly fallback: number;
}

export class SparseVector {
  constructor(
    /** One value per slot, or null. */
    readonly dense: Int32Array | null,
    /** Sorted (slot, value) pairs decided by this vector's own narrower rules. */
    readonly entries: Int32Array,
    /** Values shared with other vectors, under `entries`. */
    readonly shared: Layer | undefined,
    private readonly fallbackValue: number,
    /** Egress vectors whose rules that match every peer name ports: the value depends on the peer's ports. */
    private readonly fallbackOf: ((portsKey: number) => number) | undefined,
  ) {}

  /** True when the fallback depends on the ports key of the slot. */
  get portsDependent(): boolean {
    return this.fallbackOf !== undefined;
  }

  /** Value of a slot no narrower rule matches. */
  fallback(portsKey: number): number {
    return this.fallbackOf ? this.fallbackOf(portsKey) : this.fallbackValue;
  }
}

export const NO_ENTRIES = new Int32Array(0);

/** The value at `slot` in sorted (slot, value) pairs, or -1. */
export function entryValue(entries: Int32Array, slot: number): number {
  let lo = 0;
  let hi = (entries.length >> 1) - 1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1;
    const x = entries[2 * m]!;
    if (x === slot) return entries[2 * m + 1]!;
    if (x < slot) lo = m + 1;
    else hi = m - 1;
  }
  return -1;
}

/** A layer's value at a slot, or -1 for its fallback. */
export function layerValue(l: Layer, slot: number): number {
  return l.dense ? l.dense[slot]! : entryValue(l.entries, slot);
}

/** The value of a slot, or -1 when the slot takes the fallback. */
export function explicitValue(v: SparseVector, slot: number): number {
  if (v.dense) return v.dense[slot]!;
  const own = entryValue(v.entries, slot);
  if (own >= 0 || !v.shared) return own;
  return layerValue(v.shared, slot);
}

/** Sorted (slot, value) pairs from parallel lists of slots (sorted) and values. */
export function pairs(slots: ArrayLike<number>, values: ArrayLike<number>): Int32Array {
  if (slots.length === 0) return NO_ENTRIES;
  const out = new Int32Array(slots.length * 2);
  for (let i = 0; i < slots.length; i++) {
    out[2 * i] = slots[i]!;
    out[2 * i + 1] = values[i]!;
  }
  return out;
}

function hashInts(h: number, a: Int32Array): number {
  for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a[i]!, 0x01000193);
  return h;
}

function sameInts(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * One object per distinct vector of the shared-layer form (entries over a layer, constant
 * fallback): equal vectors give equal verdicts everywhere, so sharing them is invisible.
 */
export class VectorPool {
  private readonly layers = new Map<Layer, number>();
  private readonly buckets = new Map<number, SparseVector[]>();

  /** The shared vector with these parts, made once. */
  get(entries: Int32Array, shared: Layer, fallback: number): SparseVector {
    let layerId = this.layers.get(shared);
    if (layerId === undefined) {
      layerId = this.layers.size;
      this.layers.set(shared, layerId);
    }
    const h = hashInts(Math.imul(layerId + 1, 0x9e3779b1) ^ fallback, entries);
    let bucket = this.buckets.get(h);
    if (!bucket) {
      bucket = [];
      this.buckets.set(h, bucket);
    }
    for (const v of bucket) if (v.shared === shared && sameInts(v.entries, entries)) return v;
    const v = new SparseVector(null, entries, shared, fallback, undefined);
    bucket.push(v);
    return v;
  }
}
