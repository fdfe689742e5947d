/**
 * The semantics implementations get wrong (../shared/notes/netpol.md §9), one table per
 * rule. Every case is checked through the all-pairs engine AND the single-pair
 * evaluator, which must agree.
 */
import { describe, expect, it } from 'vitest';
import { inventoryFromYaml } from '../src/input/load.js';
import { computeConnectivity } from '../src/netpol/connectivity.js';
import { evaluatePair } from '../src/netpol/evaluate.js';
import { buildNetpolModel } from '../src/netpol/model.js';
import { externalPieces, resolvePeerRef } from '../src/netpol/peer-ref.js';
import { formatConn } from '../src/netpol/ports.js';
import { K8S_PROFILE, NP_GUARD_PROFILE, type Profile } from '../src/netpol/profile.js';
import type { Peer } from '../src/netpol/workloads.js';

// ---- fixtures -------------------------------------------------------------------

const ns = (name: string, labels: Record<string, string> = {}) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}\n`;

interface PodOpts {
  labels?: Record<string, string>;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  hostNetwork?: boolean;
  ip?: string;
}
const pod = (namespace: string, name: string, o: PodOpts = {}) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: o.labels ?? { app: name } },
    spec: {
      ...(o.hostNetwork ? { hostNetwork: true } : {}),
      containers: [{ name: 'c', image: 'x', ports: o.ports ?? [] }],
    },
    ...(o.ip ? { status: { podIP: o.ip } } : {}),
  });

const deploy = (namespace: string, name: string, o: PodOpts = {}) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: o.labels ?? { app: name } },
      template: {
        metadata: { labels: o.labels ?? { app: name } },
        spec: { containers: [{ name: 'c', image: 'x', ports: o.ports ?? [] }] },
      },
    },
  });

const np = (namespace: string, name: string, spec: unknown) =>
  JSON.stringify({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec,
  });
const anp = (name: string, spec: unknown) =>
  JSON.stringify({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name },
    spec,
  });
const banp = (spec: unknown, name = 'default') =>
  JSON.stringify({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name },
    spec,
  });

const docs = (...d: string[]) => d.join('\n---\n');

/** Evaluates src => dst both ways (engine and pair evaluator) and returns the notation. */
function conn(yaml: string, src: string, dst: string, profile: Profile = K8S_PROFILE): string {
  const model = buildNetpolModel(inventoryFromYaml(yaml).inventory, { profile });
  const peerOf = (spec: string, role: 'src' | 'dst'): Peer => {
    const r = resolvePeerRef(model, spec);
    if (!r.ok) throw new Error(r.error);
    if ('peer' in r) return r.peer;
    const pieces = externalPieces(role === 'src' ? model.sourceAtoms : model.destinationAtoms, r.external);
    if (pieces.length !== 1) throw new Error(`${spec} spans ${pieces.length} atoms`);
    return pieces[0]!;
  };
  const s = peerOf(src, 'src');
  const d = peerOf(dst, 'dst');
  const engine = formatConn(computeConnectivity(model).between(s, d));
  const pair = formatConn(evaluatePair(model, s, d).allowed);
  expect(pair, 'pair evaluator agrees with the engine').toBe(engine);
  return engine;
}

function warnings(yaml: string, profile: Profile = K8S_PROFILE): string[] {
  return buildNetpolModel(inventoryFromYaml(yaml).inventory, { profile }).warnings.map(
    (w) => `${w.code}: ${w.message}`,
  );
}

const ALL = 'All Connections';
const NONE = 'No Connections';
const twoPods = docs(ns('a'), pod('a', 'client'), pod('a', 'server', { ports: [{ containerPort: 80 }] }));

// ---- 9.1 isolation and defaulting ----------------------------------------------------

describe('isolation is per pod and per direction', () => {
  it.each([
    ['no policy: everything allowed', [], ALL],
    [
      'an Ingress-only policy on the server isolates its ingress only',
      [np('a', 'p', { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Ingress'] })],
      NONE,
    ],
    [
      'an Egress-only policy on the server does not affect its ingress',
      [np('a', 'p', { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Egress'] })],
      ALL,
    ],
    [
      'egress isolation at the client blocks even though the server allows everything',
      [
        np('a', 'deny-egress', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'] }),
        np('a', 'allow-in', { podSelector: {}, ingress: [{}] }),
      ],
      NONE,
    ],
    [
      'allowed traffic is the union of all selecting policies',
      [
        np('a', 'p1', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }),
        np('a', 'p2', {
          podSelector: { matchLabels: { app: 'server' } },
          ingress: [{ ports: [{ port: 443 }] }],
        }),
      ],
      'TCP 80,443',
    ],
  ])('%s', (_name, policies, expected) => {
    expect(conn(docs(twoPods, ...policies), 'a/client', 'a/server')).toBe(expected);
  });
});

describe('policyTypes defaulting (API server)', () => {
  const cases: Array<[string, unknown, string, string]> = [
    [
      'no policyTypes and no egress rules: ingress isolated',
      { podSelector: {} },
      'a/client => a/server',
      NONE,
    ],
    [
      'no policyTypes and no egress rules does not isolate egress (the deny-all-egress trap)',
      { podSelector: { matchLabels: { app: 'client' } } },
      'a/client => a/server',
      ALL,
    ],
    [
      'no policyTypes with egress rules: egress isolated too',
      {
        podSelector: { matchLabels: { app: 'client' } },
        egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }],
      },
      'a/client => a/server',
      'UDP 53',
    ],
    [
      'policyTypes: [] is defaulted like an absent list',
      { podSelector: {}, policyTypes: [] },
      'a/client => a/server',
      NONE,
    ],
  ];
  it.each(cases)('%s', (_name, spec, pair, expected) => {
    const [src, dst] = pair.split(' => ') as [string, string];
    expect(conn(docs(twoPods, np('a', 'p', spec)), src, dst)).toBe(expected);
  });
});

describe('empty versus missing', () => {
  const cases: Array<[string, unknown, string]> = [
    ['ingress: [] denies all', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] }, NONE],
    ['missing ingress under Ingress denies all', { podSelector: {}, policyTypes: ['Ingress'] }, NONE],
    ['ingress: [{}] allows all', { podSelector: {}, ingress: [{}] }, ALL],
    ['from: [] matches every peer', { podSelector: {}, ingress: [{ from: [] }] }, ALL],
    ['ports: [] matches every port', { podSelector: {}, ingress: [{ ports: [] }] }, ALL],
    [
      'ingress rules are ignored when policyTypes is Egress only',
      { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Egress'], ingress: [] },
      ALL,
    ],
  ];
  it.each(cases)('%s', (_name, spec, expected) => {
    expect(conn(docs(twoPods, np('a', 'p', spec)), 'a/client', 'a/server')).toBe(expected);
  });

  it('a rule without from matches external IPs too', () => {
    const y = docs(twoPods, np('a', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }));
    expect(conn(y, '8.8.8.8', 'a/server')).toBe('TCP 80');
  });

  it('a peer with no field set is invalid: warned, and it matches nothing', () => {
    const y = docs(twoPods, np('a', 'p', { podSelector: {}, ingress: [{ from: [{}] }] }));
    expect(conn(y, 'a/client', 'a/server')).toBe(NONE);
    expect(warnings(y).join('\n')).toMatch(/empty-peer: NetworkPolicy a\/p: a peer must set podSelector/);
  });

  it('podSelector: {} selects every pod of its namespace and no other', () => {
    const y = docs(
      twoPods,
      ns('b'),
      pod('b', 'other'),
      np('a', 'p', { podSelector: {}, policyTypes: ['Ingress'] }),
    );
    expect(conn(y, 'b/other', 'a/server')).toBe(NONE);
    expect(conn(y, 'a/server', 'b/other')).toBe(ALL);
  });
});

describe('protocols and ports', () => {
  const with_ = (ports: unknown) => docs(twoPods, np('a', 'p', { podSelector: {}, ingress: [{ ports }] }));
  it.each([
    ['a port without protocol means TCP only', [{ port: 80 }], 'TCP 80'],
    ['a protocol without port means all its ports', [{ protocol: 'UDP' }], 'UDP 1-65535'],
    ['SCTP is never TCP', [{ port: 80, protocol: 'SCTP' }], 'SCTP 80'],
    ['endPort makes an inclusive range', [{ port: 8000, endPort: 8080 }], 'TCP 8000-8080'],
    [
      'several entries are ORed and merged',
      [{ port: 80 }, { port: 81 }, { port: 53, protocol: 'UDP' }],
      'TCP 80-81,UDP 53',
    ],
  ])('%s', (_name, ports, expected) => {
    expect(conn(with_(ports), 'a/client', 'a/server')).toBe(expected);
  });

  it('an SCTP-only allow still isolates (TCP is denied)', () => {
    expect(conn(with_([{ protocol: 'SCTP' }]), 'a/client', 'a/server')).toBe('SCTP 1-65535');
  });

  it.each([
    ['endPort < port', [{ port: 9000, endPort: 8000 }], /endPort 8000 is less than port 9000/],
    ['endPort without port', [{ endPort: 8000 }], /endPort requires port/],
    [
      'endPort with a named port',
      [{ port: 'http', endPort: 8000 }],
      /endPort cannot be used with the named port/,
    ],
    ['an unknown protocol', [{ port: 80, protocol: 'ICMP' }], /protocol "ICMP" is not TCP, UDP or SCTP/],
    ['port 0', [{ port: 0 }], /port 0 is not a number in 1-65535/],
    [
      'a numeric string is not a port name',
      [{ port: '80' }],
      /"80" is neither a port number nor a valid port name/,
    ],
  ])('invalid: %s is warned and matches nothing', (_name, ports, message) => {
    const y = with_(ports);
    expect(conn(y, 'a/client', 'a/server')).toBe(NONE);
    expect(warnings(y).join('\n')).toMatch(message);
  });
});

// ---- 9.2 peers and selectors -----------------------------------------------------------

describe('peers: AND within one peer, OR across peers', () => {
  const cluster = docs(
    ns('a', { team: 'x' }),
    ns('b', { team: 'y' }),
    pod('a', 'server'),
    pod('a', 'web', { labels: { role: 'web' } }),
    pod('b', 'web', { labels: { role: 'web' } }),
    pod('b', 'db', { labels: { role: 'db' } }),
  );
  const and = np('a', 'p', {
    podSelector: { matchLabels: { app: 'server' } },
    ingress: [
      {
        from: [
          {
            namespaceSelector: { matchLabels: { team: 'y' } },
            podSelector: { matchLabels: { role: 'web' } },
          },
        ],
      },
    ],
  });
  const or = np('a', 'p', {
    podSelector: { matchLabels: { app: 'server' } },
    ingress: [
      {
        from: [
          { namespaceSelector: { matchLabels: { team: 'y' } } },
          { podSelector: { matchLabels: { role: 'web' } } },
        ],
      },
    ],
  });
  it.each([
    ['AND: web pods of team y namespaces', and, 'b/web', ALL],
    ['AND: not db pods of team y', and, 'b/db', NONE],
    ['AND: not web pods of the policy namespace', and, 'a/web', NONE],
    ['OR: every pod of team y namespaces', or, 'b/db', ALL],
    ['OR: web pods of the policy namespace', or, 'a/web', ALL],
  ])('%s', (_name, policy, src, expected) => {
    expect(conn(docs(cluster, policy), src, 'a/server')).toBe(expected);
  });
});

describe('selector scope and expressions', () => {
  const cluster = docs(
    ns('a'),
    ns('b', { env: 'prod' }),
    ns('c'),
    pod('a', 'server'),
    pod('a', 'x', { labels: { tier: 'fe' } }),
    pod('b', 'y', { labels: { tier: 'be' } }),
    pod('c', 'z', { labels: {} }),
  );
  const from = (peer: unknown) =>
    np('a', 'p', { podSelector: { matchLabels: { app: 'server' } }, ingress: [{ from: [peer] }] });
  it.each([
    [
      'podSelector alone selects in the policy namespace only',
      { podSelector: {} },
      { 'a/x': ALL, 'b/y': NONE },
    ],
    ['namespaceSelector: {} selects every namespace', { namespaceSelector: {} }, { 'b/y': ALL, 'c/z': ALL }],
    [
      'both empty: all pods, but not external IPs',
      { namespaceSelector: {}, podSelector: {} },
      { 'c/z': ALL, '1.2.3.4': NONE },
    ],
    [
      'namespaces by the synthesized kubernetes.io/metadata.name label',
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'c' } } },
      { 'c/z': ALL, 'b/y': NONE },
    ],
    [
      'In',
      {
        namespaceSelector: {},
        podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'x'] }] },
      },
      { 'a/x': ALL, 'b/y': NONE },
    ],
    [
      'NotIn matches pods that lack the key',
      {
        namespaceSelector: {},
        podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['fe'] }] },
      },
      { 'a/x': NONE, 'b/y': ALL, 'c/z': ALL },
    ],
    [
      'Exists',
      { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } },
      { 'b/y': ALL, 'c/z': NONE },
    ],
    [
      'DoesNotExist matches pods that lack the key',
      {
        namespaceSelector: {},
        podSelector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] },
      },
      { 'b/y': NONE, 'c/z': ALL },
    ],
    [
      'matchLabels AND matchExpressions',
      {
        namespaceSelector: {
          matchLabels: { env: 'prod' },
          matchExpressions: [{ key: 'env', operator: 'Exists' }],
        },
      },
      { 'b/y': ALL, 'a/x': NONE },
    ],
  ])('%s', (_name, peer, expectations) => {
    const y = docs(cluster, from(peer));
    for (const [src, expected] of Object.entries(expectations))
      expect(conn(y, src, 'a/server'), src).toBe(expected);
  });

  it('an invalid selector is warned and selects nothing', () => {
    const y = docs(
      cluster,
      from({ podSelector: { matchExpressions: [{ key: 'tier', operator: 'Matches', values: ['x'] }] } }),
    );
    expect(conn(y, 'a/x', 'a/server')).toBe(NONE);
    expect(warnings(y).join('\n')).toMatch(/invalid-selector: NetworkPolicy a\/p: invalid label selector/);
  });
});

// ---- 9.3 named ports -------------------------------------------------------------------

describe('named ports resolve on the destination pod, by name and protocol', () => {
  const cluster = docs(
    ns('a'),
    pod('a', 'client', { ports: [{ name: 'http', containerPort: 1111 }] }),
    pod('a', 's1', { labels: { role: 's' }, ports: [{ name: 'http', containerPort: 8080 }] }),
    pod('a', 's2', { labels: { role: 's' }, ports: [{ name: 'http', containerPort: 9090 }] }),
    pod('a', 'dns', {
      labels: { role: 'dns' },
      ports: [
        { name: 'dns', containerPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', containerPort: 53 },
      ],
    }),
  );
  it('ingress: the same name maps to different numbers on different pods', () => {
    const y = docs(
      cluster,
      np('a', 'p', { podSelector: { matchLabels: { role: 's' } }, ingress: [{ ports: [{ port: 'http' }] }] }),
    );
    expect(conn(y, 'a/client', 'a/s1')).toBe('TCP 8080');
    expect(conn(y, 'a/client', 'a/s2')).toBe('TCP 9090');
  });
  it('egress: resolved on each destination, never on the source', () => {
    const y = docs(
      cluster,
      np('a', 'p', {
        podSelector: { matchLabels: { app: 'client' } },
        policyTypes: ['Egress'],
        egress: [{ ports: [{ port: 'http' }] }],
      }),
    );
    expect(conn(y, 'a/client', 'a/s1')).toBe('TCP 8080');
    expect(conn(y, 'a/client', 'a/s2')).toBe('TCP 9090');
    expect(conn(y, 'a/client', 'a/dns')).toBe(NONE);
  });
  it('the protocol must match too', () => {
    const y = docs(
      cluster,
      np('a', 'p', {
        podSelector: { matchLabels: { role: 'dns' } },
        ingress: [{ ports: [{ port: 'dns', protocol: 'TCP' }] }],
      }),
    );
    expect(conn(y, 'a/client', 'a/dns')).toBe(NONE);
    const y2 = docs(
      cluster,
      np('a', 'p', {
        podSelector: { matchLabels: { role: 'dns' } },
        ingress: [{ ports: [{ port: 'dns', protocol: 'UDP' }] }],
      }),
    );
    expect(conn(y2, 'a/client', 'a/dns')).toBe('UDP 53');
  });
  it('a named port never matches an ipBlock destination (warned)', () => {
    const y = docs(
      cluster,
      np('a', 'p', {
        podSelector: { matchLabels: { app: 'client' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 'http' }] }],
      }),
    );
    expect(conn(y, 'a/client', '10.1.1.1')).toBe(NONE);
    expect(warnings(y).join('\n')).toMatch(/named-port-on-ipblock/);
  });
});

// ---- 9.4 ipBlocks ------------------------------------------------------------------------

describe('ipBlock: cidr minus except, ORed with other peers', () => {
  const y = docs(
    twoPods,
    np('a', 'p', {
      podSelector: { matchLabels: { app: 'server' } },
      ingress: [
        { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] },
        { from: [{ ipBlock: { cidr: '10.1.2.0/24' } }], ports: [{ port: 443 }] },
      ],
    }),
  );
  it.each([
    ['10.0.0.1', ALL],
    ['10.1.0.1', NONE],
    ['10.1.2.3', 'TCP 443'],
    ['11.0.0.1', NONE],
  ])('%s', (ip, expected) => {
    expect(conn(y, ip, 'a/server')).toBe(expected);
  });

  it('0.0.0.0/0 admits every external IP next to a namespaceSelector', () => {
    const y2 = docs(
      twoPods,
      np('a', 'p', {
        podSelector: {},
        ingress: [{ from: [{ namespaceSelector: {} }, { ipBlock: { cidr: '0.0.0.0/0' } }] }],
      }),
    );
    expect(conn(y2, '203.0.113.9', 'a/server')).toBe(ALL);
  });

  it('bad and IPv6 CIDRs are warned about and match nothing', () => {
    const y3 = docs(
      twoPods,
      np('a', 'p', {
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }, { ipBlock: { cidr: 'fd00::/8' } }] }],
      }),
    );
    expect(conn(y3, '10.0.0.1', 'a/server')).toBe(NONE);
    const w = warnings(y3).join('\n');
    expect(w).toMatch(/invalid-cidr: NetworkPolicy a\/p: "10.0.0.0\/33" is not a valid CIDR/);
    expect(w).toMatch(/ipv6-ignored/);
  });

  describe('ipBlocks and pod IPs (profile choice)', () => {
    const cluster = docs(
      ns('a'),
      pod('a', 'client', { ip: '10.244.1.5' }),
      pod('a', 'tmpl'),
      pod('a', 'server'),
    );
    const block = (cidr: string) =>
      docs(
        cluster,
        np('a', 'p', {
          podSelector: { matchLabels: { app: 'server' } },
          ingress: [{ from: [{ ipBlock: { cidr } }] }],
        }),
      );
    it('np-guard: ipBlocks never match pods', () => {
      expect(conn(block('0.0.0.0/0'), 'a/client', 'a/server', NP_GUARD_PROFILE)).toBe(NONE);
    });
    it('k8s: a pod with a known IP inside the block is matched', () => {
      expect(conn(block('10.244.0.0/16'), 'a/client', 'a/server')).toBe(ALL);
      expect(conn(block('10.245.0.0/16'), 'a/client', 'a/server')).toBe(NONE);
    });
    it('k8s: a pod with an unknown IP is matched only by a block covering all of IPv4', () => {
      expect(conn(block('0.0.0.0/0'), 'a/tmpl', 'a/server')).toBe(ALL);
      expect(conn(block('10.0.0.0/8'), 'a/tmpl', 'a/server')).toBe(NONE);
      expect(warnings(block('10.0.0.0/8')).join('\n')).toMatch(/pod-ip-unknown/);
    });
  });
});

// ---- 9.5 host network, self traffic ------------------------------------------------------

describe('hostNetwork pods (profile choice)', () => {
  const y = docs(
    ns('a'),
    pod('a', 'client', { hostNetwork: true }),
    pod('a', 'server'),
    np('a', 'deny', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
    }),
  );
  it('np-guard: an ordinary pod, selected and isolated like any other', () => {
    expect(conn(y, 'a/client', 'a/server', NP_GUARD_PROFILE)).toBe(NONE); // client egress isolated
    expect(conn(y, 'a/server', 'a/client', NP_GUARD_PROFILE)).toBe(NONE);
  });
  it('k8s: node traffic, neither isolated nor selected by pod selectors', () => {
    expect(conn(y, 'a/client', 'a/server')).toBe(NONE); // podSelector {} does not select a host-network pod
    expect(conn(y, 'a/server', 'a/client')).toBe(NONE); // server egress is isolated
    const open = docs(
      ns('a'),
      pod('a', 'client', { hostNetwork: true }),
      pod('a', 'server'),
      np('a', 'only-in', { podSelector: {} }),
    );
    expect(conn(open, 'a/server', 'a/client')).toBe(ALL); // the policy does not isolate the host-network pod
  });
});

describe('self connections and workload names (profile choice)', () => {
  const y = docs(
    ns('a'),
    deploy('a', 'web'),
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-5d9',
        namespace: 'a',
        ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }],
      },
      spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }] } } },
    }),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-5d9-x',
        namespace: 'a',
        labels: { app: 'web' },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d9', controller: true }],
      },
      spec: { containers: [{ name: 'c' }] },
    }),
  );
  it('np-guard names a pod after its direct owner', () => {
    const m = buildNetpolModel(inventoryFromYaml(y).inventory, { profile: NP_GUARD_PROFILE });
    expect(m.workloads.map((w) => w.display)).toEqual(['a/web-5d9[ReplicaSet]', 'a/web[Deployment]']);
  });
  it('k8s follows the owner chain in the input', () => {
    const m = buildNetpolModel(inventoryFromYaml(y).inventory, { profile: K8S_PROFILE });
    expect(m.workloads.map((w) => w.display)).toEqual(['a/web[Deployment]']);
  });
  it('k8s lists replica-to-replica traffic, np-guard omits self connections', () => {
    const model = (p: Profile) =>
      computeConnectivity(buildNetpolModel(inventoryFromYaml(y).inventory, { profile: p }));
    const self = (p: Profile) =>
      model(p)
        .connections()
        .filter((c) => c.src === c.dst)
        .map((c) => c.src.display);
    expect(self(K8S_PROFILE)).toEqual(['a/web[Deployment]']);
    expect(self(NP_GUARD_PROFILE)).toEqual([]);
  });
});

// ---- 9.7 AdminNetworkPolicy / BaselineAdminNetworkPolicy ---------------------------------

describe('AdminNetworkPolicy and BaselineAdminNetworkPolicy tiers', () => {
  const cluster = docs(
    ns('a'),
    ns('b'),
    pod('a', 'client'),
    pod('b', 'server', { ports: [{ name: 'web', containerPort: 8080 }] }),
  );
  const subjectB = { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } };
  const fromA = [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } }];
  const rule = (action: string, ports?: unknown) => ({
    name: `${action.toLowerCase()}-rule`,
    action,
    from: fromA,
    ...(ports ? { ports } : {}),
  });
  it.each([
    [
      'Deny wins over a NetworkPolicy allow',
      [anp('x', { priority: 10, subject: subjectB, ingress: [rule('Deny')] })],
      NONE,
    ],
    [
      'Allow wins over a NetworkPolicy deny-all',
      [
        anp('x', { priority: 10, subject: subjectB, ingress: [rule('Allow')] }),
        np('b', 'deny', { podSelector: {} }),
      ],
      ALL,
    ],
    [
      'rule order matters: the first match decides per port',
      [
        anp('x', {
          priority: 10,
          subject: subjectB,
          ingress: [rule('Allow', [{ portNumber: { port: 80 } }]), rule('Deny')],
        }),
      ],
      'TCP 80',
    ],
    [
      'lower priority number first',
      [
        anp('late', { priority: 20, subject: subjectB, ingress: [rule('Allow')] }),
        anp('early', { priority: 5, subject: subjectB, ingress: [rule('Deny')] }),
      ],
      NONE,
    ],
    [
      'Pass skips the remaining admin rules and lets the NetworkPolicy decide',
      [
        anp('x', {
          priority: 10,
          subject: subjectB,
          ingress: [rule('Pass', [{ portRange: { start: 80, end: 90 } }]), rule('Deny')],
        }),
        np('b', 'np', { podSelector: {}, ingress: [{ ports: [{ port: 85 }, { port: 95 }] }] }),
      ],
      'TCP 85',
    ],
    [
      'Pass without a NetworkPolicy falls through to the baseline',
      [
        anp('x', { priority: 10, subject: subjectB, ingress: [rule('Pass')] }),
        banp({
          subject: subjectB,
          ingress: [
            {
              name: 'deny',
              action: 'Deny',
              from: fromA,
              ports: [{ portNumber: { protocol: 'UDP', port: 53 } }],
            },
          ],
        }),
      ],
      'SCTP 1-65535,TCP 1-65535,UDP 1-52,54-65535',
    ],
    [
      'the baseline is not consulted when a NetworkPolicy isolates the pod',
      [
        banp({ subject: subjectB, ingress: [{ name: 'deny', action: 'Deny', from: fromA }] }),
        np('b', 'allow', { podSelector: {}, ingress: [{}] }),
      ],
      ALL,
    ],
    [
      'no implicit isolation: an ANP whose rules do not match decides nothing',
      [anp('x', { priority: 1, subject: subjectB, ingress: [] })],
      ALL,
    ],
    [
      'ANP named ports resolve on the destination',
      [
        anp('x', {
          priority: 1,
          subject: subjectB,
          ingress: [rule('Allow', [{ namedPort: 'web' }]), rule('Deny')],
        }),
      ],
      'TCP 8080',
    ],
    [
      'an unmatched named port matches nothing',
      [
        anp('x', {
          priority: 1,
          subject: subjectB,
          ingress: [rule('Allow', [{ namedPort: 'nope' }]), rule('Deny')],
        }),
      ],
      NONE,
    ],
  ])('%s', (_name, policies, expected) => {
    expect(conn(docs(cluster, ...policies), 'a/client', 'b/server')).toBe(expected);
  });

  it('networks peers decide egress to external ranges, first match per port', () => {
    const y = docs(
      cluster,
      anp('x', {
        priority: 1,
        subject: { namespaces: {} },
        egress: [
          {
            name: 'allow-dns',
            action: 'Allow',
            to: [{ networks: ['8.8.8.8/32'] }],
            ports: [{ portNumber: { protocol: 'UDP', port: 53 } }],
          },
          { name: 'deny-internet', action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] },
        ],
      }),
    );
    expect(conn(y, 'a/client', '8.8.8.8')).toBe('UDP 53');
    expect(conn(y, 'a/client', '1.1.1.1')).toBe(NONE);
    // np-guard: networks never match pods; k8s: 0.0.0.0/0 covers every pod IP.
    expect(conn(y, 'a/client', 'b/server', NP_GUARD_PROFILE)).toBe(ALL);
    expect(conn(y, 'a/client', 'b/server', K8S_PROFILE)).toBe(NONE);
  });

  it('equal priorities over a shared subject are warned about', () => {
    const y = docs(
      cluster,
      anp('p1', { priority: 3, subject: subjectB, ingress: [rule('Allow')] }),
      anp('p2', { priority: 3, subject: subjectB, ingress: [rule('Deny')] }),
    );
    expect(warnings(y).join('\n')).toMatch(
      /equal-priority: .*AdminNetworkPolicy p1 and AdminNetworkPolicy p2 have the same priority 3/,
    );
    expect(conn(y, 'a/client', 'b/server')).toBe(ALL); // name order: p1 first
  });

  it.each([
    ['a missing priority', anp('x', { subject: subjectB, ingress: [rule('Deny')] }), /invalid-priority/, ALL],
    [
      'an unknown action',
      anp('x', { priority: 1, subject: subjectB, ingress: [rule('Reject')] }),
      /invalid-action/,
      ALL,
    ],
    [
      'a BANP not named default',
      banp({ subject: subjectB, ingress: [{ name: 'd', action: 'Deny', from: fromA }] }, 'other'),
      /banp-name/,
      NONE,
    ],
    [
      'a nodes peer',
      anp('x', {
        priority: 1,
        subject: { namespaces: {} },
        egress: [{ name: 'n', action: 'Deny', to: [{ nodes: {} }] }],
      }),
      /nodes-peer-ignored/,
      ALL,
    ],
  ])('invalid input: %s is warned about and the rest analysed', (_name, policy, message, expected) => {
    const y = docs(cluster, policy);
    expect(warnings(y).join('\n')).toMatch(message);
    expect(conn(y, 'a/client', 'b/server')).toBe(expected);
  });
});

describe('ingress controller exposure (Ingress / Route)', () => {
  const y = docs(
    ns('a'),
    deploy('a', 'web', { ports: [{ name: 'http', containerPort: 8080 }, { containerPort: 9000 }] }),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'a' },
      spec: {
        selector: { app: 'web' },
        ports: [
          { name: 'h', port: 80, targetPort: 'http' },
          { name: 'm', port: 9000 },
        ],
      },
    }),
    JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'i', namespace: 'a' },
      spec: {
        rules: [
          { http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }] } },
        ],
      },
    }),
  );
  it('exposes the target port of the referenced Service port', () => {
    expect(conn(y, 'ingress-controller', 'a/web')).toBe('TCP 8080');
  });
  it('policies still apply: only namespaceSelector {} peers select the controller', () => {
    const closed = docs(y, np('a', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] }));
    expect(conn(closed, 'ingress-controller', 'a/web')).toBe(NONE);
    const open = docs(y, np('a', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] }));
    expect(conn(open, 'ingress-controller', 'a/web')).toBe('TCP 8080');
  });
});

describe('objects defined twice', () => {
  it('the last definition of a policy is analysed, with a warning', () => {
    const y = docs(
      twoPods,
      np('a', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }),
      np('a', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 443 }] }] }),
    );
    expect(conn(y, 'a/client', 'a/server')).toBe('TCP 443');
    expect(warnings(y).join('\n')).toMatch(
      /duplicate-object: NetworkPolicy a\/p: NetworkPolicy is defined more than once/,
    );
  });
});
