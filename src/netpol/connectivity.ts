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

import { type Labels, type Selector, selectorMatches } from '../model/selectors.js';
import type { CompiledAdminPolicy } from './admin-policy.js';
import {
  INGRESS_CONTROLLER_SELECTABLE,
  ipSetMatchesWorkload,
  isSelectable,
  type NetpolModel,
} from './model.js';
import type { CompiledNetworkPolicy, Direction } from './network-policy.js';
import { hasNamedPorts, type PortList, resolvePorts } from './port-spec.js';
import { type ConnSet, ConnTable, idAlgebra } from './ports.js';
import { type PodSelection, selectionMatches } from './selection.js';
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

  // --- equivalence classes -------------------------------------------------------
  const classOf = new Int32Array(workloads.length);
  const classes: WorkloadPeer[] = [];
  {
    const byKey = new Map<string, number>();
    for (const w of workloads) {
      const labels = Object.keys(w.labels)
        .sort()
        .map((k) => `${k}=${w.labels[k]}`);
      const key = JSON.stringify([
        w.namespace,
        labels,
        w.ports,
        w.hostNetwork,
        profile.ipBlocksMatchPods ? w.ips : 0,
      ]);
      let c = byKey.get(key);
      if (c === undefined) {
        c = classes.length;
        classes.push(w);
        byKey.set(key, c);
      }
      classOf[w.index] = c;
    }
  }
  const C = classes.length;
  const srcAtoms = model.sourceAtoms;
  const dstAtoms = model.destinationAtoms;
  const S = srcAtoms.length;
  const D = dstAtoms.length;
  const INGRESS_CTRL = C + S;
  const slotCount: Record<Direction, number> = { ingress: C + S + 1, egress: C + D };

  // Container-port signatures, for named ports: 0 stands for an IP (no ports).
  const portsKey = new Int32Array(C);
  {
    const ids = new Map<string, number>();
    classes.forEach((w, c) => {
      const k = JSON.stringify(w.ports);
      let id = ids.get(k);
      if (id === undefined) {
        id = ids.size + 1;
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

  // --- match sets ----------------------------------------------------------------
  const selectionCache = new Map<string, Int32Array>();
  /** Classes (and, on ingress, the ingress controller slot) a pod selection matches. */
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
  /** Atoms inside an IP set (and classes whose pod IPs are, when the profile allows). */
  const ipSlots = (set: readonly number[], direction: Direction): Int32Array => {
    const key = `${direction}|${set.join(',')}`;
    const hit = ipCache.get(key);
    if (hit) return hit;
    const out: number[] = [];
    if (profile.ipBlocksMatchPods)
      classes.forEach((w, c) => {
        if (ipSetMatchesWorkload(profile, set, w)) out.push(c);
      });
    const atoms: readonly ExternalPeer[] = direction === 'ingress' ? srcAtoms : dstAtoms;
    for (let i = 0; i < set.length; i += 2) {
      const lo = set[i]!;
      const hi = set[i + 1]!;
      // first atom starting at or after lo (atoms are sorted and tile the space)
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
    return Int32Array.from([...seen]);
  };

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
                  : new Int32Array(0),
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
                : new Int32Array(0),
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
    for (const c of classesByNs.get(np.namespace) ?? []) {
      if (!selectorMatches(np.podSelector, classes[c]!.labels)) continue;
      if (np.isolatesIngress) npIn[c]!.push(i);
      if (np.isolatesEgress) npEg[c]!.push(i);
    }
  });

  // --- verdict vectors -----------------------------------------------------------
  const newState = (n: number) => ({
    allow: new Int32Array(n),
    deny: new Int32Array(n),
    pass: new Int32Array(n),
  });
  const computeVector = (direction: Direction, subject: number): Int32Array | null => {
    const anps = anpOf[subject]!;
    const nps = direction === 'ingress' ? npIn[subject]! : npEg[subject]!;
    const banps = nps.length === 0 ? banpOf[subject]! : [];
    if (anps.length === 0 && nps.length === 0 && banps.length === 0) return null;
    const P = slotCount[direction];
    // Where named ports resolve: on ingress the subject, on egress each peer slot.
    const keyOfSlot = (slot: number) =>
      direction === 'ingress' ? portsKey[subject]! : slot < C ? portsKey[slot]! : 0;
    const fold = (policies: readonly CompiledAdminPolicy[], ids: number[]) => {
      const st = newState(P);
      const cell: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
      for (const i of ids) {
        for (const r of adminRules.get(policies[i]!)![direction]) {
          const slots = ruleMatch[r.id]!;
          const each = (slot: number) => {
            cell.allow = st.allow[slot]!;
            cell.deny = st.deny[slot]!;
            cell.pass = st.pass[slot]!;
            applyFirstMatch(alg, cell, r.action, rulePorts(r.id, keyOfSlot(slot)));
            st.allow[slot] = cell.allow;
            st.deny[slot] = cell.deny;
            st.pass[slot] = cell.pass;
          };
          if (slots === 'all') for (let s = 0; s < P; s++) each(s);
          else for (const s of slots) each(s);
        }
      }
      return st;
    };
    const admin = anps.length ? fold(model.adminPolicies, anps) : undefined;
    const base = banps.length ? fold(model.baselinePolicies, banps) : undefined;
    let np: Int32Array | undefined;
    if (nps.length) {
      np = new Int32Array(P);
      for (const i of nps) {
        for (const r of npRules.get(model.networkPolicies[i]!)![direction]) {
          const slots = ruleMatch[r]!;
          if (slots === 'all')
            for (let s = 0; s < P; s++) np[s] = alg.union(np[s]!, rulePorts(r, keyOfSlot(s)));
          else for (const s of slots) np[s] = alg.union(np[s]!, rulePorts(r, keyOfSlot(s)));
        }
      }
    }
    const out = new Int32Array(P);
    const a: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    const b: FirstMatchState<number> = { allow: 0, deny: 0, pass: 0 };
    for (let s = 0; s < P; s++) {
      if (admin) {
        a.allow = admin.allow[s]!;
        a.deny = admin.deny[s]!;
      }
      if (base) b.deny = base.deny[s]!;
      out[s] = combineTiers(
        alg,
        admin ? a : undefined,
        np ? np[s]! : undefined,
        base ? b : undefined,
      ).allowed;
    }
    return out;
  };

  const vectors = (direction: Direction): Array<Int32Array | null> => {
    const cache = new Map<string, Int32Array | null>();
    const out: Array<Int32Array | null> = new Array(C);
    for (let c = 0; c < C; c++) {
      if (!isSelectable(classes[c]!, profile)) {
        out[c] = null;
        continue;
      }
      const nps = direction === 'ingress' ? npIn[c]! : npEg[c]!;
      const banps = nps.length === 0 ? banpOf[c]! : [];
      const anps = anpOf[c]!;
      // Named ports on ingress resolve on the subject itself: part of the signature.
      let named = false;
      if (direction === 'ingress') {
        for (const i of nps)
          for (const r of npRules.get(model.networkPolicies[i]!)!.ingress) named ||= rules[r]!.named;
        for (const i of anps)
          for (const r of adminRules.get(model.adminPolicies[i]!)!.ingress) named ||= rules[r.id]!.named;
        for (const i of banps)
          for (const r of adminRules.get(model.baselinePolicies[i]!)!.ingress) named ||= rules[r.id]!.named;
      }
      const key = `${anps.join(',')}|${nps.join(',')}|${banps.join(',')}|${named ? portsKey[c] : 0}`;
      let v = cache.get(key);
      if (v === undefined) {
        v = computeVector(direction, c);
        cache.set(key, v);
      }
      out[c] = v;
    }
    return out;
  };
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
        const eg = e ? e[classOf[dst.index]!]! : ConnTable.ALL;
        const ing = i ? i[classOf[src.index]!]! : ConnTable.ALL;
        return alg.intersect(eg, ing);
      }
      if (dst.type === 'external') {
        const k = atomIndex(dstAtoms, dst);
        if (k < 0) throw new Error(`${dst.display} spans more than one destination atom`);
        return e ? e[C + k]! : ConnTable.ALL;
      }
      return ConnTable.EMPTY;
    }
    if (dst.type !== 'workload') return ConnTable.EMPTY;
    const i = ingressVec[classOf[dst.index]!]!;
    if (src.type === 'external') {
      const k = atomIndex(srcAtoms, src);
      if (k < 0) throw new Error(`${src.display} spans more than one source atom`);
      return i ? i[C + k]! : ConnTable.ALL;
    }
    const exposed = exposureIds.get(dst.index) ?? ConnTable.EMPTY;
    return alg.intersect(i ? i[INGRESS_CTRL]! : ConnTable.ALL, exposed);
  };

  const forEach = (fn: (src: Peer, dst: Peer, connId: number) => void): void => {
    const srcs: Peer[] = [...workloads, ...srcAtoms];
    if (exposureIds.size > 0) srcs.push({ type: 'ingress-controller', display: '{ingress-controller}' });
    srcs.sort(byDisplay);
    const dstsAll: Peer[] = [...workloads, ...dstAtoms].sort(byDisplay);
    const dstWorkloads = dstsAll.filter((p) => p.type === 'workload');
    for (const src of srcs) {
      const dsts = src.type === 'workload' ? dstsAll : dstWorkloads;
      if (src.type === 'workload') {
        // Fast path: one row of the egress vector against each destination's ingress vector.
        const cs = classOf[src.index]!;
        const e = egressVec[cs]!;
        for (const dst of dsts) {
          let id: number;
          if (dst.type === 'workload') {
            if (dst.index === src.index && !(profile.selfConnections && src.replicated)) continue;
            const cd = classOf[dst.index]!;
            const i = ingressVec[cd]!;
            id = alg.intersect(e ? e[cd]! : ConnTable.ALL, i ? i[cs]! : ConnTable.ALL);
          } else id = betweenId(src, dst);
          if (id !== ConnTable.EMPTY) fn(src, dst, id);
        }
      } else {
        for (const dst of dsts) {
          const id = betweenId(src, dst);
          if (id !== ConnTable.EMPTY) fn(src, dst, id);
        }
      }
    }
  };

  return {
    model,
    table,
    classCount: C,
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
