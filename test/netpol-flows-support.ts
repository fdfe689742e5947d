/**
 * Shared helpers of the netpol-flows tests (blast radius, generate, replay, segmentation
 * checks): random policy worlds for property tests, and a CLI runner.
 */
import fc from 'fast-check';
import type { CliIO } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';

type Obj = Record<string, unknown>;

const NAMESPACES = ['a', 'b', 'c'] as const;
const APPS = ['web', 'api', 'db', 'dns', 'job', 'cache', 'auth', 'pay', 'mail', 'log', 'ui', 'q'] as const;

const labelMap = fc.record(
  {
    app: fc.constantFrom(...APPS),
    tier: fc.constantFrom('front', 'back', 'data'),
    env: fc.constantFrom('prod', 'dev'),
  },
  { requiredKeys: [] },
);

const selector: fc.Arbitrary<Obj> = fc.oneof(
  fc.constant({}),
  labelMap.map((m) => ({ matchLabels: m })),
  fc
    .record({
      key: fc.constantFrom('app', 'tier', 'env'),
      operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
      values: fc.subarray(['web', 'api', 'db', 'front', 'back', 'prod', 'dev'], {
        minLength: 1,
        maxLength: 2,
      }),
    })
    .map((e) => ({
      matchExpressions: [
        e.operator === 'Exists' || e.operator === 'DoesNotExist' ? { key: e.key, operator: e.operator } : e,
      ],
    })),
);

const nsSelector: fc.Arbitrary<Obj> = fc.oneof(
  fc.constant({}),
  fc.constantFrom(...NAMESPACES).map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } })),
  fc.constantFrom('red', 'blue').map((t) => ({ matchLabels: { team: t } })),
);

const cidr = fc.constantFrom(
  '0.0.0.0/0',
  '10.0.0.0/8',
  '10.1.0.0/16',
  '192.168.1.0/24',
  '10.1.2.3/32',
  '8.8.8.8/32',
);

const npPeer: fc.Arbitrary<Obj> = fc.oneof(
  selector.map((p) => ({ podSelector: p })),
  nsSelector.map((n) => ({ namespaceSelector: n })),
  fc.tuple(nsSelector, selector).map(([n, p]) => ({ namespaceSelector: n, podSelector: p })),
  fc.tuple(cidr, fc.boolean()).map(([c, ex]) => ({
    ipBlock: ex && c === '10.0.0.0/8' ? { cidr: c, except: ['10.1.0.0/16'] } : { cidr: c },
  })),
);

const npPort: fc.Arbitrary<Obj> = fc.oneof(
  fc.record({ port: fc.constantFrom(53, 80, 443, 8080), protocol: fc.constantFrom('TCP', 'UDP') }),
  fc.record({ port: fc.constantFrom('http', 'dns', 'metrics') }),
  fc.constant({ port: 8000, endPort: 8100 }),
  fc.constant({ protocol: 'SCTP' }),
);

const npRule = (peerKey: 'from' | 'to'): fc.Arbitrary<Obj> =>
  fc.record(
    { [peerKey]: fc.array(npPeer, { maxLength: 2 }), ports: fc.array(npPort, { maxLength: 2 }) },
    { requiredKeys: [] },
  );

const networkPolicy = (i: number) =>
  fc
    .record({
      ns: fc.constantFrom(...NAMESPACES),
      podSelector: selector,
      types: fc.constantFrom(undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']),
      ingress: fc.option(fc.array(npRule('from'), { maxLength: 2 }), { nil: undefined }),
      egress: fc.option(fc.array(npRule('to'), { maxLength: 2 }), { nil: undefined }),
    })
    .map((p) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `np${i}`, namespace: p.ns },
      spec: {
        podSelector: p.podSelector,
        ...(p.types ? { policyTypes: p.types } : {}),
        ...(p.ingress ? { ingress: p.ingress } : {}),
        ...(p.egress ? { egress: p.egress } : {}),
      },
    }));

const adminPeer = (egress: boolean): fc.Arbitrary<Obj> =>
  fc.oneof(
    nsSelector.map((n) => ({ namespaces: n })),
    fc.tuple(nsSelector, selector).map(([n, p]) => ({ pods: { namespaceSelector: n, podSelector: p } })),
    ...(egress ? [cidr.map((c) => ({ networks: [c] }))] : []),
  );

const adminPort: fc.Arbitrary<Obj> = fc.oneof(
  fc.record({
    portNumber: fc.record({ port: fc.constantFrom(53, 80, 8080), protocol: fc.constantFrom('TCP', 'UDP') }),
  }),
  fc.constant({ namedPort: 'http' }),
  fc.constant({ portRange: { start: 8000, end: 9000 } }),
);

const adminRule = (baseline: boolean, egress: boolean) =>
  fc.record(
    {
      name: fc.constantFrom('r1', 'r2', 'r3'),
      action: fc.constantFrom(...(baseline ? ['Allow', 'Deny'] : ['Allow', 'Deny', 'Pass'])),
      [egress ? 'to' : 'from']: fc.array(adminPeer(egress), { minLength: 1, maxLength: 2 }),
      ports: fc.array(adminPort, { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ['name', 'action', egress ? 'to' : 'from'] },
  );

const adminPolicy = (i: number, baseline: boolean) =>
  fc
    .record({
      priority: fc.constantFrom(1, 2, 3),
      subject: fc.oneof(
        nsSelector.map((n) => ({ namespaces: n })),
        fc.tuple(nsSelector, selector).map(([n, p]) => ({ pods: { namespaceSelector: n, podSelector: p } })),
      ),
      ingress: fc.array(adminRule(baseline, false), { maxLength: 2 }),
      egress: fc.array(adminRule(baseline, true), { maxLength: 2 }),
    })
    .map((p) => ({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy',
      metadata: { name: baseline ? 'default' : `anp${i}` },
      spec: {
        ...(baseline ? {} : { priority: p.priority }),
        subject: p.subject,
        ingress: p.ingress,
        egress: p.egress,
      },
    }));

const workload = (i: number) =>
  fc
    .record({
      ns: fc.constantFrom(...NAMESPACES),
      labels: labelMap,
      ports: fc.subarray(
        [
          { name: 'http', containerPort: 8080 },
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'metrics', containerPort: 9090 },
          { name: 'http', containerPort: 80 },
        ],
        { maxLength: 2 },
      ),
      hostNetwork: fc.boolean().map((b) => b && i % 5 === 0),
      ip: fc.option(fc.constantFrom('10.1.2.3', '10.2.0.1', '192.168.1.5'), { nil: undefined }),
      kind: fc.constantFrom('Pod', 'Deployment'),
    })
    .map((w) => {
      const ports = w.ports.filter((p, j, all) => all.findIndex((q) => q.name === p.name) === j);
      const spec = {
        ...(w.hostNetwork ? { hostNetwork: true } : {}),
        containers: [{ name: 'c', image: 'x', ports }],
      };
      if (w.kind === 'Pod')
        return {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `w${i}`, namespace: w.ns, labels: w.labels },
          spec,
          ...(w.ip ? { status: { podIP: w.ip } } : {}),
        };
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `w${i}`, namespace: w.ns },
        spec: { selector: { matchLabels: w.labels }, template: { metadata: { labels: w.labels }, spec } },
      };
    });

const namespaces = fc
  .tuple(fc.constantFrom('red', 'blue'), fc.constantFrom('red', 'blue'), fc.constantFrom('red', 'blue'))
  .map((teams) =>
    NAMESPACES.map((n, i) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: n, labels: { team: teams[i] } },
    })),
  );

/** A random world of namespaces, workloads and policies, as JSON documents (YAML 1.1 reads JSON). */
export function arbitraryWorld(
  opts: { workloads?: [number, number]; policies?: number; admin?: boolean } = {},
) {
  const [wMin, wMax] = opts.workloads ?? [2, 8];
  const maxPolicies = opts.policies ?? 4;
  return fc
    .tuple(
      namespaces,
      fc
        .integer({ min: wMin, max: wMax })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => workload(i)))),
      fc
        .integer({ min: 0, max: maxPolicies })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => networkPolicy(i)))),
      opts.admin === false
        ? fc.constant([] as Obj[])
        : fc
            .integer({ min: 0, max: 2 })
            .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => adminPolicy(i, false)))),
      opts.admin === false ? fc.constant([] as Obj[]) : fc.option(adminPolicy(0, true), { nil: undefined }),
    )
    .map(([ns, ws, nps, anps, banp]) => [...ns, ...ws, ...nps, ...anps, ...(banp ? [banp] : [])] as Obj[]);
}

export function toJsonStream(objects: readonly Obj[]): string {
  return objects.map((o) => JSON.stringify(o)).join('\n---\n');
}

export async function runCli(
  argv: string[],
  opts: { cwd?: string; stdin?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => new TextEncoder().encode(opts.stdin ?? ''),
    env: {},
    cwd: opts.cwd ?? process.cwd(),
    isTTY: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
