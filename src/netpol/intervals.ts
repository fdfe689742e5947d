/**
 * Sets of integers as sorted, disjoint, non-adjacent closed intervals, stored flat
 * ([s0, e0, s1, e1, ...]) so that port sets and IPv4 sets share one arithmetic and
 * stay small: a policy's port list or a CIDR with excepts is a handful of numbers, not
 * a bitmap. Every function returns a normalized set (adjacent intervals merged), so two
 * sets are equal iff their arrays are equal, which is what interning relies on.
 *
 * Values must be safe integers (IPv4 addresses up to 2^32-1 are).
 */

export type IntervalSet = readonly number[];

export const EMPTY_SET: IntervalSet = Object.freeze([]) as IntervalSet;

/** The set {lo..hi}; empty when lo > hi. */
export function range(lo: number, hi: number): IntervalSet {
  return lo > hi ? EMPTY_SET : [lo, hi];
}

/** Builds a normalized set from arbitrary (possibly overlapping, unsorted) closed intervals. */
export function fromIntervals(pairs: ReadonlyArray<readonly [number, number]>): IntervalSet {
  const sorted = pairs.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: number[] = [];
  for (const [a, b] of sorted) {
    const n = out.length;
    if (n > 0 && a <= out[n - 1]! + 1) {
      if (b > out[n - 1]!) out[n - 1] = b;
    } else out.push(a, b);
  }
  return out;
}

export function isEmpty(s: IntervalSet): boolean {
  return s.length === 0;
}

export function equals(a: IntervalSet, b: IntervalSet): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Number of integers in the set. */
export function size(s: IntervalSet): number {
  let n = 0;
  for (let i = 0; i < s.length; i += 2) n += s[i + 1]! - s[i]! + 1;
  return n;
}

export function contains(s: IntervalSet, v: number): boolean {
  // Binary search over interval starts: sets can be long (thousands of IP atoms).
  let lo = 0;
  let hi = s.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const a = s[2 * mid]!;
    const b = s[2 * mid + 1]!;
    if (v < a) hi = mid - 1;
    else if (v > b) lo = mid + 1;
    else return true;
  }
  return false;
}

export function union(a: IntervalSet, b: IntervalSet): IntervalSet {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  const push = (s: number, e: number) => {
    const n = out.length;
    if (n > 0 && s <= out[n - 1]! + 1) {
      if (e > out[n - 1]!) out[n - 1] = e;
    } else out.push(s, e);
  };
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      push(a[i]!, a[i + 1]!);
      i += 2;
    } else {
      push(b[j]!, b[j + 1]!);
      j += 2;
    }
  }
  return out;
}

export function intersect(a: IntervalSet, b: IntervalSet): IntervalSet {
  if (a.length === 0 || b.length === 0) return EMPTY_SET;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i]!, b[j]!);
    const e = Math.min(a[i + 1]!, b[j + 1]!);
    if (s <= e) out.push(s, e);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

/** a \ b */
export function subtract(a: IntervalSet, b: IntervalSet): IntervalSet {
  if (a.length === 0 || b.length === 0) return a;
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let s = a[i]!;
    const e = a[i + 1]!;
    while (j < b.length && b[j + 1]! < s) j += 2;
    let k = j;
    while (k < b.length && b[k]! <= e) {
      if (b[k]! > s) out.push(s, b[k]! - 1);
      s = Math.max(s, b[k + 1]! + 1);
      if (s > e) break;
      k += 2;
    }
    if (s <= e) out.push(s, e);
  }
  return out;
}

/** True when every element of b is in a. */
export function isSubset(b: IntervalSet, a: IntervalSet): boolean {
  return subtract(b, a).length === 0;
}

export function overlaps(a: IntervalSet, b: IntervalSet): boolean {
  return intersect(a, b).length > 0;
}

/** The intervals of a set as pairs. */
export function intervalsOf(s: IntervalSet): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < s.length; i += 2) out.push([s[i]!, s[i + 1]!]);
  return out;
}

/**
 * Cuts [lo, hi] into the atomic intervals induced by the boundaries of the given sets:
 * within an atom, membership in every input set is constant. This is the coarsest
 * partition that every input set is a union of.
 */
export function atomsOf(sets: readonly IntervalSet[], lo: number, hi: number): Array<[number, number]> {
  const starts = new Set<number>([lo]);
  for (const s of sets) {
    for (let i = 0; i < s.length; i += 2) {
      const a = Math.max(s[i]!, lo);
      const b = Math.min(s[i + 1]!, hi);
      if (a > b) continue;
      starts.add(a);
      if (b < hi) starts.add(b + 1);
    }
  }
  const sorted = [...starts].sort((x, y) => x - y);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    const b = i + 1 < sorted.length ? sorted[i + 1]! - 1 : hi;
    out.push([a, b]);
  }
  return out;
}
