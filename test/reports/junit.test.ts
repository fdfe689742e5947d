import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/types.js';
import { xmlVisible } from '../../src/report/escape.js';
import { formatJunit } from '../../src/report/junit.js';
import { resultWithText, sampleResult } from './fixtures.js';
import { assertWellFormed, parseXml } from './xml.js';

type Json = any;

const junitText = (result: ScanResult) => [...formatJunit(result)].join('');

function suites(xml: string): Json[] {
  return parseXml(xml).testsuites.testsuite;
}

describe('junit report', () => {
  const result = sampleResult();
  const xml = junitText(result);
  const doc = parseXml(xml);

  it('is well-formed XML', () => {
    expect(() => assertWellFormed(xml)).not.toThrow();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
  });

  it('has one testsuite per check that ran, with consistent counts', () => {
    const names = suites(xml).map((s) => s['@_name']);
    expect(names).toEqual([...result.checks].map((c) => `${c.id} ${c.slug}`).sort());
    let tests = 0;
    for (const s of suites(xml)) {
      const cases: Json[] = s.testcase;
      expect(Number(s['@_tests'])).toBe(cases.length);
      expect(Number(s['@_failures'])).toBe(cases.filter((c) => c.failure !== undefined).length);
      expect(Number(s['@_skipped'])).toBe(cases.filter((c) => c.skipped !== undefined).length);
      expect(Number(s['@_errors'])).toBe(cases.filter((c) => c.error !== undefined).length);
      tests += cases.length;
    }
    expect(Number(doc.testsuites['@_tests'])).toBe(tests);
    expect(doc.testsuites['@_failures']).toBe('3');
    expect(doc.testsuites['@_skipped']).toBe('2');
    expect(doc.testsuites['@_errors']).toBe('1');
  });

  it('writes a failing testcase per finding: classname = check id, name = object + path', () => {
    const wl = suites(xml).find((s) => s['@_name'] === 'ZT-WL-901 test-no-privileged');
    const web = wl.testcase.find(
      (c: Json) => c['@_name'] === 'Pod/prod/web spec.containers[0].securityContext.privileged',
    );
    expect(web['@_classname']).toBe('ZT-WL-901');
    expect(web['@_file']).toBe('manifests/app.yaml');
    expect(web['@_line']).toBe('11');
    expect(web.failure['@_message']).toBe('Container "app" runs privileged.');
    expect(web.failure['@_type']).toBe('critical');
    expect(web.failure['#text']).toContain('location: manifests/app.yaml:11:9');
  });

  it('writes suppressed findings as skipped, with who and why', () => {
    const wl = suites(xml).find((s) => s['@_name'] === 'ZT-WL-901 test-no-privileged');
    const accepted = wl.testcase.find((c: Json) => c['@_name'].startsWith('Pod/prod/accepted'));
    expect(accepted.failure).toBeUndefined();
    expect(accepted.skipped['@_message']).toBe(
      'suppressed by annotation kzt.io/ignore: needs the host network stack (ticket OPS-12)',
    );
  });

  it('writes a passing testcase for a check without findings', () => {
    const dup = suites(xml).find((s) => s['@_name'] === 'ZT-IN-002 duplicate-keys');
    expect(dup.testcase).toHaveLength(1);
    expect(dup.testcase[0]['@_name']).toBe('no findings');
    expect(dup.testcase[0].failure).toBeUndefined();
    expect(dup['@_failures']).toBe('0');
  });

  it("writes errors as <error> in their check's suite, or in a kzt suite", () => {
    const mon = suites(xml).find((s) => s['@_name'] === 'ZT-MON-901 test-crashes');
    expect(mon.testcase).toHaveLength(1);
    expect(mon.testcase[0].error['@_message']).toBe('check ZT-MON-901 failed on ConfigMap/cm: boom on cm');
    expect(mon.testcase[0].error['@_type']).toBe('check-failed');
    const withOrphan: ScanResult = {
      ...result,
      errors: [{ code: 'unreadable', message: 'cannot read file: EACCES', location: { file: 'x.yaml' } }],
      warnings: [{ code: 'not-kubernetes', message: 'not a Kubernetes object' }],
    };
    const kzt = suites(junitText(withOrphan)).find((s) => s['@_name'] === 'kzt');
    expect(kzt.testcase[0].error['@_message']).toBe('cannot read file: EACCES');
    expect(kzt.testcase[0]['@_name']).toBe('unreadable x.yaml');
    expect(kzt['system-out']).toContain('warning not-kubernetes: not a Kubernetes object');
  });

  it('round-trips arbitrary strings in names, messages and attributes (property)', () => {
    const base = sampleResult();
    const anyUnit = fc
      .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
      .map((a) => String.fromCharCode(...a));
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      anyUnit,
      fc.constantFrom('</failure>]]>&amp;', '\r\n\t'),
    );
    fc.assert(
      fc.property(text, (s) => {
        const out = junitText(resultWithText(s, base));
        assertWellFormed(out);
        // What a parser must see after attribute-value and line-end normalisation: literal
        // tab/LF/CR must not occur in attribute values, nor CR in text.
        for (const m of out.matchAll(/="([^"]*)"/g)) expect(m[1]).not.toMatch(/[\t\n\r]/);
        expect(out).not.toContain('\r');
        const wl = suites(out).find((x) => x['@_name'].startsWith('ZT-WL-901'));
        const tc = wl.testcase.find((c: Json) => c.failure !== undefined);
        const visible = xmlVisible(s);
        expect(tc.failure['@_message']).toBe(visible);
        expect(tc['@_name']).toBe(xmlVisible(`Pod/ns-${s}/${s} metadata.labels[${JSON.stringify(s)}]`));
        expect(tc['@_file']).toBe(xmlVisible(`dir/${s}.yaml`));
        expect(tc.failure['#text'].startsWith(`${visible}\n`)).toBe(true);
        const err = wl.testcase.find((c: Json) => c.error !== undefined);
        expect(err.error['@_message']).toBe(xmlVisible(`error ${s}`));
        expect(parseXml(out).testsuites.testsuite.at(-1)['system-out']).toBe(
          xmlVisible(`warning not-kubernetes: warning ${s}`),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('keeps strings without forbidden characters exactly', () => {
    expect(xmlVisible('a\tb\nc\r<&>"\'é😀')).toBe('a\tb\nc\r<&>"\'é😀');
    expect(xmlVisible('\u0000\u001b\uFFFE\uD800x')).toBe('\\u0000\\u001B\\uFFFE\uFFFDx');
  });
});
