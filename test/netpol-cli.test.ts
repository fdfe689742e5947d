/**
 * `kzt netpol connlist | diff | explain` through the CLI entry point: formats, exit
 * codes, one-line errors, warnings that name the object and file:line, and hostile
 * input that must never crash the analysis.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { inventoryFromYaml } from '../src/input/load.js';
import { computeConnectivity } from '../src/netpol/connectivity.js';
import { evaluatePair } from '../src/netpol/evaluate.js';
import { buildNetpolModel } from '../src/netpol/model.js';

async function run(
  argv: string[],
  cwd: string,
  stdin = '',
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
    readStdin: async () => new TextEncoder().encode(stdin),
    env: {},
    cwd,
    isTTY: false,
  };
  return { code: await main(argv, io), stdout, stderr };
}

const APP = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        ports: [{name: sql, containerPort: 5432}]
`;
const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: sql}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - ipBlock: {cidr: 10.0.0.0/40}
    ports:
    - {port: 80, endPort: 70}
`;

function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kzt-netpol-'));
  writeFileSync(join(dir, 'app.yaml'), APP);
  writeFileSync(join(dir, 'policies.yaml'), POLICIES);
  writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
  return dir;
}

describe('kzt netpol connlist', () => {
  it('lists connections in the k8s profile and warns with file:line', async () => {
    const dir = fixture();
    const r = await run(['netpol', 'connlist', '.'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('shop/web[Deployment] => shop/db[Deployment] : TCP 5432\n');
    expect(r.stdout).not.toContain('=> shop/web[Deployment] : All'); // web's ingress is isolated by "bad"
    expect(r.stderr).toMatch(
      /policies\.yaml:17:\d+: warning: NetworkPolicy shop\/bad: "10\.0\.0\.0\/40" is not a valid CIDR; the peer matches nothing/,
    );
    expect(r.stderr).toMatch(
      /policies\.yaml:19:\d+: warning: NetworkPolicy shop\/bad: endPort 70 is less than port 80/,
    );
  });

  it('-q silences analysis warnings; --output-file writes the list', async () => {
    const dir = fixture();
    const r = await run(['netpol', 'connlist', '.', '-q', '-o', 'json', '--output-file', 'out.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    const data = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(data).toContainEqual({
      src: 'shop/web[Deployment]',
      dst: 'shop/db[Deployment]',
      conn: 'TCP 5432',
    });
  });

  it('reads stdin', async () => {
    const r = await run(['netpol', 'connlist', '-', '-q', '-o', 'csv'], tmpdir(), APP);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('src,dst,conn');
    expect(r.stdout).toContain('shop/web[Deployment],shop/db[Deployment],All Connections');
  });

  it('profile flags override single choices', async () => {
    const r = await run(['netpol', 'connlist', '-', '-q', '--no-self-connections'], tmpdir(), APP);
    expect(r.stdout).not.toContain('shop/web[Deployment] => shop/web[Deployment]');
    const r2 = await run(['netpol', 'connlist', '-', '-q'], tmpdir(), APP);
    expect(r2.stdout).toContain('shop/web[Deployment] => shop/web[Deployment] : All Connections');
  });

  it('usage errors are one line and exit 2', async () => {
    const r = await run(['netpol', 'connlist'], tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kzt: needs at least one PATH (a file, a directory, or - for stdin)\n');
    const r2 = await run(['netpol', 'connlist', 'missing-dir'], tmpdir());
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/missing-dir: error: no such file or directory/);
    const r3 = await run(['netpol', 'connlist', '.', '-o', 'xml'], tmpdir());
    expect(r3.code).toBe(2);
  });
});

describe('kzt netpol diff', () => {
  it('reports added, removed and changed connections in every format', async () => {
    const dir = fixture();
    writeFileSync(
      join(dir, 'b.yaml'),
      `${APP}---\n${POLICIES.replace('ports: [{port: sql}]', 'ports: [{port: sql}, {port: 9999}]')}`,
    );
    writeFileSync(join(dir, 'a.yaml'), `${APP}---\n${POLICIES}`);
    const txt = await run(['netpol', 'diff', 'a.yaml', 'b.yaml', '-q'], dir);
    expect(txt.code).toBe(0);
    expect(txt.stdout).toBe(
      'Connectivity diff:\ndiff-type: changed, source: shop/web[Deployment], destination: shop/db[Deployment], ref1: TCP 5432, ref2: TCP 5432,9999\n',
    );
    const json = await run(['netpol', 'diff', 'a.yaml', 'b.yaml', '-q', '-o', 'json'], dir);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        'diff-type': 'changed',
        source: 'shop/web[Deployment]',
        destination: 'shop/db[Deployment]',
        ref1: 'TCP 5432',
        ref2: 'TCP 5432,9999',
        'workloads-diff-info': '',
      },
    ]);
    const md = await run(['netpol', 'diff', 'a.yaml', 'b.yaml', '-q', '-o', 'md'], dir);
    expect(md.stdout.split('\n')[0]).toBe(
      '| diff-type | source | destination | ref1 | ref2 | workloads-diff-info |',
    );
    const csv = await run(['netpol', 'diff', 'a.yaml', 'b.yaml', '-q', '-o', 'csv'], dir);
    expect(csv.stdout.split('\n')[1]).toBe(
      'changed,shop/web[Deployment],shop/db[Deployment],TCP 5432,"TCP 5432,9999",',
    );
  });

  it('says so on stderr when nothing differs', async () => {
    const dir = fixture();
    const r = await run(['netpol', 'diff', 'app.yaml', 'app.yaml'], dir);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('kzt: no connectivity differences');
  });
});

describe('kzt netpol explain', () => {
  it('names the policy and rule that allow a port, with file:line', async () => {
    const dir = fixture();
    const r = await run(['netpol', 'explain', 'shop/web', 'shop/db', '.', '--port', 'sql/TCP', '-q'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('shop/web[Deployment] => shop/db[Deployment] (profile k8s)');
    expect(r.stdout).toContain('Allowed: TCP 5432');
    expect(r.stdout).toMatch(/NetworkPolicy shop\/db ingress rule #1 \(policies\.yaml:7\) allows TCP 5432/);
    expect(r.stdout).toContain('TCP 5432: ALLOWED');
  });

  it('says what to change for a denied port', async () => {
    const dir = fixture();
    const r = await run(['netpol', 'explain', 'shop/web', 'shop/db', '.', '--port', '80', '-q'], dir);
    expect(r.stdout).toContain('TCP 80: DENIED');
    expect(r.stdout).toMatch(
      /ingress: denied: shop\/db\[Deployment\] is isolated for ingress by NetworkPolicy shop\/db \(policies\.yaml:1\)/,
    );
    expect(r.stdout).toContain(
      'to allow it: add to NetworkPolicy shop/db an ingress rule: {from: [{podSelector: {matchLabels: {app: web}}}], ports: [{protocol: TCP, port: 80}]}',
    );
  });

  it('explains external addresses and emits JSON', async () => {
    const dir = fixture();
    const r = await run(['netpol', 'explain', '10.1.2.3', 'shop/db', '.', '-o', 'json', '-q'], dir);
    const data = JSON.parse(r.stdout);
    expect(data.src).toBe('10.1.2.3-10.1.2.3[External]');
    expect(data.allowed).toBe('No Connections');
    expect(data.ingress.networkPoliciesIsolating).toEqual(['shop/db']);
  });

  it('rejects unknown workloads with a suggestion, and bad ports', async () => {
    const dir = fixture();
    const r = await run(['netpol', 'explain', 'shop/wbe', 'shop/db', '.', '-q'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kzt: source no workload shop\/wbe in the input/);
    const r2 = await run(['netpol', 'explain', 'shop/web', 'shop/db', '.', '--port', '99999'], dir);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toBe('kzt: --port 99999: port must be in 1-65535\n');
    const r3 = await run(['netpol', 'explain', '1.1.1.1', '2.2.2.2', '.', '-q'], dir);
    expect(r3.stderr).toBe('kzt: at least one of SRC and DST must be a workload\n');
  });
});

// ---- hostile input ------------------------------------------------------------------------

const junk = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -5, max: 70000 }),
    fc.constantFrom(
      '',
      'TCP',
      'UDP',
      'ICMP',
      'http',
      '10.0.0.0/8',
      '::/0',
      'x/y',
      'In',
      'Exists',
      'Allow',
      'Deny',
      'Pass',
      'Ingress',
      'Egress',
    ),
    fc.array(tie('value'), { maxLength: 3 }),
    tie('object'),
  ),
  object: fc.dictionary(
    fc.constantFrom(
      'podSelector',
      'namespaceSelector',
      'ipBlock',
      'cidr',
      'except',
      'ports',
      'port',
      'endPort',
      'protocol',
      'from',
      'to',
      'ingress',
      'egress',
      'policyTypes',
      'matchLabels',
      'matchExpressions',
      'key',
      'operator',
      'values',
      'subject',
      'namespaces',
      'pods',
      'networks',
      'nodes',
      'action',
      'name',
      'priority',
      'portNumber',
      'portRange',
      'namedPort',
      'start',
      'end',
    ),
    tie('value'),
    { maxKeys: 5 },
  ),
}));

describe('bad input never crashes', () => {
  it('random NetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy specs', () => {
    fc.assert(
      fc.property(junk.object, junk.object, junk.object, (npSpec, anpSpec, banpSpec) => {
        const docs = [
          APP,
          JSON.stringify({
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: { name: 'j', namespace: 'shop' },
            spec: npSpec,
          }),
          JSON.stringify({
            apiVersion: 'policy.networking.k8s.io/v1alpha1',
            kind: 'AdminNetworkPolicy',
            metadata: { name: 'j' },
            spec: anpSpec,
          }),
          JSON.stringify({
            apiVersion: 'policy.networking.k8s.io/v1alpha1',
            kind: 'BaselineAdminNetworkPolicy',
            metadata: { name: 'default' },
            spec: banpSpec,
          }),
        ].join('\n---\n');
        for (const profile of ['k8s', 'np-guard'] as const) {
          const model = buildNetpolModel(inventoryFromYaml(docs).inventory, { profile });
          const conn = computeConnectivity(model);
          const [a, b] = model.workloads;
          if (a && b) expect(evaluatePair(model, a, b).allowed).toEqual(conn.between(a, b));
          for (const w of model.warnings)
            expect(w.message).toMatch(
              /^(NetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy|pod IPs|pods of|\d+ Baseline)/,
            );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('objects of the wrong shape are analysed around', async () => {
    const dir = fixture();
    writeFileSync(
      join(dir, 'weird.yaml'),
      [
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: s, namespace: shop}\nspec: "a string"',
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: t, namespace: shop}\nspec: {podSelector: [], ingress: {}}',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken, namespace: shop}\nspec: {template: 7}',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop, ownerReferences: [{controller: true}]}\nspec: {containers: [{ports: [{containerPort: "x"}, 5]}]}',
      ].join('\n---\n'),
    );
    const r = await run(['netpol', 'connlist', '.'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /weird\.yaml:4:\d+: warning: NetworkPolicy shop\/s: spec is missing or not an object/,
    );
    expect(r.stderr).toMatch(/weird\.yaml:\d+:\d+: warning: NetworkPolicy shop\/t: invalid label selector/);
    expect(r.stdout).toContain('shop/web[Deployment] => shop/db[Deployment] : TCP 5432');
  });
});
