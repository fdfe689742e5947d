/**
 * The workload reachability graph, on equivalence classes, with the engine's exact
 * verdicts but a sparse representation, so that it scales to clusters where the dense
 * all-pairs table of connectivity.ts would not fit (every app with its own policy makes
 * one verdict vector per app, each as long as the cluster).
 *
 * Same semantics as connectivity.ts, by construction and by test
 * (test/netpol-flows-blast-radius.test.ts compares every pair, every conformance
 * scenario, both profiles, and random models):
 *
 * - the same classes (namespace, labels, container ports, host networking, IPs when
 *   ipBlocks match pods) and the same per-direction "policy signatures";
 * - a verdict vector over peer slots (classes, then external atoms, then on ingress the
 *   ingress controller) is folded from the same compiled rules with the same tier
 *   functions (tiers.ts) and port resolution (port-spec.ts);
 * - but a vector is stored as a default value (the fold of the rules that match every
 *   peer) plus the slots some narrower rule matches, so a policy that allows a few
 *   peers costs a few entries, not one per class.
 *
 * Edges of the graph are computed once, row by row, into bitsets: O(C²) word-level work
 * for C classes, never per hop and never per pod.
 */
import { type Labels, type Selector, selectorMatches } from '../model/selectors.js';
import type { CompiledAdminPolicy } from './admin-policy.js';
import {
  INGRESS_CONTROLLER_SELECTABLE,
  ipSetMatchesWorkload,
  isSelectable,
  type NetpolModel,
} from './model.js';
import type { Direction } from './network-policy.js';
import { hasNamedPorts, type PortList, resolvePorts } from './port-spec.js';
import { ConnTable, idAlgebra } from './ports.js';
import { type PodSelection, selectionMatches } from './selection.js';
import { applyFirstMatch, combineTiers, type FirstMatchState } from './tiers.js';
import type { ExternalPeer, WorkloadPeer } from './workloads.js';

/** A verdict vector: `explicit` slots, every other slot gets `fallback(portsKey of the slot)`. */
interface SparseVector {
  readonly explicit: ReadonlyMap<number, number>;
  /** Value of a slot no narrower rule matches; depends on the slot's ports only for egress named ports. */
  fallback(portsKey: number): number;
  /** True when fallback depends on the ports key. */
  readonly portsDependent: boolean;
}

export interface ClassGraph {
  readonly model: NetpolModel;
  readonly table: ConnTable;
  /** One representative workload per class. */
  readonly classes: readonly WorkloadPeer[];
  /** Class of each workload (by workload index). */
  readonly classOf: Int32Array;
  /** Workload indices of each class. */
  readonly members: readonly (readonly number[])[];
  /** Connection id allowed from any workload of class s to any of class d. */
  connId(s: number, d: number): number;
  /** Connection id allowed from source atom k (model.sourceAtoms[k]) to class d. */
  fromSourceAtom(k: number, d: number): number;
  /** Connection id allowed from class s to destination atom k (model.destinationAtoms[k]). */
  toDestinationAtom(s: number, k: number): number;
  /** Successor bitsets, one per class, C bits each (bit d of row s: s reaches d). Computed once, lazily. */
  successors(): readonly Uint32Array[];
  /**
   * The class's policy signature for a direction: classes with the same signature are
   * decided by the same policies alike; -1 when no policy applies (everything allowed).
   */
  signature(direction: Direction, c: number): number;
}

type Slots = Int32Array | 'all';

/** The same class key as connectivity.ts. */
function classKey(w: WorkloadPeer, ipsMatter: boolean): string {
  const labels = Object.keys(w.labels)
    .sort()
    .map((k) => `${k}=${w.labels[k]}`);
  return JSON.stringify([w.namespace, labels, w.ports, w.hostNetwork, ipsMatter ? w.ips : 0]);
}

export function buildClassGraph(model: NetpolModel): ClassGraph {
  const table = new ConnTable();
  const alg = idAlgebra(table);
  const profile = model.profile;
  const workloads = model.workloads;

  // --- classes ---------------------------------------------------------------------
  const classOf = new Int32Array(workloads.length);
  const classes: WorkloadPeer[] = [];
  const members: number[][] = [];
  {
    const byKey = new Map<string, number>();
    for (const w of workloads) {
      const key = classKey(w, profile.ipBlocksMatchPods);
      let c = byKey.get(key);
      if (c === undefined) {
        c = classes.length;
        classes.push(w);
        members.push([]);
        byKey.set(key, c);
      }
      classOf[w.index] = c;
      members[c]!.push(w.index);
    }
  }
  const C = classes.length;
  const S = model.sourceAtoms.length;
  const INGRESS_CTRL = C + S;

  const portsKey = new Int32Array(C);
  const portsOfKey: Array<WorkloadPeer['ports']> = [[]];
  {
    const ids = new Map<string, number>();
    classes.forEach((w, c) => {
      const k = JSON.stringify(w.ports);
      let id = ids.get(k);
      if (id === undefined) {
        id = portsOfKey.length;
        portsOfKey.push(w.ports);
        ids.set(k, id);
      }
      portsKey[c] = id;
    });
  }

  const classesByNs = new Map<string, number[]>();
  classes.forEach((w, c) => {
    if (!isSelectable(w, profile)) return;
    const list = classesByNs.get(w.namespace);
    if (list) list.push(c);
    else classesByNs.set(w.namespace, [c]);
  });
  const nsLabels = (ns: string): Labels =>
    model.namespaceLabels.get(ns) ?? { 'kubernetes.io/metadata.name': ns };

  // --- match sets (as connectivity.ts) -------------------------------------------------
  const selectionCache = new Map<string, Int32Array>();
  const selectionSlots = (sel: PodSelection, direction: Direction): Int32Array => {
    const key = `${direction}|${JSON.stringify(sel)}`;
    const hit = selectionCache.get(key);
    if (hit) return hit;
    const out: number[] = [];
    const namespaces =
      sel.namespaces.kind === 'name'
        ? [sel.namespaces.name]
        : [...classesByNs.keys()].filter((ns) =>
            selectorMatches((sel.namespaces as { selector: Selector }).selector, nsLabels(ns)),
          );
    for (const ns of namespaces)
      for (const c of classesByNs.get(ns) ?? [])
        if (selectorMatches(sel.pods, classes[c]!.labels)) out.push(c);
    out.sort((a, b) => a - b);
    if (direction === 'ingress' && selectionMatches(sel, INGRESS_CONTROLLER_SELECTABLE))
      out.push(INGRESS_CTRL);
    const arr = Int32Array.from(out);
    selectionCache.set(key, arr);
    return arr;
  };
  const ipCache = new Map<string, Int32Array>();
  const ipSlots = (set: readonly number[], direction: Direction): Int32Array => {
    const key = `${direction}|${set.join(',')}`;
    const hit = ipCache.get(key);
    if (hit) return hit;
    const out: number[] = [];
    if (profile.ipBlocksMatchPods)
      classes.forEach((w, c) => {
        if (ipSetMatchesWorkload(profile, set, w)) out.push(c);
      });
    const atoms: readonly ExternalPeer[] =
      direction === 'ingress' ? model.sourceAtoms : model.destinationAtoms;
    for (let i = 0; i < set.length; i += 2) {
      const lo = set[i]!;
      const hi = set[i + 1]!;
      let a = 0;
      let b = atoms.length;
      while (a < b) {
        const m = (a + b) >> 1;
        if (atoms[m]!.first < lo) a = m + 1;
        else b = m;
      }
      for (let k = a; k < atoms.length && atoms[k]!.last <= hi; k++) out.push(C + k);
    }
    const arr = Int32Array.from(out);
    ipCache.set(key, arr);
    return arr;
  };
  const mergeSlots = (lists: Int32Array[]): Int32Array => {
    if (lists.length === 1) return lists[0]!;
    const seen = new Set<number>();
    for (const l of lists) for (const v of l) seen.add(v);
    return Int32Array.from(seen);
  };

  interface Rule {
    readonly ports: PortList;
    readonly named: boolean;
    readonly slots: Slots;
    readonly action: 'Allow' | 'Deny' | 'Pass';
  }
  const npRules = new Map<number, { ingress: Rule[]; egress: Rule[] }>();
  model.networkPolicies.forEach((np, i) => {
    const out = { ingress: [] as Rule[], egress: [] as Rule[] };
    for (const direction of ['ingress', 'egress'] as const)
      for (const r of np[direction]) {
        const slots: Slots =
          r.peers === null
            ? 'all'
            : mergeSlots(
                r.peers.map((p) =>
                  p.kind === 'pods'
                    ? selectionSlots(p.selection, direction)
                    : p.kind === 'ipBlock'
                      ? ipSlots(p.set, direction)
                      : new Int32Array(0),
                ),
              );
        out[direction].push({ ports: r.ports, named: hasNamedPorts(r.ports), slots, action: 'Allow' });
      }
    npRules.set(i, out);
  });
  const adminRules = new Map<CompiledAdminPolicy, { ingress: Rule[]; egress: Rule[] }>();
  for (const p of [...model.adminPolicies, ...model.baselinePolicies]) {
    const out = { ingress: [] as Rule[], egress: [] as Rule[] };
    for (const direction of ['ingress', 'egress'] as const)
      for (const r of p[direction]) {
        const slots = mergeSlots(
          r.peers.map((peer) =>
            peer.kind === 'pods'
              ? selectionSlots(peer.selection, direction)
              : peer.kind === 'networks'
                ? ipSlots(peer.set, direction)
                : new Int32Array(0),
          ),
        );
        out[direction].push({ ports: r.ports, named: hasNamedPorts(r.ports), slots, action: r.action });
      }
    adminRules.set(p, out);
  }

  // Ports of a rule towards a destination with ports key k (0: an IP), interned.
  const portsMemo = new Map<Rule, Map<number, number>>();
  const rulePorts = (rule: Rule, key: number): number => {
    const k = rule.named ? key : 0;
    let m = portsMemo.get(rule);
    if (!m) {
      m = new Map();
      portsMemo.set(rule, m);
    }
    let id = m.get(k);
    if (id === undefined) {
      id = table.id(resolvePorts(rule.ports, rule.named && k > 0 ? portsOfKey[k]! : null));
      m.set(k, id);
    }
    return id;
  };

  // --- which policies select each class ------------------------------------------------
  const anpOf: number[][] = Array.from({ length: C }, () => []);
  const banpOf: number[][] = Array.from({ length: C }, () => []);
  const npIn: number[][] = Array.from({ length: C }, () => []);
  const npEg: number[][] = Array.from({ length: C }, () => []);
  model.adminPolicies.forEach((p, i) => {
    for (const c of selectionSlots(p.subject, 'egress')) anpOf[c]!.push(i);
  });
  model.baselinePolicies.forEach((p, i) => {
    for (const c of selectionSlots(p.subject, 'egress')) banpOf[c]!.push(i);
  });
  model.networkPolicies.forEach((np, i) => {
    for (const c of classesByNs.get(np.namespace) ?? []) {
      if (!selectorMatches(np.podSelector, classes[c]!.labels)) continue;
      if (np.isolatesIngress) npIn[c]!.push(i);
      if (np.isolatesEgress) npEg[c]!.push(i);
    }
  });

  // --- sparse verdict vectors ------------------------------------------------------------
  const newState = (): FirstMatchState<number> => ({ allow: 0, deny: 0, pass: 0 });
  const computeVector = (direction: Direction, subject: number): SparseVector | null => {
    const anps = anpOf[subject]!.map((i) => adminRules.get(model.adminPolicies[i]!)![direction]);
    const npList = (direction === 'ingress' ? npIn : npEg)[subject]!;
    const nps = npList.map((i) => npRules.get(i)![direction]);
    const banps =
      npList.length === 0
        ? banpOf[subject]!.map((i) => adminRules.get(model.baselinePolicies[i]!)![direction])
        : [];
    if (anpOf[subject]!.length === 0 && npList.length === 0 && banps.length === 0) return null;
    const adminRulesList = anps.flat();
    const npRulesList = nps.flat();
    const banpRulesList = banps.flat();
    const hasAdmin = anpOf[subject]!.length > 0;
    const hasNp = npList.length > 0;
    const hasBase = banps.length > 0;

    const explicitSlots = new Set<number>();
    let allNamed = false;
    for (const r of [...adminRulesList, ...npRulesList, ...banpRulesList]) {
      if (r.slots === 'all') {
        if (r.named) allNamed = true;
      } else for (const s of r.slots) explicitSlots.add(s);
    }
    // Named ports: on ingress they resolve on the subject, on egress on each peer.
    const subjectKey = portsKey[subject]!;
    const keyOfSlot = (slot: number): number =>
      direction === 'ingress' ? subjectKey : slot < C ? portsKey[slot]! : 0;

    /** Folds every rule that matches `slot` (or, for slot -1, only the rules matching every peer). */
    const valueAt = (slot: number, key: number): number => {
      const matches = (r: Rule) =>
        r.slots === 'all' || (slot >= 0 && binaryHas(r.slots as Int32Array, slot, sortedCache));
      let admin: FirstMatchState<number> | undefined;
      if (hasAdmin) {
        admin = newState();
        for (const r of adminRulesList)
          if (matches(r)) applyFirstMatch(alg, admin, r.action, rulePorts(r, key));
      }
      let np: number | undefined;
      if (hasNp) {
        np = 0;
        for (const r of npRulesList) if (matches(r)) np = alg.union(np, rulePorts(r, key));
      }
      let base: FirstMatchState<number> | undefined;
      if (hasBase) {
        base = newState();
        for (const r of banpRulesList)
          if (matches(r)) applyFirstMatch(alg, base, r.action, rulePorts(r, key));
      }
      return combineTiers(alg, admin, np, base).allowed;
    };

    const explicit = new Map<number, number>();
    for (const s of explicitSlots) explicit.set(s, valueAt(s, keyOfSlot(s)));
    const portsDependent = direction === 'egress' && allNamed;
    const fallbacks = new Map<number, number>();
    const fallback = (key: number): number => {
      const k = portsDependent ? key : direction === 'ingress' ? subjectKey : 0;
      let v = fallbacks.get(k);
      if (v === undefined) {
        v = valueAt(-1, k);
        fallbacks.set(k, v);
      }
      return v;
    };
    return { explicit, fallback, portsDependent };
  };

  // Sorted copies of slot lists for membership tests (mergeSlots may leave them unsorted).
  const sortedCache = new WeakMap<Int32Array, Int32Array>();

  const vectors = (direction: Direction): { vec: Array<SparseVector | null>; sig: Int32Array } => {
    const cache = new Map<string, number>();
    const list: Array<SparseVector | null> = [];
    const sig = new Int32Array(C);
    for (let c = 0; c < C; c++) {
      if (!isSelectable(classes[c]!, profile)) {
        sig[c] = -1;
        continue;
      }
      const nps = direction === 'ingress' ? npIn[c]! : npEg[c]!;
      const banps = nps.length === 0 ? banpOf[c]! : [];
      const anps = anpOf[c]!;
      let named = false;
      if (direction === 'ingress') {
        for (const i of nps) for (const r of npRules.get(i)!.ingress) named ||= r.named;
        for (const i of anps)
          for (const r of adminRules.get(model.adminPolicies[i]!)!.ingress) named ||= r.named;
        for (const i of banps)
          for (const r of adminRules.get(model.baselinePolicies[i]!)!.ingress) named ||= r.named;
      }
      const key = `${anps.join(',')}|${nps.join(',')}|${banps.join(',')}|${named ? portsKey[c] : 0}`;
      let id = cache.get(key);
      if (id === undefined) {
        const v = computeVector(direction, c);
        id = v === null ? -1 : list.length;
        if (v !== null) list.push(v);
        cache.set(key, id);
      }
      sig[c] = id;
    }
    return { vec: list, sig };
  };
  const ingress = vectors('ingress');
  const egress = vectors('egress');

  const egressValue = (s: number, slot: number, key: number): number => {
    const id = egress.sig[s]!;
    if (id < 0) return ConnTable.ALL;
    const v = egress.vec[id]!;
    return v.explicit.get(slot) ?? v.fallback(key);
  };
  const ingressValue = (d: number, slot: number): number => {
    const id = ingress.sig[d]!;
    if (id < 0) return ConnTable.ALL;
    const v = ingress.vec[id]!;
    return v.explicit.get(slot) ?? v.fallback(0);
  };

  const connId = (s: number, d: number): number =>
    alg.intersect(egressValue(s, d, portsKey[d]!), ingressValue(d, s));

  let succ: Uint32Array[] | undefined;
  const successors = (): Uint32Array[] => {
    if (succ) return succ;
    const words = (C + 31) >>> 5;
    const rows: Uint32Array[] = new Array(C);
    // Ingress verdicts at every class for a fixed source slot: the signature defaults,
    // then the explicit entries of the signatures that list that source.
    const defaultIn = new Int32Array(C);
    const sigMembers: number[][] = ingress.vec.map(() => []);
    for (let d = 0; d < C; d++) {
      const id = ingress.sig[d]!;
      if (id < 0) defaultIn[d] = ConnTable.ALL;
      else {
        defaultIn[d] = ingress.vec[id]!.fallback(0);
        sigMembers[id]!.push(d);
      }
    }
    const listing: Array<Array<[number, number]>> = Array.from({ length: C }, () => []);
    ingress.vec.forEach((v, id) => {
      for (const [slot, value] of v!.explicit) if (slot < C) listing[slot]!.push([id, value]);
    });
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
    // Classes with the same egress signature share a row: visit them together.
    const order = Array.from({ length: C }, (_, i) => i).sort(
      (a, b) => egress.sig[a]! - egress.sig[b]! || a - b,
    );
    let rowSig = -2;
    for (const s of order) {
      const id = egress.sig[s]!;
      if (id !== rowSig || (id >= 0 && egress.vec[id]!.portsDependent)) {
        rowSig = id;
        if (id < 0) row.fill(ConnTable.ALL);
        else {
          const v = egress.vec[id]!;
          if (v.portsDependent) for (let d = 0; d < C; d++) row[d] = v.fallback(portsKey[d]!);
          else row.fill(v.fallback(0));
          for (const [slot, value] of v.explicit) if (slot < C) row[slot] = value;
        }
        rowAll.fill(0);
        rowSome.fill(0);
        for (let d = 0; d < C; d++) {
          const e = row[d]!;
          if (e === ConnTable.ALL) setBit(rowAll, d);
          if (e !== ConnTable.EMPTY) setBit(rowSome, d);
        }
      }
      colAll.set(defInAll);
      colSome.set(defInSome);
      const touched: number[] = [];
      for (const [sigId, value] of listing[s]!)
        for (const d of sigMembers[sigId]!) {
          col[d] = value;
          touched.push(d);
          if (value === ConnTable.ALL) setBit(colAll, d);
          else clearBit(colAll, d);
          if (value !== ConnTable.EMPTY) setBit(colSome, d);
          else clearBit(colSome, d);
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
          if (e === i || alg.intersect(e, i) !== ConnTable.EMPTY) out |= low;
        }
        bits[w] = out >>> 0;
      }
      rows[s] = bits;
      for (const d of touched) col[d] = defaultIn[d]!;
    }
    succ = rows;
    return succ;
  };

  return {
    model,
    table,
    classes,
    classOf,
    members,
    connId,
    fromSourceAtom: (k, d) => ingressValue(d, C + k),
    toDestinationAtom: (s, k) => egressValue(s, C + k, 0),
    successors,
    signature: (direction, c) => (direction === 'ingress' ? ingress : egress).sig[c]!,
  };
}

function setBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] = bits[i >>> 5]! | (1 << (i & 31));
}
function clearBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] = bits[i >>> 5]! & ~(1 << (i & 31));
}

function binaryHas(list: Int32Array, v: number, cache: WeakMap<Int32Array, Int32Array>): boolean {
  let sorted = cache.get(list);
  if (!sorted) {
    sorted = Int32Array.from(list).sort();
    cache.set(list, sorted);
  }
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1;
    const x = sorted[m]!;
    if (x === v) return true;
    if (x < v) lo = m + 1;
    else hi = m - 1;
  }
  return false;
}
