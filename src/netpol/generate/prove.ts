/**
 * The proof that generated policies are exactly right for the observed traffic, by the
 * real engine: the manifests' workloads (plus a pod for every workload seen only in the
 * flows, with the labels the flows report), their AdminNetworkPolicies and
 * BaselineAdminNetworkPolicies, the NetworkPolicies of namespaces outside the scope, and
 * the generated policies *as emitted* (the YAML text, parsed back) replacing the
 * NetworkPolicies of the generated namespaces. Then, with all-pairs connectivity:
 *
 * 1. soundness — every observed connection that involves a generated namespace is
 *    allowed (on its protocol and port, for every address of its range);
 * 2. minimality — every connection allowed to or from a workload of a generated
 *    namespace was observed, or is DNS to the cluster DNS (its pods on their DNS ports,
 *    or NodeLocal DNSCache's 169.254.20.10 on 53).
 *
 * Exceptions carry the engine's reasons: for a blocked connection, the deciding policy
 * and rule in each direction (explain); for an unexpected allowance, the rules that
 * allow it (usually a selector that also matches a workload with the same labels, or an
 * admin policy). Traffic from a pod's own node and traffic of host-network workloads
 * are not policy-governed and are not checked.
 */
import { inventoryFromYaml } from '../../input/load.js';
import { Inventory } from '../../model/inventory.js';
import { computeConnectivity } from '../connectivity.js';
import { evaluatePair } from '../evaluate.js';
import { describeRule, explainPair } from '../explain.js';
import { namespaceNarrowing } from '../flows/replay.js';
import type { ObservedConnection, Resolution, ResolvedEndpoint } from '../flows/resolve.js';
import { range } from '../intervals.js';
import { formatIPv4, parseIPv4 } from '../ip.js';
import { buildNetpolModel, isSelectable, type NetpolModel } from '../model.js';
import { externalPieces } from '../peer-ref.js';
import { CONN_SET_ALGEBRA, type ConnSet, connHas, connOf, formatConn } from '../ports.js';
import type { Profile, ProfileName } from '../profile.js';
import type { ExternalPeer, Peer, WorkloadPeer } from '../workloads.js';
import { dnsPort, isDnsWorkload } from './dns.js';
import type { Generation } from './generate.js';

export interface ProofException {
  readonly src: string;
  readonly dst: string;
  /** "TCP 8080", or the connection set allowed beyond what was observed. */
  readonly conn: string;
  readonly why: readonly string[];
}

export interface Proof {
  readonly profile: string;
  /** Observed connections involving a generated namespace (checked for soundness). */
  readonly observed: number;
  readonly observedAllowed: number;
  readonly blocked: readonly ProofException[];
  /** Peer pairs with some connection allowed to or from a generated namespace. */
  readonly allowedPairs: number;
  /** Of those, pairs whose whole allowance was observed, or is DNS. */
  readonly allowedObserved: number;
  readonly allowedDnsOnly: number;
  readonly unexpected: readonly ProofException[];
  /** Unexpected allowances beyond the listed ones (the list is capped). */
  readonly unexpectedMore: number;
  /** NetworkPolicies of the manifests replaced by the generated ones. */
  readonly replaced: number;
  readonly holds: boolean;
}

const MAX_LISTED = 200;

/** NodeLocal DNSCache's address: DNS too. */
const NODE_LOCAL_DNS = parseIPv4('169.254.20.10')!;

type ObservedRange = { first: number; last: number; conn: ConnSet };

/**
 * The connections observed for every address of the external peer: an address range
 * (one equivalence class of the IP space) counts as observed only as far as each of its
 * addresses was, alone or through several observed ranges that together cover it.
 */
function observedForEveryAddress(p: ExternalPeer, observed: readonly ObservedRange[]): ConnSet {
  const overlapping = observed.filter((o) => o.first <= p.last && o.last >= p.first);
  if (overlapping.length === 0) return CONN_SET_ALGEBRA.empty;
  // Cut the peer's range where an observed range starts or ends; within a piece, every
  // address is covered by the same observed ranges.
  const cuts = new Set<number>([p.first]);
  for (const o of overlapping) {
    if (o.first > p.first) cuts.add(o.first);
    if (o.last < p.last) cuts.add(o.last + 1);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  let every: ConnSet | undefined;
  for (const start of starts) {
    let piece = CONN_SET_ALGEBRA.empty;
    for (const o of overlapping)
      if (o.first <= start && o.last >= start) piece = CONN_SET_ALGEBRA.union(piece, o.conn);
    every = every === undefined ? piece : CONN_SET_ALGEBRA.intersect(every, piece);
    if (every === CONN_SET_ALGEBRA.empty) break;
  }
  return every ?? CONN_SET_ALGEBRA.empty;
}

export function provePolicies(
  inventory: Inventory,
  resolution: Resolution,
  generation: Generation,
  generatedYaml: string,
  profile: Profile | ProfileName = 'k8s',
): Proof {
  const scope = new Set(generation.scope);
  // The world the policies will live in.
  const kept = inventory.resources.filter(
    (r) =>
      !(
        r.ref.kind === 'NetworkPolicy' &&
        r.ref.apiVersion.startsWith('networking.k8s.io/') &&
        scope.has(r.ref.namespace ?? 'default')
      ),
  );
  const replaced = inventory.resources.length - kept.length;
  const synthetic = [...resolution.synthetic.values()].map((w) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: w.kind === 'Pod' ? w.name : `${w.name}-observed`,
      namespace: w.namespace,
      labels: w.labels,
      ...(w.kind === 'Pod'
        ? {}
        : {
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: w.kind, name: w.name, uid: 'observed', controller: true },
            ],
          }),
    },
    spec: { containers: [{ name: 'observed', image: 'observed' }] },
  }));
  const extra = inventoryFromYaml(
    synthetic.map((o) => JSON.stringify(o)).join('\n---\n'),
    'observed-workloads.yaml',
  );
  const generated = inventoryFromYaml(generatedYaml, 'generated.yaml');
  const world = new Inventory([...kept, ...extra.inventory.resources, ...generated.inventory.resources]);
  const model = buildNetpolModel(world, { profile });
  const conn = computeConnectivity(model);
  const narrow = namespaceNarrowing(model);

  const byDisplay = new Map(model.workloads.map((w) => [w.display, w]));
  const governed = (w: WorkloadPeer) => scope.has(w.namespace) && isSelectable(w, model.profile);
  const peersOf = (e: ResolvedEndpoint, role: 'src' | 'dst'): Peer[] => {
    if (e.kind === 'workload') {
      const w = byDisplay.get(e.peer.display);
      return w ? [w] : [];
    }
    return externalPieces(role === 'src' ? model.sourceAtoms : model.destinationAtoms, [
      e.peer.first,
      e.peer.last,
    ]);
  };
  const name = (e: ResolvedEndpoint) =>
    e.kind === 'workload'
      ? e.peer.display
      : e.peer.first === e.peer.last
        ? formatIPv4(e.peer.first)
        : `${formatIPv4(e.peer.first)}-${formatIPv4(e.peer.last)}`;

  // What to verify: observed connections touching the scope that policies govern.
  const relevant = (c: ObservedConnection) => {
    if (c.src.kind === 'ip' && c.src.reserved === 'host') return false;
    const inScope = [c.src, c.dst].some((e) => e.kind === 'workload' && scope.has(e.peer.namespace));
    const hostNet = [c.src, c.dst].some(
      (e) => e.kind === 'workload' && !isSelectable(byDisplay.get(e.peer.display) ?? e.peer, model.profile),
    );
    return inScope && !hostNet;
  };

  // Observed allowances, by pair of peers, for the minimality check.
  const observedPairs = new Map<string, ConnSet>();
  const observedRanges = new Map<string, ObservedRange[]>();
  const addObserved = (k: string, c: ConnSet) =>
    observedPairs.set(k, CONN_SET_ALGEBRA.union(observedPairs.get(k) ?? CONN_SET_ALGEBRA.empty, c));

  const blocked: ProofException[] = [];
  let observed = 0;
  let observedAllowed = 0;
  for (const c of resolution.connections) {
    if (!relevant(c)) continue;
    observed++;
    const one = connOf(c.protocol, range(c.port, c.port));
    if (c.src.kind === 'workload' && c.dst.kind === 'workload')
      addObserved(`${c.src.peer.display}|${c.dst.peer.display}`, one);
    else if (c.src.kind === 'workload' && c.dst.kind === 'ip') {
      const k = `${c.src.peer.display}|>`;
      observedRanges.set(k, [
        ...(observedRanges.get(k) ?? []),
        { first: c.dst.peer.first, last: c.dst.peer.last, conn: one },
      ]);
    } else if (c.dst.kind === 'workload' && c.src.kind === 'ip') {
      const k = `<|${c.dst.peer.display}`;
      observedRanges.set(k, [
        ...(observedRanges.get(k) ?? []),
        { first: c.src.peer.first, last: c.src.peer.last, conn: one },
      ]);
    }
    const srcs = peersOf(c.src, 'src');
    const dsts = peersOf(c.dst, 'dst');
    if (srcs.length === 0 || dsts.length === 0) {
      blocked.push({
        src: name(c.src),
        dst: name(c.dst),
        conn: `${c.protocol} ${c.port}`,
        why: ['not in the analysed workloads'],
      });
      continue;
    }
    let ok = true;
    const why: string[] = [];
    for (const s of srcs)
      for (const d of dsts) {
        if (connHas(conn.between(s, d), c.protocol, c.port)) continue;
        ok = false;
        const v = explainPair(narrow(s, d), s, d, { protocol: c.protocol, port: c.port }).port;
        if (v) {
          if (!v.egress.allowed) why.push(`egress: ${v.egress.reason}`);
          if (!v.ingress.allowed) why.push(`ingress: ${v.ingress.reason}`);
        }
      }
    if (ok) observedAllowed++;
    else
      blocked.push({
        src: name(c.src),
        dst: name(c.dst),
        conn: `${c.protocol} ${c.port}`,
        why: [...new Set(why)].concat([`first seen at ${c.location.file}:${c.location.line}`]),
      });
  }

  // Minimality: every allowance touching the scope.
  let allowedPairs = 0;
  let allowedObserved = 0;
  let allowedDnsOnly = 0;
  let unexpectedMore = 0;
  const unexpected: ProofException[] = [];
  conn.forEach((src, dst, id) => {
    const srcIn = src.type === 'workload' && governed(src);
    const dstIn = dst.type === 'workload' && governed(dst);
    if (!srcIn && !dstIn) return;
    allowedPairs++;
    let rest = conn.table.get(id);
    let seen = CONN_SET_ALGEBRA.empty;
    if (src.type === 'workload' && dst.type === 'workload')
      seen = observedPairs.get(`${src.display}|${dst.display}`) ?? seen;
    else if (src.type === 'workload' && dst.type === 'external')
      seen = observedForEveryAddress(dst, observedRanges.get(`${src.display}|>`) ?? []);
    if (src.type === 'external' && dst.type === 'workload')
      seen = observedForEveryAddress(src, observedRanges.get(`<|${dst.display}`) ?? []);
    rest = CONN_SET_ALGEBRA.subtract(rest, seen);
    let dnsUsed = false;
    const nodeLocal = dst.type === 'external' && dst.first === NODE_LOCAL_DNS && dst.last === NODE_LOCAL_DNS;
    if (rest !== CONN_SET_ALGEBRA.empty && ((dst.type === 'workload' && isDnsWorkload(dst)) || nodeLocal)) {
      const udp = dst.type === 'workload' ? dnsPort(dst, 'UDP') : 53;
      const tcp = dst.type === 'workload' ? dnsPort(dst, 'TCP') : 53;
      const dns = CONN_SET_ALGEBRA.union(connOf('UDP', range(udp, udp)), connOf('TCP', range(tcp, tcp)));
      const after = CONN_SET_ALGEBRA.subtract(rest, dns);
      dnsUsed = after !== rest;
      rest = after;
    }
    if (rest === CONN_SET_ALGEBRA.empty) {
      if (seen === CONN_SET_ALGEBRA.empty && dnsUsed) allowedDnsOnly++;
      else allowedObserved++;
      return;
    }
    if (unexpected.length >= MAX_LISTED) {
      unexpectedMore++;
      return;
    }
    unexpected.push({
      src: src.display,
      dst: dst.display,
      conn: formatConn(rest),
      why: whyAllowed(model, src, dst, rest),
    });
  });

  return {
    profile: model.profile.name,
    observed,
    observedAllowed,
    blocked,
    allowedPairs,
    allowedObserved,
    allowedDnsOnly,
    unexpected,
    unexpectedMore,
    replaced,
    holds: blocked.length === 0 && unexpected.length === 0,
  };
}

/** The rules (or defaults) that allow `rest` from src to dst, in both directions. */
function whyAllowed(model: NetpolModel, src: Peer, dst: Peer, rest: ConnSet): string[] {
  const pair = evaluatePair(model, src, dst);
  const out: string[] = [];
  for (const d of [pair.egress, pair.ingress]) {
    if (!d.enforced) {
      out.push(
        `${d.direction}: not governed by policies (${d.subject ? `${d.subject.display} uses the host network` : 'outside the cluster'})`,
      );
      continue;
    }
    const rules = [...d.admin.matches, ...d.networkPolicy.matches, ...d.baseline.matches].filter(
      (m) => m.action === 'Allow' && CONN_SET_ALGEBRA.intersect(m.effect, rest) !== CONN_SET_ALGEBRA.empty,
    );
    if (rules.length > 0) out.push(`${d.direction}: allowed by ${rules.map(describeRule).join('; ')}`);
    else if (d.networkPolicy.isolating.length === 0)
      out.push(
        `${d.direction}: no NetworkPolicy isolates ${d.subject?.display} (${d.direction === 'egress' ? 'the source is outside the generated namespaces' : 'the destination is outside the generated namespaces'})`,
      );
  }
  return out;
}
