import { describe, expect, it } from 'vitest';
import { defineCheck } from '../src/engine/define-check.js';
import { exitCodeFor, runScan } from '../src/engine/runner.js';
import { computeScores } from '../src/engine/scoring.js';
import { globMatches } from '../src/engine/suppression.js';
import type { Check, ScanResult } from '../src/engine/types.js';
import { inventoryFromYaml } from '../src/input/load.js';
import { containersOf } from '../src/model/workloads.js';

const meta = (id: string, severity: 'critical' | 'high' | 'medium' | 'low' | 'info' = 'high') => ({
  id,
  slug: `test-${id.toLowerCase()}`,
  title: 't',
  pillar: 'workload' as const,
  severity,
  description: 'd',
  remediation: 'r',
  references: [],
  frameworks: [],
  sources: [],
});

/** Reports every container whose image has no tag. */
const untagged = defineCheck({
  meta: meta('ZT-WL-901'),
  examples: { fail: [], pass: [] },
  target: 'workloads',
  check(w, ctx) {
    for (const c of containersOf(w)) {
      if (typeof c.container.image === 'string' && !c.container.image.includes(':')) {
        ctx.report({ resource: w.resource, path: [...c.path, 'image'], message: `${c.name} has no tag` });
      }
    }
  },
});

/** Throws on the workload named "boom". */
const fragile = defineCheck({
  meta: meta('ZT-WL-902', 'low'),
  examples: { fail: [], pass: [] },
  target: 'workloads',
  check(w) {
    if (w.resource.ref.name === 'boom') throw new Error('cannot handle this');
  },
});

const pod = (name: string, image: string, extra = '', ns = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}${extra}spec:\n  containers:\n    - name: c\n      image: ${image}\n`;

function scan(text: string, checks: Check[], extra: Partial<Parameters<typeof runScan>[0]> = {}): ScanResult {
  const { inventory } = inventoryFromYaml(text, 'x.yaml');
  return runScan({
    inventory,
    checks,
    options: { pss: { level: 'restricted', version: 'latest' } },
    today: '2026-11-27',
    ...extra,
  });
}

describe('the check runner', () => {
  it('resolves finding paths to file, line and column', () => {
    const r = scan(pod('a', 'nginx'), [untagged]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({
      checkId: 'ZT-WL-901',
      path: 'spec.containers[0].image',
      location: { file: 'x.yaml', line: 8, column: 7 },
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' },
      suppressed: false,
    });
  });

  it('a check that throws on one object becomes an error for that check and object; the scan goes on; exit 2', () => {
    const r = scan(`${pod('boom', 'nginx')}---\n${pod('fine', 'nginx')}`, [fragile, untagged]);
    expect(r.errors).toEqual([
      expect.objectContaining({
        code: 'check-failed',
        checkId: 'ZT-WL-902',
        resource: expect.objectContaining({ name: 'boom' }),
      }),
    ]);
    expect(r.errors[0]!.message).toMatch(/check ZT-WL-902 failed on Pod\/boom: cannot handle this/);
    expect(r.findings.map((f) => f.resource?.name)).toEqual(['boom', 'fine']);
    expect(exitCodeFor(r, 'none')).toBe(2);
  });

  it('suppresses by annotation on the object (with reason) and on its namespace, counting them', () => {
    const text = [
      pod(
        'own',
        'nginx',
        '  annotations:\n    kzt.io/ignore: "ZT-WL-100, ZT-WL-901"\n    kzt.io/ignore-reason: legacy image\n',
      ),
      pod('other', 'nginx', '  annotations:\n    kzt.io/ignore: ZT-WL-100\n'),
      pod('in-ns', 'nginx', '', 'sandbox'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: sandbox\n  annotations:\n    kzt.io/ignore: "*"\n',
    ].join('---\n');
    const r = scan(text, [untagged]);
    const byName = Object.fromEntries(r.findings.map((f) => [f.resource!.name, f]));
    expect(byName.own).toMatchObject({
      suppressed: true,
      suppression: { by: 'annotation', reason: 'legacy image' },
    });
    expect(byName.other!.suppressed).toBe(false);
    expect(byName['in-ns']).toMatchObject({ suppressed: true, suppression: { by: 'annotation' } });
    expect(r.summary).toMatchObject({ findings: 1, suppressed: 2 });
    expect(exitCodeFor(r, 'high')).toBe(1);
  });

  it('suppresses by config exclusion until it expires, matching check, namespace, kind and name globs', () => {
    const text = `${pod('web-1', 'nginx', '', 'prod')}---\n${pod('web-2', 'nginx', '', 'dev')}---\n${pod('db', 'nginx', '', 'prod')}`;
    const exclusions = [
      {
        checks: ['ZT-WL-9*'],
        namespaces: ['prod'],
        kinds: ['Pod'],
        names: ['web-*'],
        reason: 'accepted',
        expires: '2026-12-31',
      },
    ];
    const r = scan(text, [untagged], { config: { exclusions } });
    expect(r.findings.filter((f) => f.suppressed).map((f) => f.resource!.name)).toEqual(['web-1']);
    expect(r.findings.find((f) => f.suppressed)!.suppression).toEqual({
      by: 'config',
      reason: 'accepted',
      expires: '2026-12-31',
    });
    const expired = scan(text, [untagged], { config: { exclusions }, today: '2027-01-01' });
    expect(expired.findings.every((f) => !f.suppressed)).toBe(true);
  });

  it('a baseline marks findings already known as suppressed, whatever their line', () => {
    const before = scan(pod('a', 'nginx'), [untagged]);
    const moved = `# a new comment\n# and another\n${pod('a', 'nginx')}---\n${pod('b', 'redis')}`;
    const after = scan(moved, [untagged], { baseline: JSON.parse(JSON.stringify(before)) });
    expect(after.findings.map((f) => [f.resource!.name, f.suppressed])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(after.findings[0]!.suppression?.by).toBe('baseline');
  });

  it('applies severity overrides and disabled checks', () => {
    const r = scan(pod('a', 'nginx'), [untagged, fragile], {
      config: { severity: { 'ZT-WL-901': 'low' }, disabled: ['ZT-WL-902'] },
    });
    expect(r.findings[0]!.severity).toBe('low');
    expect(r.checks.map((c) => c.id)).toEqual(['ZT-WL-901']);
    expect(exitCodeFor(r, 'high')).toBe(0);
    expect(exitCodeFor(r, 'low')).toBe(1);
  });

  it('scores: failed objects weighted by severity over applicable objects; n/a without evidence', () => {
    const r = scan(`${pod('a', 'nginx')}---\n${pod('b', 'nginx:1.27')}`, [untagged]);
    expect(r.scores.pillars.workload).toEqual({ score: 50, findings: 1, evaluated: 2 });
    expect(r.scores.pillars.identity.score).toBeNull();
    expect(r.scores.overall).toBe(50);
    const s = computeScores([
      { pillar: 'workload', severity: 'critical', applicable: 10, failed: 1, findings: 3 },
      { pillar: 'workload', severity: 'low', applicable: 10, failed: 10, findings: 10 },
      { pillar: 'identity', severity: 'info', applicable: 5, failed: 5, findings: 5 },
      { pillar: 'segmentation', severity: 'high', applicable: 4, failed: 0, findings: 0 },
    ]);
    // workload: 1 - (10*1 + 1*10) / (10*10 + 1*10) = 1 - 20/110 = 0.818
    expect(s.pillars.workload.score).toBe(82);
    expect(s.pillars.identity.score).toBeNull();
    expect(s.pillars.segmentation.score).toBe(100);
    expect(s.overall).toBe(91);
  });

  it('severity overrides and disabled checks accept globs; the exact id wins', () => {
    const r = scan(pod('a', 'nginx'), [untagged, fragile], {
      config: {
        severity: { 'ZT-WL-9*': 'medium', 'ZT-WL-901': 'info' },
        disabled: ['ZT-WL-90?', 'ZT-WL-902*'],
      },
    });
    expect(r.checks.map((c) => c.id)).toEqual(['ZT-WL-901']);
    expect(r.findings[0]!.severity).toBe('info');
    const g = scan(pod('a', 'nginx'), [untagged], { config: { severity: { 'ZT-WL-*': 'critical' } } });
    expect(g.findings[0]!.severity).toBe('critical');
  });

  it('objects a check crashed on count neither as passed nor as failed in the score', () => {
    const r = scan(`${pod('boom', 'nginx:1.27')}---\n${pod('fine', 'nginx:1.27')}`, [fragile]);
    expect(r.scores.pillars.workload).toEqual({ score: 100, findings: 0, evaluated: 1 });
    const all = scan(pod('boom', 'nginx:1.27'), [fragile]);
    expect(all.scores.pillars.workload.score).toBeNull();
  });

  it('glob matching for exclusions', () => {
    expect(globMatches('web-*', 'web-1')).toBe(true);
    expect(globMatches('web-*', 'api-web-1')).toBe(false);
    expect(globMatches('a.b', 'axb')).toBe(false);
    expect(globMatches('*', '')).toBe(true);
  });
});
