import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/types.js';
import { toWellFormed } from '../../src/report/escape.js';
import { artifactUri, FINGERPRINT_KEY, formatSarif } from '../../src/report/sarif.js';
import { bigResult, resultWithText, sampleResult } from './fixtures.js';
import { SARIF_SCHEMA_PATH, sarifValidator } from './schemas.js';

const validate = sarifValidator();
const ctx = { colour: false, cwd: '/repo' };

type Json = any;

const text = (result: ScanResult, cwd = '/repo') => [...formatSarif(result, { ...ctx, cwd })].join('');

function sarif(result: ScanResult, cwd = '/repo'): Json {
  return JSON.parse(text(result, cwd));
}

describe('sarif report', () => {
  const result = sampleResult();
  const log = sarif(result);
  const run = log.runs[0];

  it(`validates against the official SARIF 2.1.0 schema (${SARIF_SCHEMA_PATH.split('node_modules/')[1]})`, () => {
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
  });

  it('the validator is not vacuous: it rejects a wrong level, an unencoded URI and a missing message', () => {
    const bad = (mutate: (l: Json) => void) => {
      const l = structuredClone(log);
      mutate(l);
      return validate(l);
    };
    expect(bad((l) => (l.runs[0].results[0].level = 'critical'))).toBe(false);
    expect(
      bad((l) => (l.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'a b#c d')),
    ).toBe(false);
    expect(bad((l) => delete l.runs[0].results[0].message)).toBe(false);
    expect(bad((l) => (l.version = '2.0.0'))).toBe(false);
  });

  it('has one rule per check that ran, from its metadata', () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((r: Json) => r.id)).toEqual([...result.checks.map((c) => c.id)].sort());
    const wl = rules.find((r: Json) => r.id === 'ZT-WL-901');
    expect(wl.name).toBe('test-no-privileged');
    expect(wl.shortDescription.text).toBe('Containers must not run privileged');
    expect(wl.fullDescription.text).toBe('A privileged container has every capability of the host.');
    expect(wl.help.markdown).toContain('privileged: false');
    expect(wl.helpUri).toBeUndefined();
    expect(wl.properties.tags).toEqual(['security', 'workload', 'cis:5.2.2', 'nsa-cisa:Pod security']);
    expect(wl.properties['security-severity']).toBe('9.5');
    expect(wl.defaultConfiguration.level).toBe('error');
    expect(run.tool.driver.name).toBe('kzt');
    expect(run.tool.driver.version).toBe(result.tool.version);
  });

  it('maps every finding to a result with ruleIndex, level, location and fingerprint', () => {
    expect(run.results).toHaveLength(result.findings.length);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{8,64}$/);
    }
    const web = run.results.find((r: Json) => r.message.text === 'Container "app" runs privileged.');
    expect(web.level).toBe('error');
    expect(web.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'manifests/app.yaml' },
      region: { startLine: 11, startColumn: 9 },
    });
    expect(web.locations[0].logicalLocations[0].fullyQualifiedName).toBe('v1/Pod/prod/web');
    expect(web.suppressions).toBeUndefined();
    const levels = Object.fromEntries(run.results.map((r: Json) => [r.ruleId, r.level]));
    expect(levels['ZT-EDGE-901']).toBe('warning');
  });

  it('marks suppressed findings: inSource for annotations, external for configuration', () => {
    const accepted = run.results.find((r: Json) => r.message.text === 'Container "agent" runs privileged.');
    expect(accepted.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'needs the host network stack (ticket OPS-12)',
        properties: { by: 'annotation' },
      },
    ]);
    const edge = run.results.find((r: Json) => r.ruleId === 'ZT-EDGE-901');
    expect(edge.suppressions[0].kind).toBe('external');
    expect(edge.suppressions[0].justification).toBe(
      'dev cluster is not reachable from outside, until 2099-01-31',
    );
  });

  it('reports errors as tool execution notifications and marks the run unsuccessful', () => {
    const inv = run.invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'check ZT-MON-901 failed on ConfigMap/cm: boom on cm' },
        descriptor: { id: 'check-failed' },
        associatedRule: { id: 'ZT-MON-901', index: expect.any(Number) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'manifests/app.yaml' },
              region: { startLine: 46, startColumn: 1 },
            },
          },
        ],
      },
    ]);
    const ok = sarif({ ...result, errors: [] });
    expect(ok.runs[0].invocations[0]).toEqual({ executionSuccessful: true });
  });

  it('makes artifact URIs relative to the working directory and percent-encodes them', () => {
    expect(artifactUri('/repo/k8s/app one.yaml', '/repo')).toBe('k8s/app%20one.yaml');
    expect(artifactUri('k8s/a#b?c%d.yaml', '/repo')).toBe('k8s/a%23b%3Fc%25d.yaml');
    expect(artifactUri('k8s/é.yaml', '/repo')).toBe('k8s/%C3%A9.yaml');
    expect(artifactUri('/elsewhere/x.yaml', '/repo')).toBe('file:///elsewhere/x.yaml');
    expect(artifactUri('<stdin>', '/repo')).toBeUndefined();
    const weird = sarif(resultWithText('a b/../c#d'));
    expect(validate(weird), JSON.stringify(validate.errors)).toBe(true);
    expect(weird.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'dir/a%20b/../c%23d.yaml',
    );
  });

  it('keeps results without a file (stdin) valid, with a logical location', () => {
    const r = resultWithText('x');
    r.findings[0]!.location = { file: '<stdin>', line: 3 };
    const l = sarif(r);
    expect(validate(l), JSON.stringify(validate.errors)).toBe(true);
    expect(l.runs[0].results[0].locations[0].physicalLocation).toBeUndefined();
    expect(l.runs[0].results[0].locations[0].logicalLocations[0].name).toBe('x');
  });

  it('round-trips arbitrary strings and stays schema-valid (property)', () => {
    const base = sampleResult();
    const units = fc
      .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 })
      .map((a) => String.fromCharCode(...a));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), units), (s) => {
        const l = sarif(resultWithText(s, base));
        expect(validate(l), JSON.stringify(validate.errors)).toBe(true);
        const r = l.runs[0].results[0];
        expect(r.message.text).toBe(s);
        expect(r.locations[0].logicalLocations[0].name).toBe(s);
        expect(r.properties.path).toBe(`metadata.labels[${JSON.stringify(s)}]`);
        const uri: string = r.locations[0].physicalLocation.artifactLocation.uri;
        expect(decodeURIComponent(uri)).toBe(toWellFormed(`dir/${s}.yaml`));
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic and independent of the finding order', () => {
    const reversed = { ...result, findings: [...result.findings].reverse() };
    expect(text(reversed)).toBe(text(result));
  });

  it.each([0, 1, 1000, 2500])(
    'streams %i results in chunks, exactly as JSON.stringify would indent the whole log',
    (n) => {
      const r = { ...bigResult(Math.max(n, 1)), findings: bigResult(Math.max(n, 1)).findings.slice(0, n) };
      const chunks = [...formatSarif(r, ctx)];
      const whole = chunks.join('');
      const log = JSON.parse(whole);
      expect(whole).toBe(`${JSON.stringify(log, null, 2)}\n`);
      expect(log.runs[0].results).toHaveLength(n);
      expect(log.runs[0].results.map((x: Json) => x.partialFingerprints[FINGERPRINT_KEY])).toEqual(
        r.findings.length === 0 ? [] : expect.arrayContaining([r.findings[0]!.fingerprint]),
      );
      if (n > 1000) expect(chunks.length).toBeGreaterThan(2);
      expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    },
  );
});
