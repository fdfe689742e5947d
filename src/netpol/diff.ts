/**
 * The connectivity difference between two configurations (A then B): connections
 * added (only in B), removed (only in A) and changed (different ports), and whether a
 * workload at either end exists in only one of them.
 *
 * External ranges are compared on the common refinement of both sides' atoms, so a
 * range that one side cuts finer than the other is compared piece by piece.
 */
import type { Connectivity } from './connectivity.js';
import { atomsOf, type IntervalSet } from './intervals.js';
import { IPV4_MAX, IPV4_MIN } from './ip.js';
import { formatConn } from './ports.js';
import { externalPeer, type Peer } from './workloads.js';

export type DiffType = 'changed' | 'added' | 'removed';

export interface DiffEntry {
  readonly type: DiffType;
  readonly src: string;
  readonly dst: string;
  /** The connection in A ("No Connections" when none). */
  readonly ref1: string;
  /** The connection in B. */
  readonly ref2: string;
  /** "workload X added", "workload X and Y removed", when an end exists on one side only. */
  readonly workloadsInfo: string | undefined;
}

export interface ConnectivityDiff {
  readonly entries: readonly DiffEntry[];
  readonly workloadsAdded: readonly string[];
  readonly workloadsRemoved: readonly string[];
}

const TYPE_ORDER: Record<DiffType, number> = { changed: 0, added: 1, removed: 2 };

function refine(a: readonly Peer[], b: readonly Peer[]): Array<[number, number]> {
  const sets: IntervalSet[] = [];
  for (const p of [...a, ...b]) if (p.type === 'external') sets.push([p.first, p.last]);
  return atomsOf(sets, IPV4_MIN, IPV4_MAX);
}

/** Every allowed connection of a result, external ends split into the refined atoms. */
function rows(
  result: Connectivity,
  srcAtoms: Array<[number, number]>,
  dstAtoms: Array<[number, number]>,
): Map<string, string> {
  const out = new Map<string, string>();
  const names = new Map<number, string>();
  const split = (p: Peer, atoms: Array<[number, number]>): string[] => {
    if (p.type !== 'external') return [p.display];
    let lo = 0;
    let hi = atoms.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (atoms[m]![0] < p.first) lo = m + 1;
      else hi = m;
    }
    const res: string[] = [];
    for (let k = lo; k < atoms.length && atoms[k]![1] <= p.last; k++)
      res.push(externalPeer(atoms[k]![0], atoms[k]![1]).display);
    return res;
  };
  result.forEach((src, dst, id) => {
    let conn = names.get(id);
    if (conn === undefined) {
      conn = formatConn(result.table.get(id));
      names.set(id, conn);
    }
    for (const s of split(src, srcAtoms))
      for (const d of split(dst, dstAtoms)) out.set(`${s}\u0000${d}`, conn);
  });
  return out;
}

export function diffConnectivity(a: Connectivity, b: Connectivity): ConnectivityDiff {
  const srcAtoms = refine(a.model.sourceAtoms, b.model.sourceAtoms);
  const dstAtoms = refine(a.model.destinationAtoms, b.model.destinationAtoms);
  const ra = rows(a, srcAtoms, dstAtoms);
  const rb = rows(b, srcAtoms, dstAtoms);
  const inA = new Set(a.model.workloads.map((w) => w.display));
  const inB = new Set(b.model.workloads.map((w) => w.display));
  const info = (src: string, dst: string, present: Set<string>, verb: string): string | undefined => {
    const missing = [src, dst].filter((p) => isWorkloadName(p) && !present.has(p));
    return missing.length ? `workload ${missing.join(' and ')} ${verb}` : undefined;
  };
  const entries: DiffEntry[] = [];
  for (const [key, c1] of ra) {
    const [src, dst] = key.split('\u0000') as [string, string];
    const c2 = rb.get(key);
    if (c2 === undefined)
      entries.push({
        type: 'removed',
        src,
        dst,
        ref1: c1,
        ref2: 'No Connections',
        workloadsInfo: info(src, dst, inB, 'removed'),
      });
    else if (c2 !== c1)
      entries.push({ type: 'changed', src, dst, ref1: c1, ref2: c2, workloadsInfo: undefined });
  }
  for (const [key, c2] of rb) {
    if (ra.has(key)) continue;
    const [src, dst] = key.split('\u0000') as [string, string];
    entries.push({
      type: 'added',
      src,
      dst,
      ref1: 'No Connections',
      ref2: c2,
      workloadsInfo: info(src, dst, inA, 'added'),
    });
  }
  entries.sort(
    (x, y) =>
      TYPE_ORDER[x.type] - TYPE_ORDER[y.type] ||
      (x.src < y.src ? -1 : x.src > y.src ? 1 : x.dst < y.dst ? -1 : x.dst > y.dst ? 1 : 0),
  );
  return {
    entries,
    workloadsAdded: [...inB].filter((w) => !inA.has(w)).sort(),
    workloadsRemoved: [...inA].filter((w) => !inB.has(w)).sort(),
  };
}

function isWorkloadName(p: string): boolean {
  return !p.endsWith('[External]') && p !== '{ingress-controller}';
}
