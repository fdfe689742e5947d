/**
 * The edges of the class graph as bitsets: row s holds bit d when some connection from
 * class s to class d is allowed (egress at s and ingress at d both allow a common port).
 *
 * A row is the source's egress vector (a function of its egress vector only) met with,
 * for every destination, the ingress verdict for this source: the destination's default,
 * changed where an ingress vector or shared layer lists the source. So two sources with
 * the same egress vector and the same list of such changes have the same row. The list
 * is short (the ingress rules that name the source), so each source's list is compared
 * first, and a row is computed once per distinct list and shared by reference: in a
 * cluster where policies admit "the pods of my namespace", that is one row per
 * namespace, not one per class.
 *
 * Each distinct row is computed as before: the egress row and the ingress column for
 * the source, then word by word, with a port-set intersection only where neither side
 * allows everything.
 */
import type { GraphParts } from './blast-radius-graph.js';
import { ConnTable } from './ports.js';
import type { Layer, SparseVector } from './verdict-vectors.js';

/** What changes a source's ingress column: a layer's members, a vector's members, or one destination. */
const BY_LAYER = 0;
const BY_VECTOR = 1;
const BY_DESTINATION = 2;

function setBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] = bits[i >>> 5]! | (1 << (i & 31));
}
function clearBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] = bits[i >>> 5]! & ~(1 << (i & 31));
}

/** A growable list of int triples (kind, id, value). */
class Triples {
  data = new Int32Array(96);
  length = 0;
  push(kind: number, id: number, value: number): void {
    if (this.length + 3 > this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = kind;
    this.data[this.length++] = id;
    this.data[this.length++] = value;
  }
  hash(seed: number): number {
    let h = Math.imul(seed + 1, 0x9e3779b1);
    for (let i = 0; i < this.length; i++) h = Math.imul(h ^ this.data[i]!, 0x01000193);
    return h;
  }
  equals(other: Int32Array): boolean {
    if (other.length !== this.length) return false;
    for (let i = 0; i < this.length; i++) if (other[i] !== this.data[i]) return false;
    return true;
  }
}

export function successorRows(g: GraphParts): Uint32Array[] {
  const { C, table, portsKey, ingress, egress } = g;
  const words = (C + 31) >>> 5;
  const rows: Uint32Array[] = new Array(C);

  // Ingress verdicts at every class for a fixed source slot: the vector defaults, then the
  // explicit entries that list that source. Dense vectors are read directly, per source;
  // sparse ones through a transposed listing.
  const defaultIn = new Int32Array(C);
  const vecMembers = new Map<SparseVector, number[]>();
  const denseIn: Array<{ d: number; values: Int32Array }> = [];
  for (let d = 0; d < C; d++) {
    const id = ingress.sig[d]!;
    if (id < 0) defaultIn[d] = ConnTable.ALL;
    else {
      const v = ingress.vec[id]!;
      if (v.dense) denseIn.push({ d, values: v.dense });
      else {
        const list = vecMembers.get(v);
        if (list) list.push(d);
        else vecMembers.set(v, [d]);
      }
      defaultIn[d] = v.fallback(0);
    }
  }
  const vectors = [...vecMembers.keys()];
  const vectorMembers = [...vecMembers.values()];
  // listing[s]: (vector number, value) for every sparse vector listing source s.
  const listing: number[][] = new Array(C);
  vectors.forEach((v, i) => {
    const e = v.entries;
    for (let j = 0; j < e.length; j += 2) {
      const slot = e[j]!;
      if (slot >= C) continue;
      const list = listing[slot];
      if (list) list.push(i, e[j + 1]!);
      else listing[slot] = [i, e[j + 1]!];
    }
  });
  // Shared layers: the classes whose vectors use each, and for sparse layers a listing too.
  const layerMembers = new Map<Layer, number[]>();
  for (let d = 0; d < C; d++) {
    const id = ingress.sig[d]!;
    const layer = id >= 0 ? ingress.vec[id]!.shared : undefined;
    if (!layer) continue;
    const list = layerMembers.get(layer);
    if (list) list.push(d);
    else layerMembers.set(layer, [d]);
  }
  const layers = [...layerMembers.keys()];
  const membersOfLayer = [...layerMembers.values()];
  const denseLayers: number[] = [];
  const layerListing: number[][] = new Array(C);
  layers.forEach((layer, i) => {
    if (layer.dense) {
      denseLayers.push(i);
      return;
    }
    const e = layer.entries;
    for (let j = 0; j < e.length; j += 2) {
      const slot = e[j]!;
      if (slot >= C) continue;
      const list = layerListing[slot];
      if (list) list.push(i, e[j + 1]!);
      else layerListing[slot] = [i, e[j + 1]!];
    }
  });

  /** The changes to the default ingress column for source s, in the order they apply. */
  const changes = new Triples();
  const changesOf = (s: number): void => {
    changes.length = 0;
    // Shared layers first, then what each vector's own rules change.
    for (const i of denseLayers) {
      const layer = layers[i]!;
      const value = layer.dense![s]!;
      if (value !== layer.fallback) changes.push(BY_LAYER, i, value);
    }
    const ll = layerListing[s];
    if (ll) for (let j = 0; j < ll.length; j += 2) changes.push(BY_LAYER, ll[j]!, ll[j + 1]!);
    const vl = listing[s];
    if (vl) for (let j = 0; j < vl.length; j += 2) changes.push(BY_VECTOR, vl[j]!, vl[j + 1]!);
    for (const { d, values } of denseIn)
      if (values[s] !== defaultIn[d]) changes.push(BY_DESTINATION, d, values[s]!);
  };

  // Word-level masks: "allows everything" and "allows something", for the row and the column.
  const defInAll = new Uint32Array(words);
  const defInSome = new Uint32Array(words);
  for (let d = 0; d < C; d++) {
    if (defaultIn[d] === ConnTable.ALL) setBit(defInAll, d);
    if (defaultIn[d] !== ConnTable.EMPTY) setBit(defInSome, d);
  }
  const col = Int32Array.from(defaultIn);
  const colAll = new Uint32Array(words);
  const colSome = new Uint32Array(words);
  const row = new Int32Array(C);
  const rowAll = new Uint32Array(words);
  const rowSome = new Uint32Array(words);
  let rowVector: SparseVector | null | undefined;
  const touched: number[] = [];
  const set = (d: number, value: number) => {
    col[d] = value;
    touched.push(d);
    if (value === ConnTable.ALL) setBit(colAll, d);
    else clearBit(colAll, d);
    if (value !== ConnTable.EMPTY) setBit(colSome, d);
    else clearBit(colSome, d);
  };

  /** Loads the egress row of a vector (null: no policy, everything allowed). */
  const loadRow = (v: SparseVector | null) => {
    if (v === rowVector) return;
    rowVector = v;
    if (v === null) row.fill(ConnTable.ALL);
    else if (v.dense) row.set(v.dense.subarray(0, C));
    else {
      if (v.portsDependent) for (let d = 0; d < C; d++) row[d] = v.fallback(portsKey[d]!);
      else row.fill(v.fallback(0));
      const sh = v.shared;
      if (sh?.dense) row.set(sh.dense.subarray(0, C));
      else if (sh)
        for (let i = 0; i < sh.entries.length; i += 2)
          if (sh.entries[i]! < C) row[sh.entries[i]!] = sh.entries[i + 1]!;
      for (let i = 0; i < v.entries.length; i += 2)
        if (v.entries[i]! < C) row[v.entries[i]!] = v.entries[i + 1]!;
    }
    rowAll.fill(0);
    rowSome.fill(0);
    for (let d = 0; d < C; d++) {
      const e = row[d]!;
      if (e === ConnTable.ALL) setBit(rowAll, d);
      if (e !== ConnTable.EMPTY) setBit(rowSome, d);
    }
  };

  /** The row of a source whose egress row is loaded and whose changes are in `changes`. */
  const computeRow = (): Uint32Array => {
    colAll.set(defInAll);
    colSome.set(defInSome);
    const t = changes.data;
    for (let j = 0; j < changes.length; j += 3) {
      const kind = t[j]!;
      const id = t[j + 1]!;
      const value = t[j + 2]!;
      if (kind === BY_LAYER) for (const d of membersOfLayer[id]!) set(d, value);
      else if (kind === BY_VECTOR) for (const d of vectorMembers[id]!) set(d, value);
      else set(id, value);
    }
    const bits = new Uint32Array(words);
    for (let w = 0; w < words; w++) {
      const some = rowSome[w]! & colSome[w]!;
      if (some === 0) continue;
      const sure = (rowAll[w]! | colAll[w]!) & some;
      let unsure = some & ~sure;
      let out = sure;
      // Neither side allows everything: the port sets must overlap.
      while (unsure !== 0) {
        const low = unsure & -unsure;
        unsure ^= low;
        const d = (w << 5) + 31 - Math.clz32(low);
        const e = row[d]!;
        const i = col[d]!;
        if (e === i || table.intersect(e, i) !== ConnTable.EMPTY) out |= low;
      }
      bits[w] = out >>> 0;
    }
    for (const d of touched) col[d] = defaultIn[d]!;
    touched.length = 0;
    return bits;
  };

  // Distinct rows by egress vector and changes; candidates with one hash are compared exactly.
  const seen = new Map<
    number,
    Array<{ egress: SparseVector | null; changes: Int32Array; bits: Uint32Array }>
  >();
  const egressVectors = new Map<SparseVector | null, number>([[null, 0]]);
  // Visit sources grouped by egress vector, so each egress row is loaded once.
  const egressOf = (s: number): SparseVector | null => {
    const id = egress.sig[s]!;
    return id < 0 ? null : egress.vec[id]!;
  };
  for (let s = 0; s < C; s++) {
    const v = egressOf(s);
    if (!egressVectors.has(v)) egressVectors.set(v, egressVectors.size);
  }
  const order = Array.from({ length: C }, (_, i) => i).sort(
    (a, b) => egressVectors.get(egressOf(a))! - egressVectors.get(egressOf(b))! || a - b,
  );
  for (const s of order) {
    const v = egressOf(s);
    changesOf(s);
    const h = changes.hash(egressVectors.get(v)!);
    let bucket = seen.get(h);
    const hit = bucket?.find((x) => x.egress === v && changes.equals(x.changes));
    if (hit) {
      rows[s] = hit.bits;
      continue;
    }
    loadRow(v);
    const bits = computeRow();
    rows[s] = bits;
    if (!bucket) {
      bucket = [];
      seen.set(h, bucket);
    }
    bucket.push({ egress: v, changes: changes.data.slice(0, changes.length), bits });
  }
  return rows;
}
