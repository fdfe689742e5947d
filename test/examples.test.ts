/**
 * The bundled example app: every weakness marked "WEAK:" in examples/shop is found by the
 * check meant for it, at the right object and line, and nothing in the hardened parts is
 * reported by those checks. This is the README's promise, tested.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/engine/types.js';
import { runCli } from './support/cli.js';

const scan = async () => {
  const r = await runCli(['scan', 'examples/shop', '-o', 'json', '--fail-on', 'high']);
  return { code: r.code, json: JSON.parse(r.stdout) as { findings: Finding[]; errors: unknown[] } };
};

/**
 * file, the line of the WEAK comment, the object, the checks that must report it, and
 * (when the comment sits away from the object it describes) the line the findings are near.
 */
const EXPECTED: Array<[string, number, string, string[], number?]> = [
  ['00-namespaces.yaml', 16, 'Namespace/payments', ['ZT-WL-028']],
  ['10-frontend.yaml', 27, 'Deployment/frontend', ['ZT-WL-022', 'ZT-WL-023']],
  ['10-frontend.yaml', 52, 'Service/frontend', ['ZT-EDGE-004']],
  ['10-frontend.yaml', 67, 'Ingress/frontend', ['ZT-EDGE-001']],
  ['20-orders.yaml', 19, 'Deployment/orders', ['ZT-ID-001', 'ZT-ID-002']],
  ['20-orders.yaml', 29, 'Deployment/orders', ['ZT-ENC-001']],
  ['20-orders.yaml', 33, 'Deployment/orders', ['ZT-WL-002']],
  ['30-payments.yaml', 55, 'Secret/postgres-credentials', ['ZT-ENC-002']],
  ['40-ops.yaml', 14, 'CronJob/image-cleanup', ['ZT-WL-001', 'ZT-WL-021']],
  ['40-ops.yaml', 34, 'ClusterRoleBinding/ops-admin', ['ZT-ID-020']],
  ['40-ops.yaml', 48, 'RoleBinding/orders-debug', ['ZT-ID-023', 'ZT-ID-025'], 70],
  ['00-namespaces.yaml', 11, 'Namespace/payments', ['ZT-NET-001', 'ZT-NET-002']],
  ['50-network.yaml', 1, 'NetworkPolicy/orders-from-cluster', ['ZT-NET-005'], 35],
];

describe('examples/shop', async () => {
  const { code, json } = await scan();

  it('scans without errors and fails the build on its high and critical findings', () => {
    expect(json.errors).toEqual([]);
    expect(code).toBe(1);
  });

  it('every WEAK marker in the manifests is covered by an expectation', () => {
    const markers: string[] = [];
    for (const file of [
      '00-namespaces.yaml',
      '10-frontend.yaml',
      '20-orders.yaml',
      '30-payments.yaml',
      '40-ops.yaml',
    ]) {
      readFileSync(`examples/shop/${file}`, 'utf8')
        .split('\n')
        .forEach((l, i) => {
          if (/#\s*WEAK:/.test(l)) markers.push(`${file}:${i + 1}`);
        });
    }
    const covered = new Set(EXPECTED.map(([f, l]) => `${f}:${l}`));
    expect(markers.filter((m) => !covered.has(m))).toEqual([]);
  });

  it.each(EXPECTED)('%s:%i %s is reported by %j', (file, line, object, checks, near = line) => {
    for (const id of checks) {
      const hits = json.findings.filter(
        (f) => f.checkId === id && `${f.resource?.kind}/${f.resource?.name}` === object,
      );
      expect(hits.length, `${id} on ${object}`).toBeGreaterThan(0);
      // The finding points into the marked object, near its WEAK comment.
      for (const f of hits) {
        expect(f.location?.file).toBe(`examples/shop/${file}`);
        expect(
          Math.abs((f.location?.line ?? 0) - near),
          `${id} at line ${f.location?.line}`,
        ).toBeLessThanOrEqual(15);
      }
    }
  });

  it('the hardened workload (payments/postgres) passes the Pod Security checks', () => {
    const pss = json.findings.filter(
      (f) => /^ZT-WL-0(0\d|1\d)$/.test(f.checkId) && f.resource?.name === 'postgres',
    );
    expect(pss.map((f) => f.checkId)).toEqual([]);
  });

  it('the exclusion in examples/shop/.kzt.yaml keeps the CronJob findings visible, suppressed', () => {
    const cron = json.findings.filter(
      (f) => f.resource?.name === 'image-cleanup' && f.checkId.startsWith('ZT-WL-'),
    );
    expect(cron.length).toBeGreaterThan(0);
    expect(cron.every((f) => f.suppressed && f.suppression?.by === 'config')).toBe(true);
  });

  it('never prints the committed secret values', () => {
    const text = JSON.stringify(json);
    expect(text).not.toContain('s3cr3t-Pa55w0rd');
    expect(text).not.toContain('correct-horse-battery-staple');
  });
});
