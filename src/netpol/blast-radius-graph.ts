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

/**
 * A verdict vector over peer slots. Dense (one value per slot) when narrower rules match
 * many slots; otherwise the slots some narrower rule matches, sorted, with their values,
 * and every other slot gets `fallback(ports key of the slot)`.
 */
interface SparseVector {
  readonly dense: Int32Array | null;
  readonly slots: Int32Array;
  readonly values: Int32Array;
  /**
   * Values shared with other vectors (what the admin tiers and the NetworkPolicy rules
   * that match every peer decide), under `slots`/`values`, which then hold only what
   * this vector's narrower NetworkPolicy rules change.
   */
  readonly shared?: Layer;
  /** Value of a slot no narrower rule matches; depends on the slot's ports only for egress named ports. */
  fallback(portsKey: number): number;
  /** True when fallback depends on the ports key. */
  readonly portsDependent: boolean;
}

/** A vector part several vectors share: dense, or sorted slots with values; `fallback` elsewhere. */
interface Layer {
  readonly dense: Int32Array | null;
  readonly slots: Int32Array;
  readonly values: Int32Array;
  readonly fallback: number;
}

function search(slots: Int32Array, values: Int32Array, slot: number): number {
  let lo = 0;
  let hi = slots.length - 1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1;
    const x = slots[m]!;
    if (x === slot) return values[m]!;
    if (x < slot) lo = m + 1;
    else hi = m - 1;
  }
  return -1;
}

/** A layer's value at a slot, or -1 for its fallback. */
function layerValue(l: Layer, slot: number): number {
  return l.dense ? l.dense[slot]! : search(l.slots, l.values, slot);
}

/** The value of a slot, or -1 when the slot takes the fallback. */
function explicitValue(v: SparseVector, slot: number): number {
  if (v.dense) return v.dense[slot]!;
  const own = search(v.slots, v.values, slot);
  if (own >= 0 || !v.shared) return own;
  return layerValue(v.shared, slot);
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
  const slotCount: Record<Direction, number> = {
    ingress: C + S + 1,
    egress: C + model.destinationAtoms.length,
  };
  // Scratch: the local position of each explicit slot (-1: none), reused between vectors.
  const position = new Int32Array(Math.max(slotCount.ingress, slotCount.egress)).fill(-1);
  // Admin and baseline folds, and the layers built from them, are shared by every
  // vector with the same admin policies (and NetworkPolicy rules matching every peer).
  interface FoldPart {
    readonly slots: Int32Array;
    readonly allow: Int32Array;
    readonly deny: Int32Array;
    readonly fb: FirstMatchState<number>;
  }
  const foldCache = new Map<string, FoldPart>();
  const foldPart = (
    cacheKey: string,
    rules: readonly Rule[],
    direction: Direction,
    key: number,
  ): FoldPart => {
    const hit = foldCache.get(cacheKey);
    if (hit) return hit;
    const slotsOf = new Set<number>();
    for (const r of rules) if (r.slots !== 'all') for (const x of r.slots) slotsOf.add(x);
    const slots = Int32Array.from(slotsOf).sort();
    const n = slots.length;
    const pos = new Map<number, number>();
    slots.forEach((x, i) => pos.set(x, i));
    const allow = new Int32Array(n);
    const deny = new Int32Array(n);
    const pass = new Int32Array(n);
    const fb: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    const cell: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    const keyOf = (slot: number) => (direction === 'ingress' ? key : slot < C ? portsKey[slot]! : 0);
    const at = (i: number, r: Rule) => {
      cell.allow = allow[i]!;
      cell.deny = deny[i]!;
      cell.pass = pass[i]!;
      applyFirstMatch(alg, cell, r.action, rulePorts(r, keyOf(slots[i]!)));
      allow[i] = cell.allow;
      deny[i] = cell.deny;
      pass[i] = cell.pass;
    };
    for (const r of rules) {
      if (r.slots === 'all') {
        applyFirstMatch(alg, fb, r.action, rulePorts(r, direction === 'ingress' ? key : 0));
        for (let i = 0; i < n; i++) at(i, r);
      } else for (const x of r.slots) at(pos.get(x)!, r);
    }
    const part = { slots, allow, deny, fb };
    foldCache.set(cacheKey, part);
    return part;
  };
  const partAt = (p: FoldPart, slot: number, out: FirstMatchState<number>) => {
    let lo = 0;
    let hi = p.slots.length - 1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      const x = p.slots[m]!;
      if (x === slot) {
        out.allow = p.allow[m]!;
        out.deny = p.deny[m]!;
        return;
      }
      if (x < slot) lo = m + 1;
      else hi = m - 1;
    }
    out.allow = p.fb.allow;
    out.deny = p.fb.deny;
  };
  const layerCache = new Map<string, Layer>();
  const sharedVector = (
    direction: Direction,
    subject: number,
    s: {
      anpKey: string;
      banpKey: string;
      adminList: readonly Rule[];
      npRules: readonly Rule[];
      baseList: readonly Rule[];
      hasAdmin: boolean;
      hasNp: boolean;
      hasBase: boolean;
    },
  ): SparseVector => {
    const P = slotCount[direction];
    const anyNamed = [s.adminList, s.npRules, s.baseList].some((l) => l.some((r) => r.named));
    // Ingress named ports resolve on the subject; egress ones on each peer (per slot).
    const key = direction === 'ingress' && anyNamed ? portsKey[subject]! : 0;
    const keyOf = (slot: number) => (direction === 'ingress' ? key : slot < C ? portsKey[slot]! : 0);
    const admin = s.hasAdmin
      ? foldPart(`a|${direction}|${s.anpKey}|${key}`, s.adminList, direction, key)
      : undefined;
    const base = s.hasBase
      ? foldPart(`b|${direction}|${s.banpKey}|${key}`, s.baseList, direction, key)
      : undefined;
    let npAll: number | undefined;
    if (s.hasNp) {
      npAll = 0;
      for (const r of s.npRules) if (r.slots === 'all') npAll = alg.union(npAll, rulePorts(r, key));
    }
    const a: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    const b: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    const value = (slot: number, np: number | undefined): number => {
      if (admin) partAt(admin, slot, a);
      if (base) partAt(base, slot, b);
      return combineTiers(alg, admin ? a : undefined, np, base ? b : undefined).allowed;
    };
    const layerKey = `${direction}|${s.anpKey}|${s.banpKey}|${s.hasNp ? npAll : '-'}|${key}`;
    let layer = layerCache.get(layerKey);
    if (!layer) {
      const union = new Set<number>();
      for (const p of [admin, base]) if (p) for (const x of p.slots) union.add(x);
      const slots = Int32Array.from(union).sort();
      const values = Int32Array.from(slots, (x) => value(x, npAll));
      const fallback = value(-1, npAll);
      if (slots.length * 4 > P) {
        const dense = new Int32Array(P).fill(fallback);
        slots.forEach((x, i) => {
          dense[x] = values[i]!;
        });
        layer = { dense, slots: EMPTY_SLOTS, values: EMPTY_SLOTS, fallback };
      } else layer = { dense: null, slots, values, fallback };
      layerCache.set(layerKey, layer);
    }
    // What this vector's narrower NetworkPolicy rules add.
    const npNarrow = new Map<number, number>();
    for (const r of s.npRules) {
      if (r.slots === 'all') continue;
      for (const x of r.slots) npNarrow.set(x, alg.union(npNarrow.get(x) ?? 0, rulePorts(r, keyOf(x))));
    }
    const own = [...npNarrow.keys()].sort((x, y) => x - y);
    const fallback = layer.fallback;
    return {
      dense: null,
      slots: Int32Array.from(own),
      values: Int32Array.from(own, (x) => value(x, alg.union(npAll ?? 0, npNarrow.get(x)!))),
      shared: layer,
      fallback: () => fallback,
      portsDependent: false,
    };
  };

  const computeVector = (direction: Direction, subject: number): SparseVector | null => {
    const anps = anpOf[subject]!.map((i) => adminRules.get(model.adminPolicies[i]!)![direction]);
    const npList = (direction === 'ingress' ? npIn : npEg)[subject]!;
    const nps = npList.map((i) => npRules.get(i)![direction]);
    const banps =
      npList.length === 0
        ? banpOf[subject]!.map((i) => adminRules.get(model.baselinePolicies[i]!)![direction])
        : [];
    if (anpOf[subject]!.length === 0 && npList.length === 0 && banps.length === 0) return null;
    const adminList = anps.flat();
    const npListRules = nps.flat();
    const baseList = banps.flat();
    const hasAdmin = anpOf[subject]!.length > 0;
    const hasNp = npList.length > 0;
    const hasBase = banps.length > 0;
    const P = slotCount[direction];
    const namedAll = [adminList, npListRules, baseList].some((l) =>
      l.some((r) => r.slots === 'all' && r.named),
    );
    if (!(direction === 'egress' && namedAll))
      return sharedVector(direction, subject, {
        anpKey: anpOf[subject]!.join(','),
        banpKey: hasBase ? banpOf[subject]!.join(',') : '',
        adminList,
        npRules: npListRules,
        baseList,
        hasAdmin,
        hasNp,
        hasBase,
      });

    // The slots narrower rules match, each with a local position.
    const explicit: number[] = [];
    let allNamed = false;
    for (const list of [adminList, npListRules, baseList])
      for (const r of list) {
        if (r.slots === 'all') {
          if (r.named) allNamed = true;
          continue;
        }
        for (const slot of r.slots)
          if (position[slot] === -1) {
            position[slot] = explicit.length;
            explicit.push(slot);
          }
      }
    const n = explicit.length;
    // Only egress vectors get here (named ports resolve on each peer).
    const keyOfSlot = (slot: number): number => (slot < C ? portsKey[slot]! : 0);

    // Fold every rule over the explicit slots at once (as connectivity.ts does densely).
    const fold = (rules: readonly Rule[]) => {
      const allow = new Int32Array(n);
      const deny = new Int32Array(n);
      const pass = new Int32Array(n);
      const cell: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
      const at = (i: number, r: Rule) => {
        cell.allow = allow[i]!;
        cell.deny = deny[i]!;
        cell.pass = pass[i]!;
        applyFirstMatch(alg, cell, r.action, rulePorts(r, keyOfSlot(explicit[i]!)));
        allow[i] = cell.allow;
        deny[i] = cell.deny;
        pass[i] = cell.pass;
      };
      for (const r of rules) {
        if (r.slots === 'all') for (let i = 0; i < n; i++) at(i, r);
        else for (const slot of r.slots) at(position[slot]!, r);
      }
      return { allow, deny };
    };
    const admin = hasAdmin ? fold(adminList) : undefined;
    const base = hasBase ? fold(baseList) : undefined;
    let np: Int32Array | undefined;
    if (hasNp) {
      np = new Int32Array(n);
      for (const r of npListRules) {
        if (r.slots === 'all')
          for (let i = 0; i < n; i++) np[i] = alg.union(np[i]!, rulePorts(r, keyOfSlot(explicit[i]!)));
        else
          for (const slot of r.slots) {
            const i = position[slot]!;
            np[i] = alg.union(np[i]!, rulePorts(r, keyOfSlot(slot)));
          }
      }
    }
    const a: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    const b: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    const combined = (i: number): number => {
      if (admin) {
        a.allow = admin.allow[i]!;
        a.deny = admin.deny[i]!;
      }
      if (base) b.deny = base.deny[i]!;
      return combineTiers(alg, admin ? a : undefined, np ? np[i]! : undefined, base ? b : undefined).allowed;
    };
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) values[i] = combined(i);
    for (const slot of explicit) position[slot] = -1;

    // Slots no narrower rule matches: the rules that match every peer only.
    const allOnly = (list: readonly Rule[]) => list.filter((r) => r.slots === 'all');
    const adminAll = allOnly(adminList);
    const npAll = allOnly(npListRules);
    const baseAll = allOnly(baseList);
    const portsDependent = direction === 'egress' && allNamed;
    const fallbacks = new Map<number, number>();
    const fallback = (key: number): number => {
      const k = portsDependent ? key : 0;
      let v = fallbacks.get(k);
      if (v === undefined) {
        let ad: FirstMatchState<number> | undefined;
        if (hasAdmin) {
          ad = { allow: 0, deny: 0, pass: 0 };
          for (const r of adminAll) applyFirstMatch(alg, ad, r.action, rulePorts(r, k));
        }
        let npv: number | undefined;
        if (hasNp) {
          npv = 0;
          for (const r of npAll) npv = alg.union(npv, rulePorts(r, k));
        }
        let bs: FirstMatchState<number> | undefined;
        if (hasBase) {
          bs = { allow: 0, deny: 0, pass: 0 };
          for (const r of baseAll) applyFirstMatch(alg, bs, r.action, rulePorts(r, k));
        }
        v = combineTiers(alg, ad, npv, bs).allowed;
        fallbacks.set(k, v);
      }
      return v;
    };

    if (n * 4 > P) {
      const dense = new Int32Array(P);
      for (let slot = 0; slot < P; slot++) dense[slot] = fallback(slot < C ? portsKey[slot]! : 0);
      for (let i = 0; i < n; i++) dense[explicit[i]!] = values[i]!;
      return { dense, slots: EMPTY_SLOTS, values: EMPTY_SLOTS, fallback, portsDependent };
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => explicit[x]! - explicit[y]!);
    return {
      dense: null,
      slots: Int32Array.from(order, (i) => explicit[i]!),
      values: Int32Array.from(order, (i) => values[i]!),
      fallback,
      portsDependent,
    };
  };

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
    const x = explicitValue(v, slot);
    return x >= 0 ? x : v.fallback(key);
  };
  const ingressValue = (d: number, slot: number): number => {
    const id = ingress.sig[d]!;
    if (id < 0) return ConnTable.ALL;
    const v = ingress.vec[id]!;
    const x = explicitValue(v, slot);
    return x >= 0 ? x : v.fallback(0);
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
    // Dense vectors are read directly, per source; sparse ones through a transposed listing.
    const defaultIn = new Int32Array(C);
    const sigMembers: number[][] = ingress.vec.map(() => []);
    const denseIn: Array<{ d: number; values: Int32Array }> = [];
    for (let d = 0; d < C; d++) {
      const id = ingress.sig[d]!;
      if (id < 0) defaultIn[d] = ConnTable.ALL;
      else {
        const v = ingress.vec[id]!;
        if (v.dense) denseIn.push({ d, values: v.dense });
        else sigMembers[id]!.push(d);
        defaultIn[d] = v.fallback(0);
      }
    }
    const listing: Array<Array<[number, number]>> = Array.from({ length: C }, () => []);
    ingress.vec.forEach((v, id) => {
      if (!v || v.dense) return;
      for (let i = 0; i < v.slots.length; i++) {
        const slot = v.slots[i]!;
        if (slot < C) listing[slot]!.push([id, v.values[i]!]);
      }
    });
    // Shared layers: the classes whose vectors use each, and for sparse layers a listing too.
    const layers = new Map<Layer, number[]>();
    for (let d = 0; d < C; d++) {
      const id = ingress.sig[d]!;
      const layer = id >= 0 ? ingress.vec[id]!.shared : undefined;
      if (!layer) continue;
      const list = layers.get(layer);
      if (list) list.push(d);
      else layers.set(layer, [d]);
    }
    const denseLayers: Array<{ layer: Layer; members: number[] }> = [];
    const layerListing: Array<Array<[number[], number]>> = Array.from({ length: C }, () => []);
    for (const [layer, members] of layers) {
      if (layer.dense) denseLayers.push({ layer, members });
      else
        for (let i = 0; i < layer.slots.length; i++)
          if (layer.slots[i]! < C) layerListing[layer.slots[i]!]!.push([members, layer.values[i]!]);
    }
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
          if (v.dense) row.set(v.dense.subarray(0, C));
          else {
            if (v.portsDependent) for (let d = 0; d < C; d++) row[d] = v.fallback(portsKey[d]!);
            else row.fill(v.fallback(0));
            const sh = v.shared;
            if (sh?.dense) row.set(sh.dense.subarray(0, C));
            else if (sh)
              for (let i = 0; i < sh.slots.length; i++)
                if (sh.slots[i]! < C) row[sh.slots[i]!] = sh.values[i]!;
            for (let i = 0; i < v.slots.length; i++) if (v.slots[i]! < C) row[v.slots[i]!] = v.values[i]!;
          }
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
      const set = (d: number, value: number) => {
        col[d] = value;
        touched.push(d);
        if (value === ConnTable.ALL) setBit(colAll, d);
        else clearBit(colAll, d);
        if (value !== ConnTable.EMPTY) setBit(colSome, d);
        else clearBit(colSome, d);
      };
      // Shared layers first, then what each vector's own rules change.
      for (const { layer, members } of denseLayers) {
        const value = layer.dense![s]!;
        if (value !== layer.fallback) for (const d of members) set(d, value);
      }
      for (const [members, value] of layerListing[s]!) for (const d of members) set(d, value);
      for (const [sigId, value] of listing[s]!) for (const d of sigMembers[sigId]!) set(d, value);
      for (const { d, values } of denseIn) if (values[s] !== defaultIn[d]) set(d, values[s]!);
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

const EMPTY_SLOTS = new Int32Array(0);
