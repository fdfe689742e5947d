import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/types.js';
import { K8S_YAML_SCHEMA } from '../../src/input/yaml11-schema.js';
import { toWellFormed } from '../../src/report/escape.js';
import { formatPolicyReport } from '../../src/report/policyreport.js';
import { bigResult, resultWithText, sampleResult } from './fixtures.js';
import { policyReportValidator } from './schemas.js';

type Json = any;

const NOW = new Date('2026-11-27T10:00:00.250Z');
const ctx = { colour: false, cwd: '/repo', now: NOW };

const validate = policyReportValidator();

function docs(result: ScanResult): Json[] {
  return yaml.loadAll([...formatPolicyReport(result, ctx)].join(''), undefined, {
    schema: K8S_YAML_SCHEMA,
  }) as Json[];
}

describe('policyreport report', () => {
  const result = sampleResult();
  const reports = docs(result);

  it('every document satisfies the CRD constraints', () => {
    for (const d of reports) expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
    const bad = structuredClone(reports[0]);
    bad.results[0].result = 'failed';
    expect(validate(bad)).toBe(false);
    const badProps = structuredClone(reports[0]);
    badProps.results[0].properties.line = 44;
    expect(validate(badProps)).toBe(false);
  });

  it('is one ClusterPolicyReport, then one PolicyReport per namespace with findings', () => {
    expect(reports.map((d) => `${d.kind}/${d.metadata.namespace ?? ''}`)).toEqual([
      'ClusterPolicyReport/',
      'PolicyReport/dev',
      'PolicyReport/prod',
    ]);
    expect(reports[1].scope).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'dev' });
    expect(reports[0].scope).toBeUndefined();
  });

  it('writes each finding as a result with policy, rule, severity, category, source and resource', () => {
    const prod = reports[2];
    const web = prod.results.find((r: Json) => r.resources[0].name === 'web');
    expect(web).toEqual({
      source: 'kzt',
      policy: 'ZT-WL-901',
      rule: 'test-no-privileged',
      category: 'Workload',
      severity: 'critical',
      timestamp: { seconds: 1795773600, nanos: 250_000_000 },
      result: 'fail',
      scored: true,
      message: 'Container "app" runs privileged.',
      resources: [{ apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'prod' }],
      properties: {
        path: 'spec.containers[0].securityContext.privileged',
        file: 'manifests/app.yaml',
        line: '11',
        column: '9',
        frameworks: 'cis:5.2.2, nsa-cisa:Pod security',
        title: 'Containers must not run privileged',
        fingerprint: expect.stringMatching(/^[0-9a-f]{8,64}$/),
      },
    });
  });

  it('writes suppressed findings as skip, with who and why', () => {
    const accepted = reports[2].results.find((r: Json) => r.resources[0].name === 'accepted');
    expect(accepted.result).toBe('skip');
    expect(accepted.properties.suppressedBy).toBe('annotation');
    expect(accepted.properties.suppression).toContain('needs the host network stack');
    expect(reports[2].summary).toEqual({ pass: 0, fail: 1, warn: 0, error: 0, skip: 1 });
  });

  it('puts cluster-scoped objects and findings without an object in the ClusterPolicyReport', () => {
    const cluster = reports[0];
    const role = cluster.results.find((r: Json) => r.policy === 'ZT-ID-901');
    expect(role.resources).toEqual([
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'too-wide' },
    ]);
    const syntax = cluster.results.find((r: Json) => r.policy === 'ZT-IN-001');
    expect(syntax.resources).toBeUndefined();
    expect(syntax.properties).toMatchObject({ file: 'manifests/app.yaml', line: '58' });
    expect(syntax.scored).toBe(false);
  });

  it('writes check errors as error results in the namespace of their object', () => {
    const dev = reports[1];
    const err = dev.results.find((r: Json) => r.result === 'error');
    expect(err).toMatchObject({
      policy: 'ZT-MON-901',
      message: 'check ZT-MON-901 failed on ConfigMap/cm: boom on cm',
      resources: [{ kind: 'ConfigMap', name: 'cm', namespace: 'dev' }],
      properties: { code: 'check-failed', file: 'manifests/app.yaml', line: '46' },
    });
    expect(dev.summary.error).toBe(1);
  });

  it('writes an empty ClusterPolicyReport when there is nothing cluster-wide (so a stale one is replaced)', () => {
    const empty = docs({ ...result, findings: [], errors: [] });
    expect(empty).toHaveLength(1);
    expect(empty[0].results).toEqual([]);
    expect(validate(empty[0])).toBe(true);
  });

  it('splits a namespace with many findings into reports the API server accepts (kzt, kzt-2, ...)', () => {
    const many = bigResult(6000);
    const ns0 = many.findings.map((f) => ({ ...f, resource: { ...f.resource!, namespace: 'big' } }));
    const d = docs({ ...many, findings: ns0 });
    const big = d.filter((x) => x.kind === 'PolicyReport');
    expect(big.length).toBeGreaterThan(1);
    expect(big.map((x) => x.metadata.name)).toEqual(big.map((_, i) => (i === 0 ? 'kzt' : `kzt-${i + 1}`)));
    let total = 0;
    for (const x of big) {
      expect(validate(x)).toBe(true);
      expect(JSON.stringify(x).length).toBeLessThan(1024 * 1024);
      expect(x.summary.fail + x.summary.skip).toBe(x.results.length);
      total += x.results.length;
    }
    expect(total).toBe(6000);
  });

  it('quotes every string so YAML 1.1 readers (kubectl) do not turn yes/on/0755 into other types', () => {
    for (const word of ['yes', 'on', 'off', 'y', '0755', '1e3', 'null', '~', '2001-12-14']) {
      const d = docs(resultWithText(word, result));
      const f = d.find((x) => x.kind === 'PolicyReport').results.find((r: Json) => r.result === 'fail');
      expect(f.message).toBe(word);
      expect(f.resources[0].name).toBe(word);
    }
  });

  it('round-trips arbitrary strings (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string()), (s) => {
        const d = docs(resultWithText(s, result));
        const ns = d.find((x) => x.kind === 'PolicyReport');
        expect(ns.metadata.namespace).toBe(toWellFormed(`ns-${s}`));
        const f = ns.results.find((r: Json) => r.result === 'fail');
        expect(f.message).toBe(toWellFormed(s));
        expect(f.resources[0].name).toBe(toWellFormed(s));
        expect(f.properties.file).toBe(toWellFormed(`dir/${s}.yaml`));
        for (const x of d) expect(validate(x)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
