/**
 * All-pairs connectivity, computed on equivalence classes rather than pod by pod.
 *
 * - Workloads with the same namespace, labels, container ports, host networking and
 *   (when ipBlocks can match pods) IPs are indistinguishable to every selector and
 *   every named port: one class.
 * - The external address space is cut into atoms at every ipBlock/networks boundary
 *   (model.ts): within an atom every policy decides the same.
 * - For each direction, a pod's verdicts depend only on which policies select it (and,
 *   on ingress, its named ports). Classes with the same "policy signature" share one
 *   vector of verdicts over all peers, computed once from the rules' match sets.
 * - Verdicts are interned connection-set ids (ports.ts), so combining tiers and the two
 *   directions is a memoized table lookup.
 *
 * The result answers `between(src, dst)` in O(1) and enumerates every allowed pair in
 * the reference's sorted order without materialising them all.
 */

import type { CompiledAdminPolicy } from './admin-policy.js';
import { classesOf } from './classes.js';
import { MatchSets, mergeSlots, NO_SLOTS } from './match-sets.js';
import { isSelectable, type NetpolModel } from './model.js';
import type { CompiledNetworkPolicy, Direction } from './network-policy.js';
import { hasNamedPorts, type PortList, resolvePorts } from './port-spec.js';
import { type ConnSet, ConnTable, idAlgebra } from './ports.js';
import type { PodSelection } from './selection.js';
import { applyFirstMatch, combineTiers, type FirstMatchState } from './tiers.js';
import type { ExternalPeer, Peer, WorkloadPeer } from './workloads.js';

export interface Connection {
  readonly src: Peer;
  readonly dst: Peer;
  readonly conn: ConnSet;
  /** The interned id of `conn` in the result's table. */
  readonly connId: number;
}

export interface Connectivity {
  readonly model: NetpolModel;
  readonly table: ConnTable;
  /** Number of equivalence classes the workloads fell into. */
  readonly classCount: number;
  /** The class of a workload: workloads of one class have identical verdicts with every peer. */
  classOf(w: WorkloadPeer): number;
  /** The connections allowed from src to dst (peers of the model; any external range inside one atom). */
  between(src: Peer, dst: Peer): ConnSet;
  betweenId(src: Peer, dst: Peer): number;
  /**
   * Calls `fn` for every allowed connection, sorted by source then destination name;
   * self-connections only when the profile lists them (and the workload is replicated).
   */
  forEach(fn: (src: Peer, dst: Peer, connId: number) => void): void;
  /** Every allowed connection, as forEach orders them. */
  connections(): Connection[];
}

type Slots = Int32Array | 'all';

/** Verdicts of a subject over all peer slots: conn[group[slot]] (interned connection ids). */
interface Verdicts {
  readonly group: Int32Array;
  readonly conn: Int32Array;
}

interface RuleInfo {
  readonly ports: PortList;
  readonly named: boolean;
}

const byDisplay = (a: Peer, b: Peer) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0);

export function computeConnectivity(model: NetpolModel): Connectivity {
  const table = new ConnTable();
  const alg = idAlgebra(table);
  const profile = model.profile;
  const workloads = model.workloads;

  // --- equivalence classes (classes.ts) ---------------------------------------------
  const k = classesOf(workloads, profile.ipBlocksMatchPods);
  const { classOf, classes, portsKey } = k;
  const C = classes.length;
  const srcAtoms = model.sourceAtoms;
  const dstAtoms = model.destinationAtoms;
  const S = srcAtoms.length;
  const INGRESS_CTRL = C + S;
  const slotCount: Record<Direction, number> = { ingress: C + S + 1, egress: C + dstAtoms.length };
  // Container-port signatures, for named ports: 0 stands for an IP (no ports).
  const portsKeyCount = k.portsOfKey.length - 1;

  // --- match sets (match-sets.ts) ---------------------------------------------------
  const matches = new MatchSets(model, k);
  const selectionSlots = (sel: PodSelection, direction: Direction) => matches.selection(sel, direction);
  const ipSlots = (set: readonly number[], direction: Direction) => matches.ipSet(set, direction);

  const rules: RuleInfo[] = [];
  const ruleMatch: Slots[] = [];
  const addRule = (ports: PortList, slots: Slots): number => {
    rules.push({ ports, named: hasNamedPorts(ports) });
    ruleMatch.push(slots);
    return rules.length - 1;
  };

  interface CompiledRules {
    ingress: number[];
    egress: number[];
  }
  const npRules = new Map<CompiledNetworkPolicy, CompiledRules>();
  for (const np of model.networkPolicies) {
    const compiled: CompiledRules = { ingress: [], egress: [] };
    for (const direction of ['ingress', 'egress'] as const) {
      for (const r of np[direction]) {
        let slots: Slots;
        if (r.peers === null) slots = 'all';
        else
          slots = mergeSlots(
            r.peers.map((p) =>
              p.kind === 'pods'
                ? selectionSlots(p.selection, direction)
                : p.kind === 'ipBlock'
                  ? ipSlots(p.set, direction)
                  : NO_SLOTS,
            ),
          );
        compiled[direction].push(addRule(r.ports, slots));
      }
    }
    npRules.set(np, compiled);
  }
  interface AdminCompiled {
    ingress: Array<{ id: number; action: 'Allow' | 'Deny' | 'Pass' }>;
    egress: Array<{ id: number; action: 'Allow' | 'Deny' | 'Pass' }>;
  }
  const adminRules = new Map<CompiledAdminPolicy, AdminCompiled>();
  for (const p of [...model.adminPolicies, ...model.baselinePolicies]) {
    const compiled: AdminCompiled = { ingress: [], egress: [] };
    for (const direction of ['ingress', 'egress'] as const) {
      for (const r of p[direction]) {
        const slots = mergeSlots(
          r.peers.map((peer) =>
            peer.kind === 'pods'
              ? selectionSlots(peer.selection, direction)
              : peer.kind === 'networks'
                ? ipSlots(peer.set, direction)
                : NO_SLOTS,
          ),
        );
        compiled[direction].push({ id: addRule(r.ports, slots), action: r.action });
      }
    }
    adminRules.set(p, compiled);
  }

  // Ports of a rule towards a destination with the given ports key (0: an IP).
  const portsMemo = new Map<number, number>();
  const rulePorts = (rule: number, key: number): number => {
    const info = rules[rule]!;
    const k = info.named ? rule * 1048576 + key : rule * 1048576;
    let id = portsMemo.get(k);
    if (id === undefined) {
      const dstPorts = info.named && key > 0 ? classes[portsKeyClass.get(key)!]!.ports : null;
      id = table.id(resolvePorts(info.ports, info.named ? dstPorts : null));
      portsMemo.set(k, id);
    }
    return id;
  };
  const portsKeyClass = new Map<number, number>();
  for (let c = C - 1; c >= 0; c--) portsKeyClass.set(portsKey[c]!, c);

  // --- which policies select each class --------------------------------------------
  const subjectsOf = (sel: PodSelection): Int32Array => selectionSlots(sel, 'egress');
  const anpOf: number[][] = Array.from({ length: C }, () => []);
  const banpOf: number[][] = Array.from({ length: C }, () => []);
  const npIn: number[][] = Array.from({ length: C }, () => []);
  const npEg: number[][] = Array.from({ length: C }, () => []);
  model.adminPolicies.forEach((p, i) => {
    for (const c of subjectsOf(p.subject)) anpOf[c]!.push(i);
  });
  model.baselinePolicies.forEach((p, i) => {
    for (const c of subjectsOf(p.subject)) banpOf[c]!.push(i);
  });
  model.networkPolicies.forEach((np, i) => {
    if (!np.isolatesIngress && !np.isolatesEgress) return;
    for (const c of matches.classesIn(np.namespace, np.podSelector)) {
      if (np.isolatesIngress) npIn[c]!.push(i);
      if (np.isolatesEgress) npEg[c]!.push(i);
    }
  });

  // --- verdict vectors -----------------------------------------------------------
  //
  // For a subject class, the verdict for a peer slot depends only on which rules (of
  // the policies selecting the subject, in evaluation order) match that peer: its
  // "signature", a node of a trie over rule ids. Signatures are computed per policy
  // set (the same for every class that set selects); each distinct (signature, named
  // port profile) is evaluated through the tiers once; the vector is then a lookup.
  type Tier = 'admin' | 'np' | 'baseline';
  const ruleTier: Tier[] = [];
  const ruleAction: Array<'Allow' | 'Deny' | 'Pass'> = [];
  const tierOfRule = (id: number, tier: Tier, action: 'Allow' | 'Deny' | 'Pass') => {
    ruleTier[id] = tier;
    ruleAction[id] = action;
  };
  for (const p of model.adminPolicies)
    for (const d of ['ingress', 'egress'] as const)
      for (const r of adminRules.get(p)![d]) tierOfRule(r.id, 'admin', r.action);
  for (const p of model.baselinePolicies)
    for (const d of ['ingress', 'egress'] as const)
      for (const r of adminRules.get(p)![d]) tierOfRule(r.id, 'baseline', r.action);
  for (const np of model.networkPolicies)
    for (const d of ['ingress', 'egress'] as const)
      for (const r of npRules.get(np)![d]) tierOfRule(r, 'np', 'Allow');

  // The signature trie: node 0 is "no rule matched"; child(node, rule) extends it.
  const sigParent: number[] = [0];
  const sigRule: number[] = [-1];
  const sigNamed: boolean[] = [false];
  const sigChild = new Map<number, number>();
  const R = rules.length + 1;
  const child = (node: number, rule: number): number => {
    const key = node * R + rule;
    let c = sigChild.get(key);
    if (c === undefined) {
      c = sigParent.length;
      sigParent.push(node);
      sigRule.push(rule);
      sigNamed.push(sigNamed[node]! || rules[rule]!.named);
      sigChild.set(key, c);
    }
    return c;
  };
  const rulesOf = (node: number): number[] => {
    const out: number[] = [];
    for (let n = node; n !== 0; n = sigParent[n]!) out.push(sigRule[n]!);
    return out.reverse();
  };

  // Evaluates a signature: isolated = some NP isolates the subject in this direction.
  const evalMemo = new Map<string, number>();
  const evaluate = (node: number, isolated: boolean, portsKeyId: number): number => {
    const key = `${node}|${isolated ? 1 : 0}|${sigNamed[node] ? portsKeyId : 0}`;
    let id = evalMemo.get(key);
    if (id !== undefined) return id;
    let admin: FirstMatchState<number> | undefined;
    let base: FirstMatchState<number> | undefined;
    let np: number | undefined = isolated ? ConnTable.EMPTY : undefined;
    for (const r of rulesOf(node)) {
      const ports = rulePorts(r, portsKeyId);
      const tier = ruleTier[r]!;
      if (tier === 'np') np = alg.union(np ?? ConnTable.EMPTY, ports);
      else if (tier === 'admin') {
        admin = admin ?? { allow: 0, deny: 0, pass: 0 };
        applyFirstMatch(alg, admin, ruleAction[r]!, ports);
      } else {
        base = base ?? { allow: 0, deny: 0, pass: 0 };
        applyFirstMatch(alg, base, ruleAction[r]!, ports);
      }
    }
    id = combineTiers(alg, admin, np, base).allowed;
    evalMemo.set(key, id);
    return id;
  };

  let splitScratch = new Int32Array(64);
  // Typed arrays carved from large buffers: thousands of separate ArrayBuffers of a few
  // kilobytes cost more in allocation and GC pressure than the work done on them.
  let arenaBuf = new Int32Array(0);
  let arenaUsed = 0;
  const arena = (n: number): Int32Array => {
    if (arenaUsed + n > arenaBuf.length) {
      arenaBuf = new Int32Array(Math.max(n, 1 << 22));
      arenaUsed = 0;
    }
    const view = arenaBuf.subarray(arenaUsed, arenaUsed + n);
    arenaUsed += n;
    return view;
  };

  /**
   * Signatures per slot for a policy set, in evaluation order (ANP rules, NP rules, BANP
   * rules), by partition refinement: slots start in one group, and each rule splits the
   * groups it touches, so trie lookups happen once per new group, not once per slot. A
   * rule matching every slot splits nothing: its groups are extended in place.
   */
  const signatures = (
    direction: Direction,
    anps: number[],
    nps: number[],
    banps: number[],
  ): { group: Int32Array; groupNode: number[] } => {
    const P = slotCount[direction];
    const group = arena(P);
    const groupNode: number[] = [0];
    // One loop over the rules, no closure per call: V8 optimizes a function per closure
    // instance, and this runs for thousands of policy sets.
    const order: number[] = [];
    for (const i of anps)
      for (const r of adminRules.get(model.adminPolicies[i]!)![direction]) order.push(r.id);
    for (const i of nps) for (const r of npRules.get(model.networkPolicies[i]!)![direction]) order.push(r);
    for (const i of banps)
      for (const r of adminRules.get(model.baselinePolicies[i]!)![direction]) order.push(r.id);
    for (const rule of order) {
      const slots = ruleMatch[rule]!;
      if (slots === 'all' || slots.length === P) {
        for (let g = 0; g < groupNode.length; g++) groupNode[g] = child(groupNode[g]!, rule);
        continue;
      }
      if (slots.length === 0) continue;
      if (splitScratch.length < groupNode.length) splitScratch = new Int32Array(groupNode.length * 2);
      const splitOf = splitScratch;
      splitOf.fill(-1, 0, groupNode.length);
      for (let k = 0; k < slots.length; k++) {
        const sl = slots[k]!;
        const g = group[sl]!;
        let ng = splitOf[g]!;
        if (ng < 0) {
          ng = groupNode.length;
          groupNode.push(child(groupNode[g]!, rule));
          splitOf[g] = ng;
        }
        group[sl] = ng;
      }
    }
    return { group, groupNode };
  };

  /**
   * The verdicts of one subject class for one direction: conn[group[slot]]; null when
   * nothing restricts the direction (all connections). Classes selected by the same
   * policies share `group`; `conn` is per named-port profile.
   */
  const vectors = (direction: Direction): Array<Verdicts | null> => {
    const sigCache = new Map<string, { group: Int32Array; groupNode: number[]; named: boolean }>();
    const vecCache = new Map<string, Verdicts>();
    const out: Array<Verdicts | null> = new Array(C);
    const P = slotCount[direction];
    for (let c = 0; c < C; c++) {
      const nps = direction === 'ingress' ? npIn[c]! : npEg[c]!;
      const banps = nps.length === 0 ? banpOf[c]! : [];
      const anps = anpOf[c]!;
      if (
        !isSelectable(classes[c]!, profile) ||
        (anps.length === 0 && nps.length === 0 && banps.length === 0)
      ) {
        out[c] = null;
        continue;
      }
      const setKey = `${anps.join(',')}|${nps.join(',')}|${banps.join(',')}`;
      let entry = sigCache.get(setKey);
      if (!entry) {
        const sig = signatures(direction, anps, nps, banps);
        entry = { ...sig, named: sig.groupNode.some((n) => sigNamed[n]) };
        if (direction === 'egress' && entry.named) {
          // Named ports of egress rules resolve on each destination: split the groups
          // with named rules by the destination's container ports.
          const K = portsKeyCount + 1;
          const refined = new Int32Array(sig.groupNode.length * K).fill(-1);
          const nodes: number[] = [];
          const keyOfGroup: number[] = [];
          for (let s = 0; s < P; s++) {
            const g = sig.group[s]!;
            const pk = sigNamed[sig.groupNode[g]!] && s < C ? portsKey[s]! : 0;
            let ng = refined[g * K + pk]!;
            if (ng < 0) {
              ng = nodes.length;
              nodes.push(sig.groupNode[g]!);
              keyOfGroup.push(pk);
              refined[g * K + pk] = ng;
            }
            sig.group[s] = ng;
          }
          entry = { group: sig.group, groupNode: nodes, named: true };
          egressPortsOfGroup.set(entry.group, keyOfGroup);
        }
        sigCache.set(setKey, entry);
      }
      const isolated = nps.length > 0;
      const vecKey = direction === 'ingress' && entry.named ? `${setKey}#${portsKey[c]}` : setKey;
      let v = vecCache.get(vecKey);
      if (!v) {
        const { group, groupNode } = entry;
        const conn = new Int32Array(groupNode.length);
        const egressKeys = direction === 'egress' ? egressPortsOfGroup.get(group) : undefined;
        for (let g = 0; g < groupNode.length; g++)
          conn[g] = evaluate(
            groupNode[g]!,
            isolated,
            direction === 'ingress' ? portsKey[c]! : (egressKeys?.[g] ?? 0),
          );
        v = { group, conn };
        vecCache.set(vecKey, v);
      }
      out[c] = v;
    }
    return out;
  };
  const egressPortsOfGroup = new Map<Int32Array, number[]>();

  const verdict = (v: Verdicts | null | undefined, slot: number): number =>
    v ? v.conn[v.group[slot]!]! : ConnTable.ALL;
  const ingressVec = vectors('ingress');
  const egressVec = vectors('egress');

  const exposureIds = new Map<number, number>();
  for (const [w, conns] of model.exposure) exposureIds.set(w, table.id(conns));

  // --- queries -------------------------------------------------------------------
  const atomIndex = (atoms: readonly ExternalPeer[], p: ExternalPeer): number => {
    let a = 0;
    let b = atoms.length - 1;
    while (a <= b) {
      const m = (a + b) >> 1;
      const atom = atoms[m]!;
      if (p.first > atom.last) a = m + 1;
      else if (p.first < atom.first) b = m - 1;
      else return p.last <= atom.last ? m : -1;
    }
    return -1;
  };
  const betweenId = (src: Peer, dst: Peer): number => {
    if (src.type === 'workload') {
      const e = egressVec[classOf[src.index]!]!;
      if (dst.type === 'workload') {
        const i = ingressVec[classOf[dst.index]!]!;
        return alg.intersect(verdict(e, classOf[dst.index]!), verdict(i, classOf[src.index]!));
      }
      if (dst.type === 'external') {
        const k = atomIndex(dstAtoms, dst);
        if (k < 0) throw new Error(`${dst.display} spans more than one destination atom`);
        return verdict(e, C + k);
      }
      return ConnTable.EMPTY;
    }
    if (dst.type !== 'workload') return ConnTable.EMPTY;
    const i = ingressVec[classOf[dst.index]!]!;
    if (src.type === 'external') {
      const k = atomIndex(srcAtoms, src);
      if (k < 0) throw new Error(`${src.display} spans more than one source atom`);
      return verdict(i, C + k);
    }
    const exposed = exposureIds.get(dst.index) ?? ConnTable.EMPTY;
    return alg.intersect(verdict(i, INGRESS_CTRL), exposed);
  };

  // The enumeration order: sources and destinations sorted by name, as the reference prints.
  // Precomputed once: for each destination its slot in the egress vectors and its class.
  let order: { srcs: Peer[]; dsts: Peer[]; dstSlot: Int32Array; dstClass: Int32Array } | undefined;
  const enumerationOrder = () => {
    if (order) return order;
    const srcs: Peer[] = [...workloads, ...srcAtoms];
    if (exposureIds.size > 0) srcs.push({ type: 'ingress-controller', display: '{ingress-controller}' });
    srcs.sort(byDisplay);
    const dsts: Peer[] = [...workloads, ...dstAtoms].sort(byDisplay);
    const atomSlot = new Map<ExternalPeer, number>();
    dstAtoms.forEach((a, k) => {
      atomSlot.set(a, C + k);
    });
    const dstSlot = new Int32Array(dsts.length);
    const dstClass = new Int32Array(dsts.length);
    dsts.forEach((d, i) => {
      if (d.type === 'workload') {
        dstClass[i] = classOf[d.index]!;
        dstSlot[i] = dstClass[i]!;
      } else {
        dstClass[i] = -1;
        dstSlot[i] = atomSlot.get(d as ExternalPeer)!;
      }
    });
    order = { srcs, dsts, dstSlot, dstClass };
    return order;
  };

  const forEach = (fn: (src: Peer, dst: Peer, connId: number) => void): void => {
    const { srcs, dsts, dstSlot, dstClass } = enumerationOrder();
    const n = dsts.length;
    const ALL = ConnTable.ALL;
    for (const src of srcs) {
      if (src.type === 'workload') {
        // One row of the source's egress vector against each destination's ingress vector.
        const cs = classOf[src.index]!;
        const e = egressVec[cs];
        const eGroup = e?.group;
        const eConn = e?.conn;
        const skipSelf = !(profile.selfConnections && src.replicated);
        for (let i = 0; i < n; i++) {
          const cd = dstClass[i]!;
          const eg = eConn ? eConn[eGroup![dstSlot[i]!]!]! : ALL;
          if (eg === 0) continue;
          let id = eg;
          if (cd >= 0) {
            const dst = dsts[i] as WorkloadPeer;
            if (skipSelf && dst.index === src.index) continue;
            const iv = ingressVec[cd];
            if (iv) {
              const ing = iv.conn[iv.group[cs]!]!;
              id = ing === ALL ? eg : eg === ALL ? ing : table.intersect(eg, ing);
            }
          }
          if (id !== 0) fn(src, dsts[i]!, id);
        }
      } else {
        const slot = src.type === 'external' ? C + atomIndex(srcAtoms, src) : INGRESS_CTRL;
        for (let i = 0; i < n; i++) {
          const cd = dstClass[i]!;
          if (cd < 0) continue;
          const dst = dsts[i] as WorkloadPeer;
          const iv = ingressVec[cd];
          let id = verdict(iv, slot);
          if (src.type === 'ingress-controller') id = table.intersect(id, exposureIds.get(dst.index) ?? 0);
          if (id !== 0) fn(src, dst, id);
        }
      }
    }
  };

  return {
    model,
    table,
    classCount: C,
    classOf: (w) => classOf[w.index]!,
    betweenId,
    between: (src, dst) => table.get(betweenId(src, dst)),
    forEach,
    connections: () => {
      const out: Connection[] = [];
      forEach((src, dst, connId) => out.push({ src, dst, conn: table.get(connId), connId }));
      return out;
    },
  };
}
