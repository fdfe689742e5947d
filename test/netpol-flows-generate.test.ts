/**
 * Policy generation from flows and its proof: the building blocks (exact CIDR covers,
 * port ranges, stable selectors), the shop example end to end (exact policies, proof
 * counts), the proof's exceptions (a selector shared with another workload, an admin
 * Deny), and the soundness property: for random workloads and random observed traffic,
 * the engine allows every observed connection and nothing else but DNS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { inventoryFromYaml, loadManifests } from '../src/input/load.js';
import type { Inventory } from '../src/model/inventory.js';
import { parseFlowCsv } from '../src/netpol/flows/csv.js';
import { parseHubble } from '../src/netpol/flows/hubble.js';
import { resolveFlows } from '../src/netpol/flows/resolve.js';
import { emitPolicies } from '../src/netpol/generate/emit.js';
import { cidrsOf, generatePolicies, portEntries } from '../src/netpol/generate/generate.js';
import { provePolicies } from '../src/netpol/generate/prove.js';
import { stableSelector } from '../src/netpol/generate/selectors.js';
import { fromIntervals, intervalsOf } from '../src/netpol/intervals.js';
import { parseCidr, parseIPv4 } from '../src/netpol/ip.js';
import { buildNetpolModel } from '../src/netpol/model.js';
import { connOf } from '../src/netpol/ports.js';
import type { WorkloadPeer } from '../src/netpol/workloads.js';

const ROOT = join(__dirname, '..');

function run(inventory: Inventory, flowsText: string, format: 'hubble' | 'csv' = 'hubble') {
  const parsed =
    format === 'csv' ? parseFlowCsv(flowsText, 'flows.csv') : parseHubble(flowsText, 'flows.jsonl');
  const model = buildNetpolModel(inventory);
  const resolution = resolveFlows(model, parsed.flows);
  const gen = generatePolicies(model, resolution);
  const text = emitPolicies(gen, ['test']);
  const proof = provePolicies(inventory, resolution, gen, text);
  return { parsed, model, resolution, gen, text, proof };
}

const docs = (text: string) => yaml.loadAll(text) as Array<Record<string, any>>;
const byName = (text: string) =>
  new Map(docs(text).map((d) => [`${d.metadata.namespace}/${d.metadata.name}`, d]));

describe('building blocks', () => {
  const ip = (s: string) => parseIPv4(s)!;
  it.each([
    [['10.0.0.0', '10.0.0.3'], ['10.0.0.0/30']],
    [
      ['10.0.0.1', '10.0.0.6'],
      ['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32'],
    ],
    [['0.0.0.0', '255.255.255.255'], ['0.0.0.0/0']],
    [
      ['192.168.1.255', '192.168.2.0'],
      ['192.168.1.255/32', '192.168.2.0/32'],
    ],
  ])('cidrsOf %j', ([a, b], expected) => {
    expect(cidrsOf([ip(a!), ip(b!)])).toEqual(expected);
  });
  it('cidrsOf covers exactly the set (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(4294967295), fc.nat(70000)), { maxLength: 5 }), (pairs) => {
        const set = fromIntervals(
          pairs.map(([a, n]) => [a, Math.min(4294967295, a + n)] as [number, number]),
        );
        const cover = fromIntervals(
          cidrsOf(set).map((c) => {
            const p = parseCidr(c);
            if (!p.ok || p.family !== 4) throw new Error(c);
            return [p.first, p.last] as [number, number];
          }),
        );
        expect(intervalsOf(cover)).toEqual(intervalsOf(set));
      }),
    );
  });
  it('port entries: per protocol, contiguous ports as ranges', () => {
    const c = { ...connOf('TCP', [80, 80, 8000, 8100]), UDP: [53, 53], SCTP: [] };
    expect(portEntries(c)).toEqual([
      { protocol: 'TCP', port: 80 },
      { protocol: 'TCP', port: 8000, endPort: 8100 },
      { protocol: 'UDP', port: 53 },
    ]);
  });

  const w = (name: string, labels: Record<string, string>) =>
    ({ display: `ns/${name}[Deployment]`, name, namespace: 'ns', labels }) as unknown as WorkloadPeer;
  it.each([
    [
      'the preferred key alone when it is unique',
      w('web', {
        'app.kubernetes.io/name': 'web',
        'app.kubernetes.io/part-of': 'shop',
        'pod-template-hash': 'x',
      }),
      [w('api', { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/part-of': 'shop' })],
      { labels: { 'app.kubernetes.io/name': 'web' }, also: [] },
    ],
    [
      'a second key when the first is shared',
      w('web-canary', { app: 'web', track: 'canary' }),
      [w('web', { app: 'web', track: 'stable' })],
      { labels: { app: 'web', track: 'canary' }, also: [] },
    ],
    [
      'identical labels: reported',
      w('web', { app: 'web', version: 'v1' }),
      [w('web2', { app: 'web', version: 'v2' })],
      { labels: { app: 'web' }, also: ['ns/web2[Deployment]'] },
    ],
    [
      'only noise labels: nothing usable',
      w('x', { 'pod-template-hash': 'a', 'helm.sh/chart': 'c-1' }),
      [],
      { labels: undefined, also: [] },
    ],
  ])('stable selector: %s', (_n, subject, others, expected) => {
    const s = stableSelector(subject, [subject, ...others]);
    expect(s.labels).toEqual(expected.labels);
    expect(s.alsoSelects.map((x) => x.display)).toEqual(expected.also);
  });
});

describe('the shop example', async () => {
  const shop = (
    await loadManifests([join(ROOT, 'examples/shop')], { cwd: ROOT, readStdin: async () => new Uint8Array() })
  ).inventory;
  const hubble = run(shop, readFileSync(join(ROOT, 'examples/flows/shop-hubble.jsonl'), 'utf8'));

  it('reads the export: 18 records, 12 flows, replies, the drop and ICMP skipped', () => {
    expect(hubble.parsed.records).toBe(18);
    expect(hubble.parsed.flows.length).toBe(12);
    expect(hubble.parsed.problems).toEqual([]);
    expect(hubble.parsed.skipped).toEqual({
      reply: 4,
      'verdict DROPPED': 1,
      'ICMP (not expressible in a NetworkPolicy)': 1,
    });
    expect(hubble.resolution.connections.length).toBe(9);
    expect([...hubble.resolution.synthetic.keys()]).toEqual([
      'ingress-nginx/ingress-nginx-controller[Deployment]',
      'kube-system/coredns[Deployment]',
    ]);
  });

  it('generates default deny, DNS and the exact allows for shop and payments', () => {
    expect(hubble.gen.scope).toEqual(['payments', 'shop']);
    const p = byName(hubble.text);
    expect([...p.keys()]).toEqual([
      'payments/default-deny',
      'payments/allow-dns',
      'payments/postgres-ingress',
      'shop/default-deny',
      'shop/allow-dns',
      'shop/frontend-ingress',
      'shop/frontend-egress',
      'shop/orders-ingress',
      'shop/orders-egress',
    ]);
    expect(p.get('shop/default-deny')!.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(p.get('shop/allow-dns')!.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    });
    expect(p.get('shop/frontend-ingress')!.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'frontend' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
            },
            { ipBlock: { cidr: '198.51.100.23/32' } },
          ],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ],
    });
    expect(p.get('shop/orders-egress')!.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders' } },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '203.0.113.10/32' } }], ports: [{ protocol: 'TCP', port: 443 }] },
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres' } },
            },
          ],
          ports: [{ protocol: 'TCP', port: 5432 }],
        },
      ],
    });
    expect(p.get('payments/postgres-ingress')!.spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 5432 }],
      },
    ]);
    // The evidence above each policy.
    expect(hubble.text).toContain(
      '# Out of shop/orders[Deployment]:\n#   to 203.0.113.10 (api.payments.example): TCP 443 (1 flow, flows.jsonl:16)\n#   to payments/postgres[StatefulSet]: TCP 5432 (2 flows, flows.jsonl:13)\n',
    );
    expect(hubble.gen.left).toEqual({
      'DNS to the cluster DNS (covered by the allow-dns policies)': 3,
      "from the pod's own node (always allowed)": 1,
    });
  });

  it('the generated YAML reads back as Kubernetes reads it (YAML 1.1) into the same objects', () => {
    const back = inventoryFromYaml(hubble.text, 'g.yaml');
    expect(back.issues).toEqual([]);
    expect(back.inventory.resources.map((r) => r.object)).toEqual(hubble.gen.policies.map((p) => p.object));
  });

  it('proof: every observed connection allowed, nothing else but DNS', () => {
    const p = hubble.proof;
    expect({ ...p, blocked: p.blocked.length, unexpected: p.unexpected.length }).toEqual({
      profile: 'k8s',
      observed: 8,
      observedAllowed: 8,
      blocked: 0,
      allowedPairs: 8,
      allowedObserved: 7,
      allowedDnsOnly: 1,
      unexpected: 0,
      unexpectedMore: 0,
      replaced: 3,
      holds: true,
    });
  });

  it('the CSV of the same traffic gives the same policies, with assumed labels for what the manifests lack', () => {
    const csv = run(shop, readFileSync(join(ROOT, 'examples/flows/shop-flows.csv'), 'utf8'), 'csv');
    expect(csv.parsed.problems).toEqual([]);
    expect(csv.proof.holds).toBe(true);
    const a = byName(hubble.text);
    const b = byName(csv.text);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const k of [
      'shop/orders-egress',
      'shop/orders-ingress',
      'payments/postgres-ingress',
      'shop/allow-dns',
    ])
      expect(b.get(k)!.spec, k).toEqual(a.get(k)!.spec);
    expect(b.get('shop/frontend-ingress')!.spec.ingress[0].from[0].podSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx-controller' },
    });
    expect(csv.gen.notes).toContain(
      'ingress-nginx/ingress-nginx-controller[Pod] is not in the manifests and the flows carry no labels: it is selected by app.kubernetes.io/name=ingress-nginx-controller (assumed; check the label)',
    );
  });
});

const deploy = (ns: string, name: string, labels: Record<string, string>, port = 8080) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: port }] }] },
    },
  },
});
const csvOf = (rows: string[]) =>
  `src_namespace,src_workload,dst_namespace,dst_workload_or_cidr,port,protocol\n${rows.join('\n')}\n`;
const world = (objects: object[]) =>
  inventoryFromYaml(objects.map((o) => JSON.stringify(o)).join('\n---\n'), 'w.yaml').inventory;

describe('proof exceptions', () => {
  it('a selector that also matches another workload allows what was not observed, and says which rule', () => {
    const r = run(
      world([
        deploy('shop', 'web', { app: 'web' }),
        deploy('shop', 'web-copy', { app: 'web' }),
        deploy('shop', 'api', { app: 'api' }),
      ]),
      csvOf(['shop,web,shop,api,8080,TCP']),
      'csv',
    );
    expect(r.gen.notes).toEqual([
      'shop/web[Deployment]: no label set selects it alone; {app=web} also selects shop/web-copy[Deployment]',
      'shop/web-copy[Deployment]: no label set selects it alone; {app=web} also selects shop/web[Deployment]',
    ]);
    expect(r.proof.blocked).toEqual([]);
    expect(r.proof.unexpected).toEqual([
      {
        src: 'shop/web-copy[Deployment]',
        dst: 'shop/api[Deployment]',
        conn: 'TCP 8080',
        why: [
          'egress: allowed by NetworkPolicy shop/web-egress egress rule #1 (generated.yaml:82)',
          'ingress: allowed by NetworkPolicy shop/api-ingress ingress rule #1 (generated.yaml:58)',
        ],
      },
    ]);
    expect(r.proof.holds).toBe(false);
  });

  it('an AdminNetworkPolicy Deny blocks an observed connection: the deciding rule is named', () => {
    const r = run(
      world([
        deploy('shop', 'web', { app: 'web' }),
        deploy('shop', 'api', { app: 'api' }),
        {
          apiVersion: 'policy.networking.k8s.io/v1alpha1',
          kind: 'AdminNetworkPolicy',
          metadata: { name: 'no-8080' },
          spec: {
            priority: 5,
            subject: { namespaces: {} },
            ingress: [
              {
                name: 'deny-8080',
                action: 'Deny',
                from: [{ namespaces: {} }],
                ports: [{ portNumber: { port: 8080 } }],
              },
            ],
          },
        },
      ]),
      csvOf(['shop,web,shop,api,8080,TCP', 'shop,web,,8.8.8.8,53,UDP']),
      'csv',
    );
    expect(r.proof.blocked).toEqual([
      {
        src: 'shop/web[Deployment]',
        dst: 'shop/api[Deployment]',
        conn: 'TCP 8080',
        why: [
          'ingress: denied by AdminNetworkPolicy no-8080 ingress rule #1 "deny-8080" (w.yaml:5)',
          'first seen at flows.csv:2',
        ],
      },
    ]);
    expect(r.proof.observed).toBe(2);
    expect(r.proof.observedAllowed).toBe(1);
  });
});

describe('soundness (property): generated policies allow exactly the observed traffic', () => {
  const arb = fc
    .record({
      n: fc.integer({ min: 2, max: 7 }),
      ports: fc.array(fc.constantFrom(80, 443, 8080, 8081, 8082, 9000), { minLength: 7, maxLength: 7 }),
      nsOf: fc.array(fc.constantFrom('a', 'b'), { minLength: 7, maxLength: 7 }),
      flows: fc.array(
        fc.record({
          src: fc.integer({ min: 0, max: 8 }),
          dst: fc.integer({ min: 0, max: 8 }),
          port: fc.constantFrom(53, 80, 443, 8080, 8081, 8082, 9000),
          protocol: fc.constantFrom('TCP', 'UDP'),
        }),
        { maxLength: 14 },
      ),
      existing: fc.boolean(),
    })
    .map(({ n, ports, nsOf, flows, existing }) => {
      const objects: object[] = [];
      for (let i = 0; i < n; i++)
        objects.push(deploy(nsOf[i]!, `w${i}`, { app: `w${i}`, tier: i % 2 ? 'odd' : 'even' }, ports[i]));
      // A policy of the manifests that the generated ones replace.
      if (existing)
        objects.push({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'old', namespace: 'a' },
          spec: { podSelector: {}, ingress: [{}] },
        });
      const ep = (i: number) =>
        i < n ? [nsOf[i]!, `w${i}`] : i === n ? ['', '203.0.113.7'] : ['', `198.51.100.${i}`];
      const rows = flows.map((f) => {
        const [sn, sw] = ep(f.src);
        const [dn, dw] = ep(f.dst);
        return `${sn},${sw},${dn},${dw},${f.port},${f.protocol}`;
      });
      // Flows between two addresses mean nothing here; keep at least one workload per flow.
      return { objects, csv: csvOf(rows.filter((r) => !/^,/.test(r) || !/,,\d/.test(r.slice(1)))) };
    });
  it('every observed connection is allowed, and everything allowed was observed or is DNS', () => {
    fc.assert(
      fc.property(arb, ({ objects, csv }) => {
        const r = run(world(objects), csv, 'csv');
        expect(r.parsed.problems).toEqual([]);
        expect(r.proof.blocked).toEqual([]);
        expect(r.proof.unexpected).toEqual([]);
        expect(r.proof.observedAllowed).toBe(r.proof.observed);
        // And the policies read back to the same objects.
        expect(inventoryFromYaml(r.text, 'g').inventory.resources.map((x) => x.object)).toEqual(
          r.gen.policies.map((p) => p.object),
        );
      }),
      { numRuns: 60 },
    );
  });

  // Found by the property above: two observed addresses that the generated 198.51.100.6/31
  // covers together. Each address alone is not the whole /31, but together they are.
  it('counts an address range as observed when several observed addresses cover it together', () => {
    const objects = ['w0', 'w1'].map((name) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'a' },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }] },
        },
      },
    }));
    const csv = csvOf([',198.51.100.7,a,w1,9000,TCP', ',198.51.100.6,a,w1,9000,TCP']);
    const r = run(world(objects), csv, 'csv');
    expect(r.text).toContain('198.51.100.6/31');
    expect(r.proof.unexpected).toEqual([]);
    expect(r.proof.allowedObserved).toBe(1);
    // The same /31 proved against traffic from one address only: the other is beyond it.
    const one = run(world(objects), csvOf([',198.51.100.7,a,w1,9000,TCP']), 'csv');
    const proof = provePolicies(world(objects), one.resolution, one.gen, r.text);
    expect(proof.unexpected).toHaveLength(1);
    expect(proof.unexpected[0]!.dst).toBe('a/w1[Deployment]');
  });
});
