/**
 * NetworkPolicies from observed connections: for every namespace in scope a default
 * deny (both directions) and a DNS allowance, then for every workload an ingress policy
 * allowing exactly the sources seen connecting to it, and an egress policy allowing
 * exactly the destinations it was seen connecting to, on the ports seen.
 *
 * - Workloads are selected by stable labels (selectors.ts), peers in other namespaces
 *   by `kubernetes.io/metadata.name` and their labels; addresses by ipBlocks that cover
 *   exactly the addresses seen (merged into the fewest CIDRs, never widened).
 * - Peers with the same port set share a rule; ports are per protocol, contiguous ports
 *   merged into `port`/`endPort` ranges; everything is sorted, so the output is the same
 *   for the same input.
 * - Replies are not connections (the parsers drop them). Traffic from the pod's own node
 *   (Cilium `reserved:host`) is always allowed by Kubernetes and gets no rule; other
 *   node, world and API-server traffic gets ipBlocks of the addresses seen.
 * - DNS to the cluster DNS on its DNS ports is covered by the namespace's DNS policy.
 * - Scope: the namespaces of the manifests' workloads (of the flows' when there are no
 *   manifests) except kube-system, kube-public and kube-node-lease, or the namespaces
 *   asked for.
 *   Connections between two workloads outside the scope are left alone.
 */
import type { Labels } from '../../model/selectors.js';
import type { ObservedConnection, Resolution, ResolvedEndpoint } from '../flows/resolve.js';
import { fromIntervals, type IntervalSet, intervalsOf, range } from '../intervals.js';
import { formatIPv4 } from '../ip.js';
import { isSelectable, type NetpolModel } from '../model.js';
import { CONN_SET_ALGEBRA, type ConnSet, connOf, formatConn, PROTOCOLS } from '../ports.js';
import type { WorkloadPeer } from '../workloads.js';
import { dnsPort, dnsSelector, isDnsWorkload } from './dns.js';
import { type SelectorChoice, stableSelector } from './selectors.js';

export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

export interface GenerateOptions {
  /** Generate for these namespaces only. */
  namespaces?: readonly string[];
}

type Obj = Record<string, unknown>;

export interface GeneratedPolicy {
  readonly kind: 'default-deny' | 'dns' | 'ingress' | 'egress';
  readonly namespace: string;
  readonly name: string;
  /** The workload the policy is for (ingress/egress). */
  readonly subject?: WorkloadPeer;
  readonly object: Obj;
  /** Comment lines printed above the policy: what it allows and why. */
  readonly comment: readonly string[];
}

export interface Generation {
  readonly policies: GeneratedPolicy[];
  /** Namespaces policies were generated for, sorted. */
  readonly scope: readonly string[];
  /** What the user should know: fallbacks, assumptions, traffic left out. */
  readonly notes: string[];
  /** Connections the policies are meant to allow (in scope, not DNS, not from the local node). */
  readonly allowed: readonly ObservedConnection[];
  /** Connections left out, by reason. */
  readonly left: Record<string, number>;
  /** The selector chosen for each workload, by display name. */
  readonly selectors: ReadonlyMap<string, SelectorChoice>;
  /** The DNS servers the DNS policies allow (workloads of the input or flows; empty: the usual CoreDNS labels). */
  readonly dnsServers: readonly WorkloadPeer[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The fewest CIDRs whose union is exactly the set. */
export function cidrsOf(set: IntervalSet): string[] {
  const out: string[] = [];
  for (const [first, last] of intervalsOf(set)) {
    let a = first;
    while (a <= last) {
      let size = 1;
      // Largest aligned block starting at a that fits in [a, last].
      while (size * 2 <= 2 ** 32 && a % (size * 2) === 0 && a + size * 2 - 1 <= last) size *= 2;
      out.push(`${formatIPv4(a)}/${32 - Math.log2(size)}`);
      a += size;
    }
  }
  return out;
}

/** NetworkPolicy `ports` entries for a connection set: per protocol, ranges as port/endPort. */
export function portEntries(c: ConnSet): Obj[] {
  const out: Obj[] = [];
  for (const protocol of PROTOCOLS)
    for (const [a, b] of intervalsOf(c[protocol]))
      out.push(a === b ? { protocol, port: a } : { protocol, port: a, endPort: b });
  return out;
}

const policyName = (w: WorkloadPeer, suffix: string) =>
  `${w.name.replace(/[^a-z0-9.-]/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')}-${suffix}`;

function describeEndpoint(e: ResolvedEndpoint): string {
  if (e.kind === 'workload') return e.peer.display;
  const range =
    e.peer.first === e.peer.last ? formatIPv4(e.peer.first) : cidrsOf([e.peer.first, e.peer.last]).join(', ');
  const what = e.reserved && e.reserved !== 'world' ? ` (${e.reserved})` : '';
  const names = e.names.length
    ? ` (${e.names.slice(0, 3).join(', ')}${e.names.length > 3 ? ', ...' : ''})`
    : '';
  return `${range}${what}${names}`;
}

export function generatePolicies(
  model: NetpolModel,
  resolution: Resolution,
  options: GenerateOptions = {},
): Generation {
  const notes: string[] = [];
  const left: Record<string, number> = {};
  const leave = (why: string) => {
    left[why] = (left[why] ?? 0) + 1;
  };
  const all: WorkloadPeer[] = [...model.workloads, ...resolution.synthetic.values()];
  const byNs = new Map<string, WorkloadPeer[]>();
  for (const w of all) {
    const list = byNs.get(w.namespace);
    if (list) list.push(w);
    else byNs.set(w.namespace, [w]);
  }
  // The namespaces the manifests describe (those seen only in flows are someone else's),
  // or, without manifests, those of the flows.
  const described =
    model.workloads.length > 0 ? new Set(model.workloads.map((w) => w.namespace)) : new Set(byNs.keys());
  let scope = [...described].filter((ns) => !SYSTEM_NAMESPACES.includes(ns));
  if (options.namespaces) {
    const asked = new Set(options.namespaces);
    for (const ns of asked)
      if (!byNs.has(ns))
        notes.push(`namespace ${ns} has no workload in the manifests or the flows; nothing generated for it`);
    scope = scope
      .filter((ns) => asked.has(ns))
      .concat([...asked].filter((ns) => SYSTEM_NAMESPACES.includes(ns) && byNs.has(ns)));
  }
  scope = [...new Set(scope)].sort();
  const inScope = new Set(scope);
  for (const d of resolution.assumedLabels)
    notes.push(
      `${d} is not in the manifests and the flows carry no labels: it is selected by app.kubernetes.io/name=${resolution.synthetic.get(d)?.name} (assumed; check the label)`,
    );

  // Selectors, chosen once per workload against its namespace's other workloads.
  const selectors = new Map<string, SelectorChoice>();
  const selectorOf = (w: WorkloadPeer): SelectorChoice => {
    let s = selectors.get(w.display);
    if (!s) {
      s = stableSelector(w, byNs.get(w.namespace) ?? []);
      selectors.set(w.display, s);
      if (s.labels === undefined)
        notes.push(
          `${w.display} has no labels a selector could use: no policy can allow its traffic specifically`,
        );
      else if (s.alsoSelects.length > 0)
        notes.push(
          `${w.display}: no label set selects it alone; {${Object.entries(s.labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}} also selects ${s.alsoSelects.map((x) => x.display).join(', ')}`,
        );
    }
    return s;
  };

  const dnsServers = all.filter(isDnsWorkload);
  const dnsRef = dnsServers[0];
  const isDnsTraffic = (c: ObservedConnection) =>
    c.dst.kind === 'workload' &&
    isDnsWorkload(c.dst.peer) &&
    (c.protocol === 'UDP' || c.protocol === 'TCP') &&
    c.port === dnsPort(c.dst.peer, c.protocol);

  // Which connections each workload's ingress and egress policies must allow.
  const ingressOf = new Map<string, ObservedConnection[]>();
  const egressOf = new Map<string, ObservedConnection[]>();
  const push = (m: Map<string, ObservedConnection[]>, k: string, c: ObservedConnection) => {
    const list = m.get(k);
    if (list) list.push(c);
    else m.set(k, [c]);
  };
  const allowed: ObservedConnection[] = [];
  const governed = (e: ResolvedEndpoint) =>
    e.kind === 'workload' && inScope.has(e.peer.namespace) && isSelectable(e.peer, model.profile);
  for (const c of resolution.connections) {
    const srcIn = governed(c.src);
    const dstIn = governed(c.dst);
    if (!srcIn && !dstIn) {
      leave('between workloads or addresses outside the generated namespaces');
      continue;
    }
    if (c.src.kind === 'ip' && c.src.reserved === 'host') {
      leave("from the pod's own node (always allowed)");
      continue;
    }
    if (isDnsTraffic(c)) {
      leave('DNS to the cluster DNS (covered by the allow-dns policies)');
      if (dstIn) push(ingressOf, c.dst.peer.display, c);
      continue;
    }
    const unselectable = [c.src, c.dst].find(
      (e) => e.kind === 'workload' && !isSelectable(e.peer, model.profile),
    );
    if (unselectable) {
      leave('to or from a host-network workload (not selectable; its traffic is node traffic)');
      notes.push(
        `${unselectable.kind === 'workload' ? unselectable.peer.display : ''} uses the host network: policies cannot select it; its traffic (${describeEndpoint(c.src)} -> ${describeEndpoint(c.dst)} ${c.protocol} ${c.port}) needs an ipBlock of the node addresses`,
      );
      continue;
    }
    allowed.push(c);
    if (srcIn) push(egressOf, c.src.peer.display, c);
    if (dstIn) push(ingressOf, c.dst.peer.display, c);
  }

  const peerObject = (e: ResolvedEndpoint, policyNs: string): Obj | undefined => {
    if (e.kind === 'ip') return undefined;
    const s = selectorOf(e.peer);
    if (s.labels === undefined) return undefined;
    const podSelector = { matchLabels: s.labels };
    return e.peer.namespace === policyNs
      ? { podSelector }
      : {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': e.peer.namespace } },
          podSelector,
        };
  };

  /** The rules for one direction of one workload: peers grouped by identical port sets. */
  const rules = (w: WorkloadPeer, conns: ObservedConnection[], direction: 'ingress' | 'egress') => {
    const peerKey = direction === 'ingress' ? 'from' : 'to';
    const byPeer = new Map<string, { e: ResolvedEndpoint; conn: ConnSet; lines: string[] }>();
    for (const c of conns) {
      const e = direction === 'ingress' ? c.src : c.dst;
      const key = e.kind === 'workload' ? `w:${e.peer.display}` : `ip:${e.peer.first}-${e.peer.last}`;
      let p = byPeer.get(key);
      if (!p) {
        p = { e, conn: CONN_SET_ALGEBRA.empty, lines: [] };
        byPeer.set(key, p);
      }
      p.conn = CONN_SET_ALGEBRA.union(p.conn, connOf(c.protocol, range(c.port, c.port)));
      p.lines.push(
        `${direction === 'ingress' ? 'from' : 'to'} ${describeEndpoint(e)}: ${c.protocol} ${c.port} (${c.flows} flow${c.flows === 1 ? '' : 's'}, ${c.location.file}:${c.location.line})`,
      );
    }
    const groups = new Map<string, { conn: ConnSet; peers: Obj[]; ips: Array<[number, number]> }>();
    const comment: string[] = [];
    for (const [, p] of [...byPeer].sort(([a], [b]) => cmp(a, b))) {
      comment.push(...p.lines);
      const key = formatConn(p.conn);
      let g = groups.get(key);
      if (!g) {
        g = { conn: p.conn, peers: [], ips: [] };
        groups.set(key, g);
      }
      if (p.e.kind === 'ip') g.ips.push([p.e.peer.first, p.e.peer.last]);
      else {
        const obj = peerObject(p.e, w.namespace);
        if (obj && !g.peers.some((x) => JSON.stringify(x) === JSON.stringify(obj))) g.peers.push(obj);
      }
    }
    const out: Obj[] = [];
    for (const g of groups.values()) {
      const peers = [...g.peers].sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
      for (const cidr of cidrsOf(fromIntervals(g.ips))) peers.push({ ipBlock: { cidr } });
      if (peers.length === 0) continue;
      out.push({ [peerKey]: peers, ports: portEntries(g.conn) });
    }
    out.sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
    return { rules: out, comment };
  };

  const meta = (name: string, namespace: string) => ({
    name,
    namespace,
    labels: { 'app.kubernetes.io/managed-by': 'kzt' },
  });
  const policies: GeneratedPolicy[] = [];
  for (const ns of scope) {
    policies.push({
      kind: 'default-deny',
      namespace: ns,
      name: 'default-deny',
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('default-deny', ns),
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      },
      comment: [`Namespace ${ns}: nothing in or out unless a policy below allows it.`],
    });
    const dnsPorts = dnsRef
      ? [
          { protocol: 'UDP', port: dnsPort(dnsRef, 'UDP') },
          { protocol: 'TCP', port: dnsPort(dnsRef, 'TCP') },
        ]
      : [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ];
    policies.push({
      kind: 'dns',
      namespace: ns,
      name: 'allow-dns',
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('allow-dns', ns),
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              to: [
                {
                  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                  podSelector: { matchLabels: dnsSelector(dnsRef) },
                },
              ],
              ports: dnsPorts,
            },
          ],
        },
      },
      comment: [
        dnsRef
          ? `Namespace ${ns}: DNS to ${dnsServers.map((d) => d.display).join(', ')}.`
          : `Namespace ${ns}: DNS to the cluster DNS (kube-system, k8s-app=kube-dns; not in the input).`,
      ],
    });
    const names = new Set<string>();
    const unique = (w: WorkloadPeer, suffix: string) => {
      let name = policyName(w, suffix);
      if (names.has(name)) name = policyName(w, `${w.kind.toLowerCase()}-${suffix}`);
      names.add(name);
      return name;
    };
    for (const w of [...(byNs.get(ns) ?? [])].sort((a, b) => cmp(a.display, b.display))) {
      if (!isSelectable(w, model.profile)) continue;
      const s = selectorOf(w);
      if (s.labels === undefined) continue;
      for (const direction of ['ingress', 'egress'] as const) {
        const conns = (direction === 'ingress' ? ingressOf : egressOf).get(w.display);
        if (!conns) continue;
        const { rules: rs, comment } = rules(
          w,
          conns.filter((c) => !(direction === 'ingress' && isDnsTraffic(c))),
          direction,
        );
        if (direction === 'ingress' && isDnsWorkload(w)) {
          // The cluster DNS itself is in scope: every pod of the cluster must keep resolving names.
          comment.push('DNS from every pod and address (the cluster DNS serves the whole cluster).');
          rs.push({
            ports: [
              { protocol: 'UDP', port: dnsPort(w, 'UDP') },
              { protocol: 'TCP', port: dnsPort(w, 'TCP') },
            ],
          });
        }
        if (rs.length === 0) continue;
        const name = unique(w, direction);
        policies.push({
          kind: direction,
          namespace: ns,
          name,
          subject: w,
          object: {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: meta(name, ns),
            spec: {
              podSelector: { matchLabels: s.labels },
              policyTypes: [direction === 'ingress' ? 'Ingress' : 'Egress'],
              [direction]: rs,
            },
          },
          comment: [
            `${direction === 'ingress' ? 'Into' : 'Out of'} ${w.display}:`,
            ...comment.map((l) => `  ${l}`),
          ],
        });
      }
    }
  }
  return { policies, scope, notes: [...new Set(notes)], allowed, left, selectors, dnsServers };
}

export type { Labels };
