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
 * - the same classes (classes.ts: namespace, labels, container ports, host networking,
 *   IPs when ipBlocks match pods), the same match sets (match-sets.ts) and the same
 *   per-direction "policy signatures";
 * - a verdict vector over peer slots (classes, then external atoms, then on ingress the
 *   ingress controller) is folded from the same compiled rules with the same tier
 *   functions (tiers.ts) and port resolution (port-spec.ts);
 * - but a vector is stored sparsely (verdict-vectors.ts): a layer shared by the vectors
 *   with the same admin policies and NetworkPolicy rules that match every peer, plus the
 *   slots some narrower rule matches, so a policy that allows a few peers costs a few
 *   entries, not one per class; and equal vectors are one object.
 *
 * What the graph keeps is only the classes and the vectors: the build's caches (match
 * sets, compiled rules, folds) are dropped with the builder. Edges are computed lazily,
 * one bitset row per distinct row (class-rows.ts).
 */
import type { AdminAction, AdminRule, CompiledAdminPolicy } from './admin-policy.js';
import { successorRows } from './class-rows.js';
import { classesOf } from './classes.js';
import { MatchSets, mergeSlots, NO_SLOTS } from './match-sets.js';
import { isSelectable, type NetpolModel } from './model.js';
import type { CompiledNetworkPolicy, Direction, NpRule } from './network-policy.js';
import { hasNamedPorts, type PortList, resolvePorts } from './port-spec.js';
import { ConnTable, idAlgebra } from './ports.js';
import { applyFirstMatch, combineTiers, type FirstMatchState } from './tiers.js';
import { explicitValue, type Layer, NO_ENTRIES, pairs, SparseVector, VectorPool } from './verdict-vectors.js';
import type { WorkloadPeer } from './workloads.js';

export interface ClassGraph {
  readonly model: NetpolModel;
  readonly table: ConnTable;
  /** One representative workload per class. */
  readonly classes: readonly WorkloadPeer[];
  /** Class of each workload (by workload index). */
  readonly classOf: Int32Array;
  /** Workload indices of class c: memberList[memberStart[c] .. memberStart[c + 1]), ascending. */
  readonly memberStart: Int32Array;
  readonly memberList: Int32Array;
  /** Connection id allowed from any workload of class s to any of class d. */
  connId(s: number, d: number): number;
  /** Connection id allowed from source atom k (model.sourceAtoms[k]) to class d. */
  fromSourceAtom(k: number, d: number): number;
  /** Connection id allowed from class s to destination atom k (model.destinationAtoms[k]). */
  toDestinationAtom(s: number, k: number): number;
  /**
   * Successor bitsets, one per class, C bits each (bit d of row s: s reaches d). Computed
   * once, lazily; classes with equal rows share one array.
   */
  successors(): readonly Uint32Array[];
  /**
   * The class's policy signature for a direction: classes with the same signature are
   * decided by the same policies alike; -1 when no policy applies (everything allowed).
   */
  signature(direction: Direction, c: number): number;
  /**
   * The policies that decide `direction` at class c (what evaluate.ts would consult): the
   * AdminNetworkPolicies selecting it, the NetworkPolicies isolating it, and the
   * BaselineAdminNetworkPolicies selecting it when no NetworkPolicy isolates it.
   */
  policiesOf(direction: Direction, c: number): DirectionPolicies;
}

export interface DirectionPolicies {
  readonly admin: readonly CompiledAdminPolicy[];
  readonly networkPolicies: readonly CompiledNetworkPolicy[];
  readonly baseline: readonly CompiledAdminPolicy[];
}

/** The verdicts of one direction: a policy signature per class, a vector per signature. */
export interface DirectionVectors {
  /** Signature of each class (-1: no policy applies). */
  readonly sig: Int32Array;
  /** Vector of each signature (equal vectors are one object). */
  readonly vec: readonly SparseVector[];
}

/** What class-rows.ts reads. */
export interface GraphParts {
  readonly C: number;
  readonly table: ConnTable;
  readonly portsKey: Int32Array;
  readonly ingress: DirectionVectors;
  readonly egress: DirectionVectors;
}

interface Rule {
  readonly ports: PortList;
  readonly named: boolean;
  readonly slots: Int32Array | 'all';
  readonly action: AdminAction;
  /** Interned ports of the rule per destination ports key (key 0 for a rule without named ports). */
  readonly portsIds: Map<number, number>;
}

const NO_INDICES: readonly number[] = Object.freeze([]) as readonly number[];

class Graph implements ClassGraph, GraphParts {
  private rows: Uint32Array[] | undefined;
  readonly C: number;
  readonly classes: readonly WorkloadPeer[];
  readonly classOf: Int32Array;
  readonly memberStart: Int32Array;
  readonly memberList: Int32Array;
  readonly portsKey: Int32Array;

  constructor(
    readonly model: NetpolModel,
    readonly table: ConnTable,
    k: ReturnType<typeof classesOf>,
    readonly ingress: DirectionVectors,
    readonly egress: DirectionVectors,
    private readonly policyLists: PolicyLists,
  ) {
    this.C = k.classes.length;
    this.classes = k.classes;
    this.classOf = k.classOf;
    this.memberStart = k.memberStart;
    this.memberList = k.memberList;
    this.portsKey = k.portsKey;
  }

  private egressValue(s: number, slot: number, key: number): number {
    const id = this.egress.sig[s]!;
    if (id < 0) return ConnTable.ALL;
    const v = this.egress.vec[id]!;
    const x = explicitValue(v, slot);
    return x >= 0 ? x : v.fallback(key);
  }

  private ingressValue(d: number, slot: number): number {
    const id = this.ingress.sig[d]!;
    if (id < 0) return ConnTable.ALL;
    const v = this.ingress.vec[id]!;
    const x = explicitValue(v, slot);
    return x >= 0 ? x : v.fallback(0);
  }

  connId(s: number, d: number): number {
    return this.table.intersect(this.egressValue(s, d, this.portsKey[d]!), this.ingressValue(d, s));
  }

  fromSourceAtom(k: number, d: number): number {
    return this.ingressValue(d, this.C + k);
  }

  toDestinationAtom(s: number, k: number): number {
    return this.egressValue(s, this.C + k, 0);
  }

  successors(): readonly Uint32Array[] {
    this.rows ??= successorRows(this);
    return this.rows;
  }

  signature(direction: Direction, c: number): number {
    return (direction === 'ingress' ? this.ingress : this.egress).sig[c]!;
  }

  policiesOf(direction: Direction, c: number): DirectionPolicies {
    const { model } = this;
    const l = this.policyLists;
    const selectable = isSelectable(this.classes[c]!, model.profile);
    const nps = selectable ? ((direction === 'ingress' ? l.npIn : l.npEg)[c] ?? NO_INDICES) : NO_INDICES;
    const anps = selectable ? (l.anpOf[c] ?? NO_INDICES) : NO_INDICES;
    const banps = selectable && nps.length === 0 ? (l.banpOf[c] ?? NO_INDICES) : NO_INDICES;
    return {
      admin: anps.map((i) => model.adminPolicies[i]!),
      networkPolicies: nps.map((i) => model.networkPolicies[i]!),
      baseline: banps.map((i) => model.baselinePolicies[i]!),
    };
  }
}

/** Which policies select each class (policy indices, ascending; undefined: none). */
interface PolicyLists {
  readonly anpOf: Array<number[] | undefined>;
  readonly banpOf: Array<number[] | undefined>;
  readonly npIn: Array<number[] | undefined>;
  readonly npEg: Array<number[] | undefined>;
}

/** Ports of a rule towards a destination with ports key `key` (0: an IP), interned and memoized on the rule. */
function rulePorts(
  table: ConnTable,
  portsOfKey: ReturnType<typeof classesOf>['portsOfKey'],
  rule: Rule,
  key: number,
): number {
  const k = rule.named ? key : 0;
  let id = rule.portsIds.get(k);
  if (id === undefined) {
    id = table.id(resolvePorts(rule.ports, rule.named && k > 0 ? portsOfKey[k]! : null));
    rule.portsIds.set(k, id);
  }
  return id;
}

function push(lists: Array<number[] | undefined>, c: number, i: number): void {
  const l = lists[c];
  if (l) l.push(i);
  else lists[c] = [i];
}

export function buildClassGraph(model: NetpolModel): ClassGraph {
  const table = new ConnTable();
  const k = classesOf(model.workloads, model.profile.ipBlocksMatchPods);
  const builder = new VectorBuilder(model, table, k);
  return new Graph(
    model,
    table,
    k,
    builder.vectors('ingress'),
    builder.vectors('egress'),
    builder.policyLists,
  );
}

/** Builds the vectors; its caches die with it. */
class VectorBuilder {
  private readonly table: ConnTable;
  private readonly alg: ReturnType<typeof idAlgebra>;
  private readonly C: number;
  private readonly classes: readonly WorkloadPeer[];
  private readonly portsKey: Int32Array;
  private readonly portsOfKey: ReturnType<typeof classesOf>['portsOfKey'];
  private readonly slotCount: Record<Direction, number>;
  private readonly matches: MatchSets;
  readonly policyLists: PolicyLists;
  /** Compiled rules per NetworkPolicy index and per admin policy (ANPs, then BANPs), per direction. */
  private readonly npRules: Array<{ ingress: Rule[]; egress: Rule[] }>;
  private readonly adminRules = new Map<CompiledAdminPolicy, { ingress: Rule[]; egress: Rule[] }>();
  /** Whether a NetworkPolicy / admin policy has an ingress rule with named ports. */
  private readonly npNamedIn: boolean[];
  private readonly pool = new VectorPool();
  // Scratch: the local position of each explicit slot (-1: none), reused between vectors.
  private readonly position: Int32Array;
  private readonly foldCache = new Map<string, FoldPart>();
  private readonly layerCache = new Map<string, Layer>();

  constructor(
    private readonly model: NetpolModel,
    table: ConnTable,
    k: ReturnType<typeof classesOf>,
  ) {
    this.alg = idAlgebra(table);
    this.table = table;
    this.C = k.classes.length;
    this.classes = k.classes;
    this.portsKey = k.portsKey;
    this.portsOfKey = k.portsOfKey;
    this.slotCount = {
      ingress: this.C + model.sourceAtoms.length + 1,
      egress: this.C + model.destinationAtoms.length,
    };
    this.position = new Int32Array(Math.max(this.slotCount.ingress, this.slotCount.egress)).fill(-1);
    this.matches = new MatchSets(model, k);

    // Rules, compiled once per distinct rule object (policies compiled together share them).
    const npRuleCache = new Map<NpRule, Rule>();
    const npRuleLists = new Map<readonly NpRule[], Rule[]>();
    const compileNp = (rules: readonly NpRule[], direction: Direction): Rule[] => {
      let list = npRuleLists.get(rules);
      if (list) return list;
      list = rules.map((r) => {
        let rule = npRuleCache.get(r);
        if (!rule) {
          rule = this.rule(
            r.ports,
            r.peers === null
              ? 'all'
              : mergeSlots(
                  r.peers.map((p) =>
                    p.kind === 'pods'
                      ? this.matches.selection(p.selection, direction)
                      : p.kind === 'ipBlock'
                        ? this.matches.ipSet(p.set, direction)
                        : NO_SLOTS,
                  ),
                ),
            'Allow',
          );
          npRuleCache.set(r, rule);
        }
        return rule;
      });
      npRuleLists.set(rules, list);
      return list;
    };
    this.npRules = model.networkPolicies.map((np) => ({
      ingress: compileNp(np.ingress, 'ingress'),
      egress: compileNp(np.egress, 'egress'),
    }));
    this.npNamedIn = this.npRules.map((r) => r.ingress.some((x) => x.named));
    for (const p of [...model.adminPolicies, ...model.baselinePolicies]) {
      const compile = (rules: readonly AdminRule[], direction: Direction) =>
        rules.map((r) =>
          this.rule(
            r.ports,
            mergeSlots(
              r.peers.map((peer) =>
                peer.kind === 'pods'
                  ? this.matches.selection(peer.selection, direction)
                  : peer.kind === 'networks'
                    ? this.matches.ipSet(peer.set, direction)
                    : NO_SLOTS,
              ),
            ),
            r.action,
          ),
        );
      this.adminRules.set(p, { ingress: compile(p.ingress, 'ingress'), egress: compile(p.egress, 'egress') });
    }

    // Which policies select each class.
    const lists: PolicyLists = {
      anpOf: new Array(this.C),
      banpOf: new Array(this.C),
      npIn: new Array(this.C),
      npEg: new Array(this.C),
    };
    model.adminPolicies.forEach((p, i) => {
      for (const c of this.matches.selection(p.subject, 'egress')) push(lists.anpOf, c, i);
    });
    model.baselinePolicies.forEach((p, i) => {
      for (const c of this.matches.selection(p.subject, 'egress')) push(lists.banpOf, c, i);
    });
    model.networkPolicies.forEach((np, i) => {
      if (!np.isolatesIngress && !np.isolatesEgress) return;
      for (const c of this.matches.classesIn(np.namespace, np.podSelector)) {
        if (np.isolatesIngress) push(lists.npIn, c, i);
        if (np.isolatesEgress) push(lists.npEg, c, i);
      }
    });
    this.policyLists = lists;
  }

  private rule(ports: PortList, slots: Int32Array | 'all', action: AdminAction): Rule {
    return { ports, named: hasNamedPorts(ports), slots, action, portsIds: new Map() };
  }

  private rulePorts(rule: Rule, key: number): number {
    return rulePorts(this.table, this.portsOfKey, rule, key);
  }

  private adminOf(p: CompiledAdminPolicy, direction: Direction): Rule[] {
    return this.adminRules.get(p)![direction];
  }

  /** The vectors of one direction: each class's signature, each signature's vector. */
  vectors(direction: Direction): DirectionVectors {
    const { C, model, policyLists: l } = this;
    const cache = new Map<string, number>();
    const singles = new Map<number, number>();
    const vec: SparseVector[] = [];
    const sig = new Int32Array(C);
    const npOf = direction === 'ingress' ? l.npIn : l.npEg;
    for (let c = 0; c < C; c++) {
      const nps = npOf[c] ?? NO_INDICES;
      const anps = l.anpOf[c] ?? NO_INDICES;
      const banps = nps.length === 0 ? (l.banpOf[c] ?? NO_INDICES) : NO_INDICES;
      if (
        !isSelectable(this.classes[c]!, model.profile) ||
        (nps.length === 0 && anps.length === 0 && banps.length === 0)
      ) {
        sig[c] = -1;
        continue;
      }
      let named = false;
      if (direction === 'ingress') {
        for (const i of nps) named ||= this.npNamedIn[i]!;
        for (const i of anps) named ||= this.adminOf(model.adminPolicies[i]!, 'ingress').some((r) => r.named);
        for (const i of banps)
          named ||= this.adminOf(model.baselinePolicies[i]!, 'ingress').some((r) => r.named);
      }
      // The signature: the policies, and the ports where named ingress ports resolve on the subject.
      // One NetworkPolicy alone (the usual case) is keyed by number, not by a string.
      const portsPart = named ? this.portsKey[c]! : 0;
      const single = anps.length === 0 && banps.length === 0 && nps.length === 1;
      const key = single
        ? nps[0]! * this.portsOfKey.length + portsPart
        : `${anps.join(',')}|${nps.join(',')}|${banps.join(',')}|${portsPart}`;
      let id = typeof key === 'number' ? singles.get(key) : cache.get(key);
      if (id === undefined) {
        id = vec.length;
        vec.push(this.computeVector(direction, c, anps, nps, banps));
        if (typeof key === 'number') singles.set(key, id);
        else cache.set(key, id);
      }
      sig[c] = id;
    }
    return { sig, vec };
  }

  private computeVector(
    direction: Direction,
    subject: number,
    anpIdx: readonly number[],
    npIdx: readonly number[],
    banpIdx: readonly number[],
  ): SparseVector {
    const { model, alg, C } = this;
    const adminList = anpIdx.flatMap((i) => this.adminOf(model.adminPolicies[i]!, direction));
    const npListRules = npIdx.flatMap((i) => this.npRules[i]![direction]);
    const baseList = banpIdx.flatMap((i) => this.adminOf(model.baselinePolicies[i]!, direction));
    const hasAdmin = anpIdx.length > 0;
    const hasNp = npIdx.length > 0;
    const hasBase = banpIdx.length > 0;
    const namedAll = [adminList, npListRules, baseList].some((l) =>
      l.some((r) => r.slots === 'all' && r.named),
    );
    if (!(direction === 'egress' && namedAll))
      return this.sharedVector(direction, subject, {
        anpKey: anpIdx.join(','),
        banpKey: hasBase ? banpIdx.join(',') : '',
        adminList,
        npRules: npListRules,
        baseList,
        hasAdmin,
        hasNp,
        hasBase,
      });

    // Egress rules matching every peer name ports, which resolve on each destination:
    // every explicit slot and the fallback depend on the destination's ports.
    const P = this.slotCount[direction];
    const position = this.position;
    const explicit: number[] = [];
    for (const list of [adminList, npListRules, baseList])
      for (const r of list) {
        if (r.slots === 'all') continue;
        for (const slot of r.slots)
          if (position[slot] === -1) {
            position[slot] = explicit.length;
            explicit.push(slot);
          }
      }
    const n = explicit.length;
    const keyOfSlot = (slot: number): number => (slot < C ? this.portsKey[slot]! : 0);

    // Fold every rule over the explicit slots at once (as connectivity.ts does densely).
    const fold = (rules: readonly Rule[]) => {
      const cols = new FirstMatchColumns(n);
      const at = (i: number, r: Rule) =>
        cols.apply(alg, i, r.action, this.rulePorts(r, keyOfSlot(explicit[i]!)));
      for (const r of rules) {
        if (r.slots === 'all') for (let i = 0; i < n; i++) at(i, r);
        else for (const slot of r.slots) at(position[slot]!, r);
      }
      return cols;
    };
    const admin = hasAdmin ? fold(adminList) : undefined;
    const base = hasBase ? fold(baseList) : undefined;
    let np: Int32Array | undefined;
    if (hasNp) {
      np = new Int32Array(n);
      for (const r of npListRules) {
        if (r.slots === 'all')
          for (let i = 0; i < n; i++) np[i] = alg.union(np[i]!, this.rulePorts(r, keyOfSlot(explicit[i]!)));
        else
          for (const slot of r.slots) {
            const i = position[slot]!;
            np[i] = alg.union(np[i]!, this.rulePorts(r, keyOfSlot(slot)));
          }
      }
    }
    const a: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    const b: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (admin) {
        a.allow = admin.allow[i]!;
        a.deny = admin.deny[i]!;
      }
      if (base) b.deny = base.deny[i]!;
      values[i] = combineTiers(
        alg,
        admin ? a : undefined,
        np ? np[i]! : undefined,
        base ? b : undefined,
      ).allowed;
    }
    for (const slot of explicit) position[slot] = -1;

    // Slots no narrower rule matches: the rules that match every peer only.
    const fallback = portsFallback(
      alg,
      this.table,
      this.portsOfKey,
      hasAdmin ? adminList.filter((r) => r.slots === 'all') : undefined,
      hasNp ? npListRules.filter((r) => r.slots === 'all') : undefined,
      hasBase ? baseList.filter((r) => r.slots === 'all') : undefined,
    );
    if (n * 4 > P) {
      const dense = new Int32Array(P);
      for (let slot = 0; slot < P; slot++) dense[slot] = fallback(slot < C ? this.portsKey[slot]! : 0);
      for (let i = 0; i < n; i++) dense[explicit[i]!] = values[i]!;
      return new SparseVector(dense, NO_ENTRIES, undefined, 0, fallback);
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => explicit[x]! - explicit[y]!);
    return new SparseVector(
      null,
      pairs(
        order.map((i) => explicit[i]!),
        order.map((i) => values[i]!),
      ),
      undefined,
      0,
      fallback,
    );
  }

  /**
   * A vector over a shared layer: the admin and baseline folds (and the NetworkPolicy
   * rules matching every peer) are the same for every subject with the same admin
   * policies, so they are folded once into a layer; the vector holds only what its
   * narrower NetworkPolicy rules add.
   */
  private sharedVector(
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
  ): SparseVector {
    const { alg, C } = this;
    const P = this.slotCount[direction];
    const anyNamed = [s.adminList, s.npRules, s.baseList].some((l) => l.some((r) => r.named));
    // Ingress named ports resolve on the subject; egress ones on each peer (per slot).
    const key = direction === 'ingress' && anyNamed ? this.portsKey[subject]! : 0;
    const keyOf = (slot: number) => (direction === 'ingress' ? key : slot < C ? this.portsKey[slot]! : 0);
    const admin = s.hasAdmin
      ? this.foldPart(`a|${direction}|${s.anpKey}|${key}`, s.adminList, direction, key)
      : undefined;
    const base = s.hasBase
      ? this.foldPart(`b|${direction}|${s.banpKey}|${key}`, s.baseList, direction, key)
      : undefined;
    let npAll: number | undefined;
    if (s.hasNp) {
      npAll = 0;
      for (const r of s.npRules) if (r.slots === 'all') npAll = alg.union(npAll, this.rulePorts(r, key));
    }
    const a: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    const b: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    const value = (slot: number, np: number | undefined): number => {
      if (admin) partAt(admin, slot, a);
      if (base) partAt(base, slot, b);
      return combineTiers(alg, admin ? a : undefined, np, base ? b : undefined).allowed;
    };
    const layerKey = `${direction}|${s.anpKey}|${s.banpKey}|${s.hasNp ? npAll : '-'}|${key}`;
    let layer = this.layerCache.get(layerKey);
    if (!layer) {
      const union = new Set<number>();
      for (const p of [admin, base]) if (p) for (const x of p.slots) union.add(x);
      const slots = Int32Array.from(union).sort();
      const values = Int32Array.from(slots, (x) => value(x, npAll));
      const fallback = value(-1, npAll);
      if (slots.length * 4 > P) {
        const dense = new Int32Array(P).fill(fallback);
        for (let i = 0; i < slots.length; i++) dense[slots[i]!] = values[i]!;
        layer = { dense, entries: NO_ENTRIES, fallback };
      } else layer = { dense: null, entries: pairs(slots, values), fallback };
      this.layerCache.set(layerKey, layer);
    }
    // What this vector's narrower NetworkPolicy rules add, per slot (position: scratch).
    const position = this.position;
    const own: number[] = [];
    const added: number[] = [];
    for (const r of s.npRules) {
      if (r.slots === 'all') continue;
      for (const x of r.slots) {
        const ports = this.rulePorts(r, keyOf(x));
        const i = position[x]!;
        if (i === -1) {
          position[x] = own.length;
          own.push(x);
          added.push(ports);
        } else added[i] = alg.union(added[i]!, ports);
      }
    }
    for (const x of own) position[x] = -1;
    let sorted = true;
    for (let i = 1; i < own.length && sorted; i++) sorted = own[i - 1]! < own[i]!;
    const order = own.map((_, i) => i);
    if (!sorted) order.sort((i, j) => own[i]! - own[j]!);
    const entries = new Int32Array(own.length * 2);
    order.forEach((i, j) => {
      entries[2 * j] = own[i]!;
      entries[2 * j + 1] = value(own[i]!, alg.union(npAll ?? 0, added[i]!));
    });
    return this.pool.get(own.length === 0 ? NO_ENTRIES : entries, layer, layer.fallback);
  }

  /** Admin or baseline rules folded over the slots they name, and over every other slot (`fb`). */
  private foldPart(cacheKey: string, rules: readonly Rule[], direction: Direction, key: number): FoldPart {
    const hit = this.foldCache.get(cacheKey);
    if (hit) return hit;
    const { alg, C } = this;
    const slotsOf = new Set<number>();
    for (const r of rules) if (r.slots !== 'all') for (const x of r.slots) slotsOf.add(x);
    const slots = Int32Array.from(slotsOf).sort();
    const n = slots.length;
    const pos = new Map<number, number>();
    for (let i = 0; i < n; i++) pos.set(slots[i]!, i);
    const cols = new FirstMatchColumns(n);
    const fb: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    const keyOf = (slot: number) => (direction === 'ingress' ? key : slot < C ? this.portsKey[slot]! : 0);
    const at = (i: number, r: Rule) => cols.apply(alg, i, r.action, this.rulePorts(r, keyOf(slots[i]!)));
    for (const r of rules) {
      if (r.slots === 'all') {
        applyFirstMatch(alg, fb, r.action, this.rulePorts(r, direction === 'ingress' ? key : 0));
        for (let i = 0; i < n; i++) at(i, r);
      } else for (const x of r.slots) at(pos.get(x)!, r);
    }
    const part = { slots, allow: cols.allow, deny: cols.deny, fb };
    this.foldCache.set(cacheKey, part);
    return part;
  }
}

/**
 * First-match state (what is allowed, denied, passed so far) of n slots as three columns,
 * not an object per slot; rules are applied to one slot at a time, in rule order.
 */
class FirstMatchColumns {
  readonly allow: Int32Array;
  readonly deny: Int32Array;
  readonly pass: Int32Array;
  private readonly cell: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };

  constructor(n: number) {
    this.allow = new Int32Array(n);
    this.deny = new Int32Array(n);
    this.pass = new Int32Array(n);
  }

  apply(alg: ReturnType<typeof idAlgebra>, i: number, action: Rule['action'], ports: number): void {
    const cell = this.cell;
    cell.allow = this.allow[i]!;
    cell.deny = this.deny[i]!;
    cell.pass = this.pass[i]!;
    applyFirstMatch(alg, cell, action, ports);
    this.allow[i] = cell.allow;
    this.deny[i] = cell.deny;
    this.pass[i] = cell.pass;
  }
}

interface FoldPart {
  readonly slots: Int32Array;
  readonly allow: Int32Array;
  readonly deny: Int32Array;
  readonly fb: FirstMatchState<number>;
}

function partAt(p: FoldPart, slot: number, out: FirstMatchState<number>): void {
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
}

/**
 * The value of a slot no narrower rule matches, for egress vectors whose every-peer rules
 * name ports: it depends on the destination's ports, so it is folded per ports key on
 * demand and memoized. A function of its own (not a closure of the builder), so a vector
 * keeps only these rules alive, not the builder's caches.
 */
function portsFallback(
  alg: ReturnType<typeof idAlgebra>,
  table: ConnTable,
  portsOfKey: ReturnType<typeof classesOf>['portsOfKey'],
  adminAll: readonly Rule[] | undefined,
  npAll: readonly Rule[] | undefined,
  baseAll: readonly Rule[] | undefined,
): (key: number) => number {
  const fallbacks = new Map<number, number>();
  return (key: number): number => {
    let v = fallbacks.get(key);
    if (v === undefined) {
      let ad: FirstMatchState<number> | undefined;
      if (adminAll) {
        ad = { allow: 0, deny: 0, pass: 0 };
        for (const r of adminAll) applyFirstMatch(alg, ad, r.action, rulePorts(table, portsOfKey, r, key));
      }
      let npv: number | undefined;
      if (npAll) {
        npv = 0;
        for (const r of npAll) npv = alg.union(npv, rulePorts(table, portsOfKey, r, key));
      }
      let bs: FirstMatchState<number> | undefined;
      if (baseAll) {
        bs = { allow: 0, deny: 0, pass: 0 };
        for (const r of baseAll) applyFirstMatch(alg, bs, r.action, rulePorts(table, portsOfKey, r, key));
      }
      v = combineTiers(alg, ad, npv, bs).allowed;
      fallbacks.set(key, v);
    }
    return v;
  };
}
