/**
 * The check tester, modelled on ESLint's RuleTester: data tables of valid and invalid
 * cases with exact findings, the check's own examples, and — for workload checks —
 * every Pod case replayed in every workload kind with the same verdict.
 */
import { describe, expect, it } from 'vitest';
import type { Check, Finding, ScanOptions } from '../../src/engine/types.js';
import { WORKLOAD_KINDS } from '../../src/model/kinds.js';
import { DEFAULT_OPTIONS, parseYamlObjects, SPEC_PREFIX, scanYaml, toYaml, wrapPod } from './scan.js';

export interface ExpectedFinding {
  /** Formatted JSON path, e.g. spec.containers[0].securityContext.privileged */
  path?: string;
  /** 1-based line in the case's YAML. */
  line?: number;
  message?: string | RegExp;
  /** kind/name of the object, e.g. "Pod/web"; defaults to any. */
  resource?: string;
}

export interface InvalidCase {
  name: string;
  yaml: string;
  findings: ExpectedFinding[];
  options?: ScanOptions;
}

export interface ValidCase {
  name: string;
  yaml: string;
  options?: ScanOptions;
}

function findingsOf(check: Check, yamlText: string, options: ScanOptions): Finding[] {
  const result = scanYaml(yamlText, [check], options);
  expect(result.errors, 'the check must not fail').toEqual([]);
  return result.findings.filter((f) => f.checkId === check.meta.id);
}

function matches(f: Finding, e: ExpectedFinding): boolean {
  if (e.path !== undefined && f.path !== e.path) return false;
  if (e.line !== undefined && f.location?.line !== e.line) return false;
  if (e.resource !== undefined && `${f.resource?.kind}/${f.resource?.name}` !== e.resource) return false;
  if (e.message instanceof RegExp && !e.message.test(f.message)) return false;
  if (typeof e.message === 'string' && f.message !== e.message) return false;
  return true;
}

function isSinglePod(text: string): boolean {
  const docs = parseYamlObjects(text);
  return docs.length === 1 && docs[0]!.kind === 'Pod';
}

export function testCheck(check: Check, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const id = check.meta.id;
  describe(`${id} ${check.meta.slug}`, () => {
    it('has at least one valid and one invalid case, without duplicates', () => {
      expect(cases.valid.length + check.examples.pass.length).toBeGreaterThan(0);
      expect(cases.invalid.length + check.examples.fail.length).toBeGreaterThan(0);
      const texts = [...cases.valid, ...cases.invalid].map((c) => c.yaml);
      expect(new Set(texts).size, 'duplicate test case').toBe(texts.length);
    });

    it.each(check.examples.fail.map((y, i) => [i, y] as const))(
      'fail example %i produces a finding',
      (_i, y) => {
        expect(findingsOf(check, y, DEFAULT_OPTIONS).length).toBeGreaterThan(0);
      },
    );
    it.each(check.examples.pass.map((y, i) => [i, y] as const))('pass example %i produces none', (_i, y) => {
      expect(findingsOf(check, y, DEFAULT_OPTIONS)).toEqual([]);
    });

    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        expect(findingsOf(check, c.yaml, c.options ?? DEFAULT_OPTIONS).map((f) => f.message)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        expect(c.findings.length, 'invalid cases must expect findings').toBeGreaterThan(0);
        const got = findingsOf(check, c.yaml, c.options ?? DEFAULT_OPTIONS);
        expect(
          got.length,
          `expected ${c.findings.length} finding(s), got: ${got.map((f) => `${f.path}: ${f.message}`).join(' | ')}`,
        ).toBe(c.findings.length);
        const remaining = [...got];
        for (const e of c.findings) {
          const i = remaining.findIndex((f) => matches(f, e));
          expect(
            i,
            `no finding matches ${JSON.stringify(e, (_k, v) => (v instanceof RegExp ? String(v) : v))}; got ${JSON.stringify(got.map((f) => ({ path: f.path, line: f.location?.line, message: f.message })))}`,
          ).not.toBe(-1);
          remaining.splice(i, 1);
        }
      });
    }

    if (check.target === 'workloads') {
      const podCases = [
        ...cases.valid
          .filter((c) => isSinglePod(c.yaml))
          .map((c) => ({ ...c, expected: [] as ExpectedFinding[] })),
        ...cases.invalid.filter((c) => isSinglePod(c.yaml)).map((c) => ({ ...c, expected: c.findings })),
      ];
      for (const kind of WORKLOAD_KINDS.filter((k) => k !== 'Pod')) {
        it.each(podCases.map((c) => [c.name, c] as const))(`same verdict in a ${kind}: %s`, (_n, c) => {
          const pod = parseYamlObjects(c.yaml)[0]!;
          const wrapped = toYaml(wrapPod(pod, kind));
          const got = findingsOf(check, wrapped, c.options ?? DEFAULT_OPTIONS);
          expect(got.length).toBe(c.expected.length);
          const prefix = SPEC_PREFIX[kind];
          for (const e of c.expected) {
            if (e.path === undefined || !e.path.startsWith('spec')) continue;
            const mapped = prefix + e.path.slice('spec'.length);
            expect(got.map((f) => f.path)).toContain(mapped);
          }
        });
      }
    }
  });
}
