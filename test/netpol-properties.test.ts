/**
 * Property tests: interval arithmetic (port sets, IPv4 sets with except) against
 * explicit sets, label selectors against a direct reading of the API rules, and the
 * class-based connectivity engine against a brute-force reference that evaluates each
 * (source pod, destination pod, protocol, port) straight from the raw objects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inventoryFromYaml } from '../src/input/load.js';
import { type Labels, parseLabelSelector, selectorMatches } from '../src/model/selectors.js';
import { computeConnectivity } from '../src/netpol/connectivity.js';
import { evaluatePair } from '../src/netpol/evaluate.js';
import {
  atomsOf,
  contains,
  fromIntervals,
  type IntervalSet,
  intersect,
  subtract,
  union,
} from '../src/netpol/intervals.js';
import { formatIPv4, parseCidr, parseIPv4 } from '../src/netpol/ip.js';
import { buildNetpolModel } from '../src/netpol/model.js';
import { externalPieces } from '../src/netpol/peer-ref.js';
import {
  ConnTable,
  connEquals,
  connHas,
  connIntersect,
  connOf,
  connSubtract,
  connUnion,
  type Protocol,
} from '../src/netpol/ports.js';
import { K8S_PROFILE, NP_GUARD_PROFILE, type Profile } from '../src/netpol/profile.js';
import type { Peer, WorkloadPeer } from '../src/netpol/workloads.js';

// ---- interval sets ------------------------------------------------------------------------

const U = 64; // a small universe, so sets can be enumerated
const arbIntervals = fc.array(
  fc
    .tuple(fc.integer({ min: 0, max: U - 1 }), fc.integer({ min: 0, max: U - 1 }))
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]),
  { maxLength: 6 },
);
const toSet = (s: IntervalSet): Set<number> => {
  const out = new Set<number>();
  for (let i = 0; i < s.length; i += 2) for (let v = s[i]!; v <= s[i + 1]!; v++) out.add(v);
  return out;
};
const normalized = (s: IntervalSet) => {
  for (let i = 0; i < s.length; i += 2) {
    if (s[i]! > s[i + 1]!) return false;
    if (i > 0 && s[i]! <= s[i - 1]! + 1) return false; // sorted, disjoint and not adjacent
  }
  return true;
};

describe('interval sets', () => {
  it('union, intersection and difference agree with explicit sets and stay normalized', () => {
    fc.assert(
      fc.property(arbIntervals, arbIntervals, (pa, pb) => {
        const a = fromIntervals(pa);
        const b = fromIntervals(pb);
        const sa = toSet(a);
        const sb = toSet(b);
        for (const [op, expected] of [
          [union(a, b), new Set([...sa, ...sb])],
          [intersect(a, b), new Set([...sa].filter((v) => sb.has(v)))],
          [subtract(a, b), new Set([...sa].filter((v) => !sb.has(v)))],
        ] as const) {
          expect(normalized(op)).toBe(true);
          expect([...toSet(op)].sort((x, y) => x - y)).toEqual([...expected].sort((x, y) => x - y));
        }
        for (let v = 0; v < U; v++) expect(contains(a, v)).toBe(sa.has(v));
      }),
      { numRuns: 500 },
    );
  });

  it('atoms tile the range and every input set is a union of atoms', () => {
    fc.assert(
      fc.property(fc.array(arbIntervals, { maxLength: 5 }), (inputs) => {
        const sets = inputs.map(fromIntervals);
        const atoms = atomsOf(sets, 0, U - 1);
        expect(atoms[0]![0]).toBe(0);
        expect(atoms[atoms.length - 1]![1]).toBe(U - 1);
        for (let i = 1; i < atoms.length; i++) expect(atoms[i]![0]).toBe(atoms[i - 1]![1] + 1);
        for (const s of sets)
          for (const [a, b] of atoms) {
            const inside = contains(s, a);
            for (let v = a; v <= b; v++) expect(contains(s, v)).toBe(inside);
          }
        // coarsest: two neighbouring atoms differ in some input set
        for (let i = 1; i < atoms.length; i++)
          expect(sets.some((s) => contains(s, atoms[i]![0]) !== contains(s, atoms[i - 1]![1]))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('interned connection-set operations equal the plain ones', () => {
    const arbConn = fc
      .tuple(arbIntervals, arbIntervals, arbIntervals)
      .map(([t, u, s]) =>
        connUnion(
          connUnion(
            connOf('TCP', fromIntervals(t.map(([a, b]) => [a + 1, b + 1]))),
            connOf('UDP', fromIntervals(u.map(([a, b]) => [a + 1, b + 1]))),
          ),
          connOf('SCTP', fromIntervals(s.map(([a, b]) => [a + 1, b + 1]))),
        ),
      );
    const table = new ConnTable();
    fc.assert(
      fc.property(arbConn, arbConn, (a, b) => {
        const ia = table.id(a);
        const ib = table.id(b);
        expect(connEquals(table.get(table.union(ia, ib)), connUnion(a, b))).toBe(true);
        expect(connEquals(table.get(table.intersect(ia, ib)), connIntersect(a, b))).toBe(true);
        expect(connEquals(table.get(table.subtract(ia, ib)), connSubtract(a, b))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- IPv4 -------------------------------------------------------------------------------------

const arbIp = fc.integer({ min: 0, max: 4294967295 });
describe('IPv4 sets', () => {
  it('formats and parses addresses', () => {
    fc.assert(
      fc.property(arbIp, (n) => {
        expect(parseIPv4(formatIPv4(n))).toBe(n);
      }),
    );
  });
  it('a CIDR covers exactly the addresses sharing its prefix', () => {
    fc.assert(
      fc.property(arbIp, fc.integer({ min: 0, max: 32 }), arbIp, (ip, len, probe) => {
        const c = parseCidr(`${formatIPv4(ip)}/${len}`);
        if (!c.ok || c.family !== 4) throw new Error('parse');
        const block = 2 ** (32 - len);
        expect(c.first % block).toBe(0);
        expect(c.last - c.first + 1).toBe(block);
        expect(contains(c.set, probe)).toBe(Math.floor(probe / block) === Math.floor(ip / block));
      }),
    );
  });
  it('an ipBlock with except is cidr minus each except', () => {
    fc.assert(
      fc.property(
        arbIp,
        fc.integer({ min: 0, max: 24 }),
        fc.array(fc.tuple(arbIp, fc.integer({ min: 8, max: 32 })), { maxLength: 4 }),
        fc.array(arbIp, { minLength: 1, maxLength: 20 }),
        (ip, len, excepts, probes) => {
          const c = parseCidr(`${formatIPv4(ip)}/${len}`);
          if (!c.ok || c.family !== 4) throw new Error('parse');
          let set = c.set;
          const ex = excepts
            .map(([e, l]) => parseCidr(`${formatIPv4(e)}/${l}`))
            .filter((p) => p.ok && p.family === 4);
          for (const e of ex) if (e.ok && e.family === 4) set = subtract(set, e.set);
          for (const p of [...probes, c.first, c.last]) {
            const inCidr = p >= c.first && p <= c.last;
            const inExcept = ex.some((e) => e.ok && e.family === 4 && p >= e.first && p <= e.last);
            expect(contains(set, p)).toBe(inCidr && !inExcept);
          }
        },
      ),
    );
  });
  it('rejects malformed CIDRs', () => {
    for (const bad of [
      '10.0.0.0',
      '10.0.0.0/33',
      '256.0.0.0/8',
      '010.0.0.0/8',
      '10.0.0/8',
      '',
      '10.0.0.0/08',
    ])
      expect(parseCidr(bad).ok, bad).toBe(false);
    expect(parseCidr('10.1.2.3/8')).toMatchObject({ ok: true, first: 167772160, last: 184549375 });
  });
});

// ---- selectors --------------------------------------------------------------------------------

const KEYS = ['app', 'tier', 'env'];
const VALUES = ['a', 'b', 'c'];
const arbLabels: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom(...KEYS),
  fc.constantFrom(...VALUES),
  { maxKeys: 3 },
);
const arbExpr = fc.oneof(
  fc.record({
    key: fc.constantFrom(...KEYS),
    operator: fc.constantFrom('In', 'NotIn'),
    values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 }),
  }),
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
);
const arbSelector = fc.record(
  {
    matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 }),
    matchExpressions: fc.array(arbExpr, { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

/** The API's rules read literally. */
function refSelects(
  sel: {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
  },
  labels: Labels,
): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in labels;
    const val = labels[e.key];
    if (e.operator === 'In' && !(has && e.values!.includes(val!))) return false;
    if (e.operator === 'NotIn' && has && e.values!.includes(val!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

describe('label selectors', () => {
  it('match as the API defines (AND of matchLabels and expressions; NotIn/DoesNotExist match absent keys)', () => {
    fc.assert(
      fc.property(arbSelector, arbLabels, (sel, labels) => {
        const parsed = parseLabelSelector(sel);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(selectorMatches(parsed.selector, labels)).toBe(refSelects(sel, labels));
      }),
      { numRuns: 1000 },
    );
  });
});

// ---- the engine against a brute-force reference ------------------------------------------------

interface RawPod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  ports: Array<{ name: string; containerPort: number; protocol: Protocol }>;
}
type Sel = {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
};

const NAMESPACES = { n1: { env: 'a' }, n2: { env: 'b' }, n3: {} } as Record<string, Record<string, string>>;
const arbNs = fc.constantFrom('n1', 'n2', 'n3');
const arbPodPorts = fc
  .subarray([
    { name: 'http', containerPort: 80, protocol: 'TCP' as Protocol },
    { name: 'web', containerPort: 8080, protocol: 'TCP' as Protocol },
    { name: 'dns', containerPort: 53, protocol: 'UDP' as Protocol },
  ])
  .chain((ports) =>
    // the same name on different numbers on different pods
    fc.boolean().map((alt) => ports.map((p) => (alt && p.name === 'http' ? { ...p, containerPort: 81 } : p))),
  );
const arbPod = fc.record({ namespace: arbNs, labels: arbLabels, ports: arbPodPorts });
const arbNpPort = fc.oneof(
  fc.constant({ port: 80 }),
  fc.constant({ port: 80, endPort: 90 }),
  fc.constant({ protocol: 'UDP' }),
  fc.constant({ port: 53, protocol: 'UDP' }),
  fc.constant({ port: 'http' }),
  fc.constant({ port: 'dns', protocol: 'UDP' }),
  fc.constant({ port: 'web', protocol: 'TCP' }),
  fc.constant({ port: 8080, protocol: 'SCTP' }),
);
const CIDRS = [
  { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] },
  { cidr: '10.1.0.0/16' },
  { cidr: '0.0.0.0/0' },
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] },
];
const arbNpPeer = fc.oneof(
  arbSelector.map((s) => ({ podSelector: s })),
  arbSelector.map((s) => ({ namespaceSelector: s })),
  fc.tuple(arbSelector, arbSelector).map(([a, b]) => ({ namespaceSelector: a, podSelector: b })),
  fc.constantFrom(...CIDRS).map((b) => ({ ipBlock: b })),
);
const arbNpRule = fc.record(
  {
    peers: fc.option(fc.array(arbNpPeer, { maxLength: 2 }), { nil: undefined }),
    ports: fc.option(fc.array(arbNpPort, { maxLength: 2 }), { nil: undefined }),
  },
  { requiredKeys: [] },
);
const arbNp = fc.record({
  namespace: arbNs,
  podSelector: arbSelector,
  policyTypes: fc.constantFrom(undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']),
  ingress: fc.option(fc.array(arbNpRule, { maxLength: 2 }), { nil: undefined }),
  egress: fc.option(fc.array(arbNpRule, { maxLength: 2 }), { nil: undefined }),
});
const arbAdminPort = fc.oneof(
  fc.constant({ portNumber: { protocol: 'TCP', port: 80 } }),
  fc.constant({ portRange: { protocol: 'TCP', start: 79, end: 85 } }),
  fc.constant({ portNumber: { protocol: 'UDP', port: 53 } }),
  fc.constant({ namedPort: 'http' }),
  fc.constant({ namedPort: 'dns' }),
);
const arbAdminPeer = (egress: boolean) =>
  egress
    ? fc.oneof(
        arbSelector.map((s) => ({ namespaces: s })),
        fc
          .tuple(arbSelector, arbSelector)
          .map(([a, b]) => ({ pods: { namespaceSelector: a, podSelector: b } })),
        fc
          .constantFrom(['10.0.0.0/8'], ['0.0.0.0/0'], ['10.1.0.0/16', '11.0.0.0/8'])
          .map((n) => ({ networks: n })),
      )
    : fc.oneof(
        arbSelector.map((s) => ({ namespaces: s })),
        fc
          .tuple(arbSelector, arbSelector)
          .map(([a, b]) => ({ pods: { namespaceSelector: a, podSelector: b } })),
      );
const arbAdminRule = (actions: string[], egress: boolean) =>
  fc.record({
    action: fc.constantFrom(...actions),
    peers: fc.array(arbAdminPeer(egress), { minLength: 1, maxLength: 2 }),
    ports: fc.option(fc.array(arbAdminPort, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  });
const arbSubject = fc.oneof(
  arbSelector.map((s) => ({ namespaces: s })),
  fc.tuple(arbSelector, arbSelector).map(([a, b]) => ({ pods: { namespaceSelector: a, podSelector: b } })),
);
const arbAdmin = (actions: string[]) =>
  fc.record({
    subject: arbSubject,
    ingress: fc.array(arbAdminRule(actions, false), { maxLength: 3 }),
    egress: fc.array(arbAdminRule(actions, true), { maxLength: 3 }),
  });
const arbCluster = fc.record({
  pods: fc.array(arbPod, { minLength: 1, maxLength: 5 }),
  nps: fc.array(arbNp, { maxLength: 4 }),
  anps: fc.array(arbAdmin(['Allow', 'Deny', 'Pass']), { maxLength: 2 }),
  banp: fc.option(arbAdmin(['Allow', 'Deny']), { nil: undefined }),
});
type Cluster = typeof arbCluster extends fc.Arbitrary<infer T> ? T : never;

function clusterYaml(c: Cluster): { yaml: string; pods: RawPod[] } {
  const docs: unknown[] = [];
  for (const [name, labels] of Object.entries(NAMESPACES))
    docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  const pods: RawPod[] = c.pods.map((p, i) => ({ ...p, name: `p${i}` }));
  for (const p of pods)
    docs.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace: p.namespace, labels: p.labels },
      spec: { containers: [{ name: 'c', ports: p.ports }] },
    });
  c.nps.forEach((np, i) => {
    const rules = (rs: typeof np.ingress, key: string) =>
      rs?.map((r) => ({
        ...(r.peers !== undefined ? { [key]: r.peers } : {}),
        ...(r.ports !== undefined ? { ports: r.ports } : {}),
      }));
    docs.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `np${i}`, namespace: np.namespace },
      spec: {
        podSelector: np.podSelector,
        ...(np.policyTypes ? { policyTypes: np.policyTypes } : {}),
        ...(np.ingress ? { ingress: rules(np.ingress, 'from') } : {}),
        ...(np.egress ? { egress: rules(np.egress, 'to') } : {}),
      },
    });
  });
  const admin = (a: Cluster['anps'][number], kind: string, name: string, priority?: number) => ({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind,
    metadata: { name },
    spec: {
      ...(priority !== undefined ? { priority } : {}),
      subject: a.subject,
      ingress: a.ingress.map((r, i) => ({
        name: `i${i}`,
        action: r.action,
        from: r.peers,
        ...(r.ports ? { ports: r.ports } : {}),
      })),
      egress: a.egress.map((r, i) => ({
        name: `e${i}`,
        action: r.action,
        to: r.peers,
        ...(r.ports ? { ports: r.ports } : {}),
      })),
    },
  });
  c.anps.forEach((a, i) => {
    docs.push(admin(a, 'AdminNetworkPolicy', `anp${i}`, 10 - i));
  });
  if (c.banp) docs.push(admin(c.banp, 'BaselineAdminNetworkPolicy', 'default'));
  return { yaml: docs.map((d) => JSON.stringify(d)).join('\n---\n'), pods };
}

// --- the reference: one (src, dst, protocol, port) at a time, from the raw objects -------------

type RefPeer = { pod: RawPod } | { ip: number };
const cidrCache = new Map<string, ReturnType<typeof parseCidr>>();
const ipIn = (ip: number, cidr: string) => {
  let c = cidrCache.get(cidr);
  if (!c) {
    c = parseCidr(cidr);
    cidrCache.set(cidr, c);
  }
  return c.ok && c.family === 4 && ip >= c.first && ip <= c.last;
};
const nsLabels = (ns: string) => ({ ...NAMESPACES[ns], 'kubernetes.io/metadata.name': ns });

function refPortMatch(
  ports: unknown[] | undefined,
  dst: RefPeer,
  protocol: Protocol,
  port: number,
  admin: boolean,
): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((raw) => {
    const p = raw as Record<string, unknown>;
    if (admin) {
      if (p.namedPort !== undefined)
        return (
          'pod' in dst &&
          dst.pod.ports.some(
            (c) => c.name === p.namedPort && c.protocol === protocol && c.containerPort === port,
          )
        );
      const n = (p.portNumber ?? p.portRange) as Record<string, number | string>;
      if (n.protocol !== protocol) return false;
      return p.portNumber ? n.port === port : port >= (n.start as number) && port <= (n.end as number);
    }
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string')
      return (
        'pod' in dst &&
        dst.pod.ports.some((c) => c.name === p.port && c.protocol === protocol && c.containerPort === port)
      );
    return p.endPort !== undefined
      ? port >= (p.port as number) && port <= (p.endPort as number)
      : p.port === port;
  });
}

function refSelectionMatch(nsSel: Sel | 'own', podSel: Sel, ownNs: string, other: RefPeer): boolean {
  if (!('pod' in other)) return false;
  if (nsSel === 'own' ? other.pod.namespace !== ownNs : !refSelects(nsSel, nsLabels(other.pod.namespace)))
    return false;
  return refSelects(podSel, other.pod.labels);
}

function refNpPeerMatch(
  peer: Record<string, unknown>,
  ownNs: string,
  other: RefPeer,
  profile: Profile,
): boolean {
  if (peer.ipBlock) {
    const b = peer.ipBlock as { cidr: string; except?: string[] };
    const inside = (ip: number) => ipIn(ip, b.cidr) && !(b.except ?? []).some((e) => ipIn(ip, e));
    if ('ip' in other) return inside(other.ip);
    // k8s profile, pod IPs unknown: only a block covering all of IPv4 surely contains them
    return profile.ipBlocksMatchPods && b.cidr === '0.0.0.0/0' && !b.except;
  }
  return refSelectionMatch(
    (peer.namespaceSelector as Sel | undefined) ?? 'own',
    (peer.podSelector as Sel | undefined) ?? {},
    ownNs,
    other,
  );
}

function refAdminPeerMatch(peer: Record<string, unknown>, other: RefPeer, profile: Profile): boolean {
  if (peer.networks) {
    const nets = peer.networks as string[];
    if ('ip' in other) return nets.some((n) => ipIn(other.ip, n));
    return profile.ipBlocksMatchPods && nets.includes('0.0.0.0/0');
  }
  if (peer.namespaces) return refSelectionMatch(peer.namespaces as Sel, {}, '', other);
  const p = peer.pods as { namespaceSelector: Sel; podSelector: Sel };
  return refSelectionMatch(p.namespaceSelector, p.podSelector, '', other);
}

function refDirection(
  cluster: Cluster,
  dir: 'ingress' | 'egress',
  subject: RefPeer,
  other: RefPeer,
  dst: RefPeer,
  protocol: Protocol,
  port: number,
  profile: Profile,
): boolean {
  if (!('pod' in subject)) return true;
  const pod = subject.pod;
  const subjectMatch = (s: Record<string, unknown>) =>
    s.namespaces
      ? refSelects(s.namespaces as Sel, nsLabels(pod.namespace))
      : refSelectionMatch(
          (s.pods as { namespaceSelector: Sel }).namespaceSelector,
          (s.pods as { podSelector: Sel }).podSelector,
          '',
          subject,
        );
  const firstMatch = (a: Cluster['anps'][number]) => {
    for (const r of a[dir]) {
      if (!r.peers.some((p) => refAdminPeerMatch(p as Record<string, unknown>, other, profile))) continue;
      if (refPortMatch(r.ports, dst, protocol, port, true)) return r.action;
    }
    return undefined;
  };
  // admin tier, priority order (the generator gives anp0 the highest number)
  const anps = cluster.anps.map((a, i) => ({ a, priority: 10 - i })).sort((x, y) => x.priority - y.priority);
  for (const { a } of anps) {
    if (!subjectMatch(a.subject as Record<string, unknown>)) continue;
    const action = firstMatch(a);
    if (action === 'Allow') return true;
    if (action === 'Deny') return false;
    if (action === 'Pass') break;
  }
  // NetworkPolicy tier
  const isolating = cluster.nps.filter((np) => {
    if (np.namespace !== pod.namespace || !refSelects(np.podSelector, pod.labels)) return false;
    const types: readonly string[] =
      np.policyTypes ?? (np.egress && np.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress']);
    return types.includes(dir === 'ingress' ? 'Ingress' : 'Egress');
  });
  if (isolating.length > 0)
    return isolating.some((np) =>
      (np[dir] ?? []).some(
        (r) =>
          (r.peers === undefined ||
            r.peers.length === 0 ||
            r.peers.some((p) =>
              refNpPeerMatch(p as Record<string, unknown>, np.namespace, other, profile),
            )) &&
          refPortMatch(r.ports, dst, protocol, port, false),
      ),
    );
  // baseline tier
  if (cluster.banp && subjectMatch(cluster.banp.subject as Record<string, unknown>))
    return firstMatch(cluster.banp) !== 'Deny';
  return true;
}

const SAMPLES: Array<[Protocol, number]> = [];
for (const p of ['TCP', 'UDP', 'SCTP'] as Protocol[])
  for (const n of [1, 52, 53, 54, 78, 79, 80, 81, 85, 86, 90, 91, 8080, 65535]) SAMPLES.push([p, n]);
const IPS = ['10.0.0.1', '10.1.0.1', '10.1.255.255', '11.0.0.1', '192.168.0.1'].map((s) => parseIPv4(s)!);

function checkCluster(c: Cluster, profile: Profile) {
  const { yaml, pods } = clusterYaml(c);
  const model = buildNetpolModel(inventoryFromYaml(yaml).inventory, { profile });
  const result = computeConnectivity(model);
  const workloadOf = new Map<string, WorkloadPeer>(model.workloads.map((w) => [w.name, w]));
  const peersOf = (p: RefPeer, dir: 'src' | 'dst'): Peer => {
    if ('pod' in p) return workloadOf.get(p.pod.name)!;
    const pieces = externalPieces(dir === 'src' ? model.sourceAtoms : model.destinationAtoms, [p.ip, p.ip]);
    return pieces[0]!;
  };
  const refPeers: RefPeer[] = [...pods.map((pod) => ({ pod })), ...IPS.map((ip) => ({ ip }))];
  for (const s of refPeers)
    for (const d of refPeers) {
      if (!('pod' in s) && !('pod' in d)) continue;
      const sp = peersOf(s, 'src');
      const dp = peersOf(d, 'dst');
      const engine = result.between(sp, dp);
      const pair = evaluatePair(model, sp, dp).allowed;
      for (const [protocol, port] of SAMPLES) {
        const expected =
          refDirection(c, 'egress', s, d, d, protocol, port, profile) &&
          refDirection(c, 'ingress', d, s, d, protocol, port, profile);
        // expect() only on a mismatch: millions of samples
        if (connHas(engine, protocol, port) !== expected || connHas(pair, protocol, port) !== expected) {
          const ctx = `${sp.display} => ${dp.display} ${protocol}/${port}\n${yaml}`;
          expect(connHas(engine, protocol, port), ctx).toBe(expected);
          expect(connHas(pair, protocol, port), ctx).toBe(expected);
        }
      }
    }
}

describe('the class-based engine equals a brute-force pair-by-pair reference', () => {
  it('np-guard profile, random small clusters', () => {
    fc.assert(
      fc.property(arbCluster, (c) => checkCluster(c, NP_GUARD_PROFILE)),
      { numRuns: 200 },
    );
  });
  it('k8s profile, random small clusters', () => {
    fc.assert(
      fc.property(arbCluster, (c) => checkCluster(c, K8S_PROFILE)),
      { numRuns: 200 },
    );
  });
});
