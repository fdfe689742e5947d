import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baselineFingerprints } from '../../src/engine/suppression.js';
import type { Finding } from '../../src/engine/types.js';
import { formatJson, jsonReport, streamJson } from '../../src/report/json.js';
import { bigResult, resultWithText, sampleResult } from './fixtures.js';
import { scanReportValidator } from './schemas.js';

const validate = scanReportValidator();

describe('json report streaming', () => {
  it.each([0, 1, 999, 1000, 1001, 2500])(
    'in chunks it is exactly JSON.stringify of the report (%i findings)',
    (n) => {
      const r = { ...bigResult(Math.max(n, 1)), findings: bigResult(Math.max(n, 1)).findings.slice(0, n) };
      const chunks = [...streamJson(r)];
      expect(chunks.join('')).toBe(`${JSON.stringify(jsonReport(r), null, 2)}\n`);
      if (n > 1000) expect(chunks.length).toBeGreaterThan(2);
    },
  );
});

describe('json report: findings written without JSON.stringify of each object', () => {
  // Any string (lone surrogates, quotes, control characters, U+2028), any optional field
  // present or absent: the streamed text must stay exactly the serialisation of the report.
  const str = fc.string({ unit: 'binary', maxLength: 12 });
  const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const finding: fc.Arbitrary<Finding> = fc.record({
    checkId: str,
    slug: str,
    pillar: fc.constantFrom('workload', 'identity', 'input') as fc.Arbitrary<Finding['pillar']>,
    severity: fc.constantFrom('critical', 'high', 'medium', 'low', 'info') as fc.Arbitrary<
      Finding['severity']
    >,
    message: str,
    resource: fc.option(
      fc.record(
        { apiVersion: str, kind: str, namespace: opt(str), name: str },
        { requiredKeys: ['apiVersion', 'kind', 'name'] },
      ),
      { nil: null },
    ),
    location: fc.option(
      fc.record(
        { file: str, line: opt(fc.nat()), column: opt(fc.nat()), helmSource: opt(str) },
        { requiredKeys: ['file'] },
      ),
      { nil: null },
    ),
    path: str,
    suppressed: fc.boolean(),
    suppression: opt(
      fc.record(
        {
          by: fc.constantFrom('annotation', 'config', 'baseline') as fc.Arbitrary<'config'>,
          reason: opt(str),
          expires: opt(str),
        },
        { requiredKeys: ['by'] },
      ),
    ),
    fingerprint: str,
  }) as fc.Arbitrary<Finding>;

  it('equals JSON.stringify(jsonReport, null, 2) for arbitrary findings', () => {
    const base = bigResult(1);
    fc.assert(
      // Findings often share one resource object (the writer reuses its text): some here do.
      fc.property(
        fc
          .array(fc.tuple(finding, fc.boolean()), { maxLength: 4 })
          .map((pairs) =>
            pairs.map(([f, share], i) =>
              share && i > 0 ? { ...f, resource: pairs[i - 1]![0].resource } : f,
            ),
          ),
        (findings) => {
          const r = { ...base, findings };
          expect([...streamJson(r)].join('')).toBe(`${JSON.stringify(jsonReport(r), null, 2)}\n`);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('json report', () => {
  const result = sampleResult();
  const doc = JSON.parse(formatJson(result));

  it('validates against the published strict schema (no undocumented field)', () => {
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...doc, extra: 1 })).toBe(false);
    const f = { ...doc.findings[0], internal: true };
    expect(validate({ ...doc, findings: [f] })).toBe(false);
  });

  it("keeps DESIGN's shape: schemaVersion, tool, summary, scores, findings, errors", () => {
    expect(doc.schemaVersion).toBe(1);
    expect(doc.tool).toEqual({ name: 'kzt', version: result.tool.version });
    expect(doc.summary).toEqual(result.summary);
    expect(doc.scores.overall).toBe(result.scores.overall);
    expect(Object.keys(doc.scores.pillars)).toEqual([
      'identity',
      'segmentation',
      'perimeter',
      'encryption',
      'monitoring',
      'workload',
    ]);
    expect(doc).not.toHaveProperty('checks');
  });

  it('writes every finding with its resource, location, path and suppression', () => {
    const web = doc.findings.find((f: { resource: { name: string } | null }) => f.resource?.name === 'web');
    expect(web).toEqual({
      checkId: 'ZT-WL-901',
      slug: 'test-no-privileged',
      pillar: 'workload',
      severity: 'critical',
      message: 'Container "app" runs privileged.',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'prod', name: 'web' },
      location: { file: 'manifests/app.yaml', line: 11, column: 9, helmSource: null },
      path: 'spec.containers[0].securityContext.privileged',
      suppressed: false,
      suppression: null,
      fingerprint: expect.stringMatching(/^[0-9a-f]{8,64}$/),
    });
    const role = doc.findings.find((f: { checkId: string }) => f.checkId === 'ZT-ID-901');
    expect(role.resource.namespace).toBeNull();
    const edge = doc.findings.find((f: { checkId: string }) => f.checkId === 'ZT-EDGE-901');
    expect(edge.suppression).toEqual({
      by: 'config',
      reason: 'dev cluster is not reachable from outside',
      expires: '2099-01-31',
    });
    const syntax = doc.findings.find((f: { checkId: string }) => f.checkId === 'ZT-IN-001');
    expect(syntax.resource).toBeNull();
    expect(syntax.pillar).toBe('input');
    expect(doc.findings).toHaveLength(result.findings.length);
  });

  it('writes errors with their check and object', () => {
    expect(doc.errors).toEqual([
      {
        code: 'check-failed',
        message: 'check ZT-MON-901 failed on ConfigMap/cm: boom on cm',
        checkId: 'ZT-MON-901',
        resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'dev', name: 'cm' },
        location: { file: 'manifests/app.yaml', line: 46, column: 1, helmSource: null },
      },
    ]);
  });

  it('is a usable --baseline: the fingerprints are those of the findings', () => {
    expect(baselineFingerprints(doc)).toEqual(new Set(result.findings.map((f) => f.fingerprint)));
  });

  it('round-trips hostile strings exactly', () => {
    const text = '"\\\u0000\u2028</script>\uD800';
    const d = JSON.parse(formatJson(resultWithText(text)));
    expect(d.findings[0].message).toBe(text);
    expect(d.findings[0].resource.name).toBe(text);
  });
});
