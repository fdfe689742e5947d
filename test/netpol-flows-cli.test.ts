/**
 * `kzt netpol blast-radius | generate | replay` through the CLI entry point, on the shop
 * example and its flows: outputs, exit codes, bad input and usage errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './netpol-flows-support.js';

const ROOT = join(__dirname, '..');
const cwd = ROOT;
const HUBBLE = 'examples/flows/shop-hubble.jsonl';
const CSV = 'examples/flows/shop-flows.csv';
const tmp = mkdtempSync(join(tmpdir(), 'kzt-netpol-flows-'));
let generated = '';

beforeAll(async () => {
  const r = await runCli(['netpol', 'generate', '--flows', HUBBLE, 'examples/shop', '-q'], { cwd });
  generated = join(tmp, 'generated.yaml');
  writeFileSync(generated, r.stdout);
});

describe('kzt netpol blast-radius', () => {
  it('prints the table, largest reach first, with the most sensitive targets and paths', async () => {
    const r = await runCli(['netpol', 'blast-radius', 'examples/shop', '-q'], { cwd });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'WORKLOAD                        DIRECT  TRANSITIVE  % OF WORKLOADS  MOST SENSITIVE REACHED (SHORTEST PATH)',
    );
    expect(lines[1]).toBe(
      'payments/postgres[StatefulSet]       3           3            100%  shop/image-cleanup[CronJob] [node access (privileged, hostPath or host network)]: payments/postgres[StatefulSet] -> shop/image-cleanup[CronJob]',
    );
    expect(lines.filter((l) => /^\S/.test(l)).map((l) => l.split(/\s+/).slice(0, 4).join(' '))).toEqual([
      'WORKLOAD DIRECT TRANSITIVE %',
      'payments/postgres[StatefulSet] 3 3 100%',
      'shop/frontend[Deployment] 3 3 100%',
      'shop/orders[Deployment] 3 3 100%',
      'shop/image-cleanup[CronJob] 2 3 100%',
    ]);
  });

  it('--from with the generated policies: reach follows the observed call graph', async () => {
    const r = await runCli(
      ['netpol', 'blast-radius', 'examples/shop', generated, '--from', 'shop/frontend', '-q'],
      { cwd },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'shop/frontend[Deployment] reaches 2 of the 3 other workloads (66.7%): 1 directly, 2 transitively.',
        '',
        'HOPS  WORKLOAD                        VIA                      SENSITIVITY',
        '   1  shop/orders[Deployment]         -                        2: node access (privileged, hostPath or host network)',
        '   2  payments/postgres[StatefulSet]  shop/orders[Deployment]  3: data store (StatefulSet), reads Secrets',
        '',
        'Most sensitive reached:',
        '  payments/postgres[StatefulSet] (data store (StatefulSet), reads Secrets): shop/frontend[Deployment] -> shop/orders[Deployment] -> payments/postgres[StatefulSet]',
        '  shop/orders[Deployment] (node access (privileged, hostPath or host network)): shop/frontend[Deployment] -> shop/orders[Deployment]',
        '',
      ].join('\n'),
    );
  });

  it('-o json', async () => {
    const r = await runCli(['netpol', 'blast-radius', 'examples/shop', generated, '-o', 'json', '-q'], {
      cwd,
    });
    const j = JSON.parse(r.stdout);
    expect(j.schemaVersion).toBe(1);
    expect(j.workloads).toBe(4);
    expect(j.results.map((x: any) => [x.workload, x.direct, x.transitive, x.percent])).toEqual([
      // The manifests' own frontend-from-anywhere still admits the host-network CronJob.
      ['shop/image-cleanup[CronJob]', 1, 3, 100],
      ['shop/frontend[Deployment]', 1, 2, 66.7],
      ['shop/orders[Deployment]', 1, 1, 33.3],
      ['payments/postgres[StatefulSet]', 0, 0, 0],
    ]);
    expect(j.results[1].mostSensitive[0]).toEqual({
      target: 'payments/postgres[StatefulSet]',
      sensitivity: 3,
      reasons: ['data store (StatefulSet)', 'reads Secrets'],
      path: ['shop/frontend[Deployment]', 'shop/orders[Deployment]', 'payments/postgres[StatefulSet]'],
    });
    const from = JSON.parse(
      (
        await runCli(
          [
            'netpol',
            'blast-radius',
            'examples/shop',
            generated,
            '--from',
            'shop/frontend',
            '-o',
            'json',
            '-q',
          ],
          { cwd },
        )
      ).stdout,
    );
    expect(from.from).toBe('shop/frontend[Deployment]');
    expect(from.reaches).toEqual([
      { workload: 'shop/orders[Deployment]', hops: 1, via: null, sensitivity: 2 },
      { workload: 'payments/postgres[StatefulSet]', hops: 2, via: 'shop/orders[Deployment]', sensitivity: 3 },
    ]);
  });

  it('usage errors: no PATH, unknown workload', async () => {
    expect(await runCli(['netpol', 'blast-radius'], { cwd })).toMatchObject({
      code: 2,
      stderr: 'kzt: needs at least one PATH (a file, a directory, or - for stdin)\n',
    });
    const r = await runCli(['netpol', 'blast-radius', 'examples/shop', '--from', 'shop/front', '-q'], {
      cwd,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kzt: --from no workload shop/front in the input (did you mean shop/frontend[Deployment]?)\n',
    );
  });
});

describe('kzt netpol generate', () => {
  it('writes the policies to stdout and the proof to stderr', async () => {
    const r = await runCli(['netpol', 'generate', '--flows', HUBBLE, 'examples/shop'], { cwd });
    expect(r.code).toBe(0);
    const docs = yaml.loadAll(r.stdout) as any[];
    expect(docs.map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
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
    expect(
      r.stdout.startsWith(
        '# Generated by kzt netpol generate from examples/flows/shop-hubble.jsonl: 9 observed connections, 9 NetworkPolicies for 2 namespaces (payments, shop).\n',
      ),
    ).toBe(true);
    const err = r.stderr.split('\n');
    expect(err).toContain(
      'kzt: flows: 18 records, 12 used; skipped: 1 ICMP (not expressible in a NetworkPolicy), 4 reply, 1 verdict DROPPED',
    );
    expect(err).toContain(
      "kzt: generated 9 NetworkPolicies for 2 namespaces: 2 default-deny, 2 allow-dns, 3 ingress, 2 egress; connections not needing a rule: 3 DNS to the cluster DNS (covered by the allow-dns policies), 1 from the pod's own node (always allowed)",
    );
    expect(err).toContain(
      'kzt: proof (engine, profile k8s): 8/8 observed connections allowed; 8 peer pairs allowed, 7 as observed, 1 DNS only, 0 beyond what was observed',
    );
    expect(err).toContain(
      'kzt: proof holds: every observed connection is allowed, and everything allowed was observed or is DNS',
    );
  });

  it('-o json is a List; --output-file; --namespace restricts the scope; gzip and stdin flows', async () => {
    const gz = join(tmp, 'flows.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(ROOT, HUBBLE))));
    const out = join(tmp, 'out.json');
    const r = await runCli(
      [
        'netpol',
        'generate',
        '--flows',
        gz,
        'examples/shop',
        '-n',
        'payments',
        '-o',
        'json',
        '--output-file',
        out,
        '-q',
      ],
      { cwd },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const list = JSON.parse(readFileSync(out, 'utf8'));
    expect(list.kind).toBe('List');
    expect(list.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual([
      'payments/default-deny',
      'payments/allow-dns',
      'payments/postgres-ingress',
    ]);
    const s = await runCli(
      ['netpol', 'generate', '--flows', '-', '--flows-format', 'csv', 'examples/shop', '-q'],
      {
        cwd,
        stdin: readFileSync(join(ROOT, CSV), 'utf8'),
      },
    );
    expect(s.code).toBe(0);
    expect((yaml.loadAll(s.stdout) as any[]).length).toBe(9);
  });

  it('bad records are reported with file:line and the rest is used; nothing usable is exit 2', async () => {
    const r = await runCli(
      ['netpol', 'generate', '--flows', 'test/fixtures/flows/bad.csv', 'examples/shop', '-q'],
      { cwd },
    );
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').slice(0, 6)).toEqual([
      'kzt: test/fixtures/flows/bad.csv:3: warning: 5 fields where the header has 6; record skipped',
      'kzt: test/fixtures/flows/bad.csv:4: warning: port "http" is not a number in 1-65535; record skipped',
      'kzt: test/fixtures/flows/bad.csv:5: warning: protocol "ICMP" is not TCP, UDP or SCTP; record skipped',
      'kzt: test/fixtures/flows/bad.csv:7: warning: destination "10.0.0.0/33" is not a valid IPv4 address or CIDR; record skipped',
      'kzt: test/fixtures/flows/bad.csv:8: warning: a quoted field is not closed; record skipped',
      'kzt: flows: 7 records, 2 used; 5 with problems',
    ]);
    const bad = await runCli(
      ['netpol', 'generate', '--flows', 'test/fixtures/flows/wrong-header.csv', 'examples/shop'],
      { cwd },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n').at(-2)).toMatch(
      /^kzt: no usable flow in test\/fixtures\/flows\/wrong-header\.csv \(1 records with problems\)/,
    );
  });

  it('usage errors: --flows missing or unreadable', async () => {
    const a = await runCli(['netpol', 'generate', 'examples/shop'], { cwd });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("required option '--flows <file>' not specified");
    const b = await runCli(['netpol', 'generate', '--flows', 'nope.jsonl', 'examples/shop'], { cwd });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^kzt: cannot read flows nope\.jsonl: no such file or directory/);
  });
});

describe('kzt netpol replay', () => {
  it("today's policies allow every observed connection: exit 0", async () => {
    const r = await runCli(['netpol', 'replay', '--flows', HUBBLE, 'examples/shop', '-q'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('9 observed connections: 9 allowed, 0 blocked\n');
  });

  it('a proposed default deny blocks flows: each with the deciding policy per direction, exit 1', async () => {
    const deny = join(tmp, 'deny.yaml');
    writeFileSync(
      deny,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: payments}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
`,
    );
    const r = await runCli(['netpol', 'replay', '--flows', HUBBLE, 'examples/shop', deny, '-q'], { cwd });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'BLOCKED shop/orders[Deployment] -> payments/postgres[StatefulSet] TCP 5432 (2 flows, examples/flows/shop-hubble.jsonl:13)',
    );
    // The engine's explanation, per direction (explain.ts words it).
    expect(lines[1]).toMatch(/^ {2}egress: allowed\b.*shop\/orders\[Deployment\]/);
    expect(lines[2]).toMatch(
      /^ {2}ingress: denied\b.*NetworkPolicy payments\/default-deny \(.*deny\.yaml:1\)/,
    );
    expect(lines[3]).toMatch(/^ {4}to allow it: /);
    expect(lines.slice(4)).toEqual(['9 observed connections: 8 allowed, 1 blocked', '']);
  });

  it('-o json and --all', async () => {
    const j = JSON.parse(
      (await runCli(['netpol', 'replay', '--flows', CSV, 'examples/shop', '-o', 'json', '-q'], { cwd }))
        .stdout,
    );
    expect(j.summary).toEqual({ connections: 8, allowed: 8, blocked: 0 });
    expect(j.connections.find((c: any) => c.src === '198.51.100.23')).toMatchObject({
      src: '198.51.100.23',
      dst: 'shop/frontend[Deployment]',
      protocol: 'TCP',
      port: 8080,
      flows: 1,
      location: { file: CSV, line: 3 },
      allowed: true,
    });
    const all = await runCli(['netpol', 'replay', '--flows', HUBBLE, 'examples/shop', '--all', '-q'], {
      cwd,
    });
    expect(all.stdout.split('\n').filter((l) => l.startsWith('ALLOWED')).length).toBe(9);
  });
});
