import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/types.js';
import { formatTable as tableChunks, wrap } from '../../src/report/table.js';
import { bigResult, resultWithText, sampleResult } from './fixtures.js';

const formatTable = (...args: Parameters<typeof tableChunks>) => [...tableChunks(...args)].join('');

const ctx = { colour: false, cwd: '/repo' };
const ANSI = /\u001b\[/;

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

describe('table report', () => {
  const result = sampleResult();
  const out = formatTable(result, ctx);

  it('heads each pillar with its score, in pillar order, and the input section is not scored', () => {
    const heads = lines(out).filter((l) => /^[A-Z][a-z]+ {2}/.test(l));
    expect(heads.map((h) => h.split(' ')[0])).toEqual([
      'Identity',
      'Segmentation',
      'Perimeter',
      'Encryption',
      'Monitoring',
      'Workload',
      'Input',
      'Suppressed',
      'Errors',
    ]);
    expect(heads[0]).toContain('score 0/100');
    expect(heads[1]).toContain('score n/a');
    expect(heads[5]).toContain('score 50/100');
    expect(heads[6]).toContain('not scored');
  });

  it('prints severity, check, object, file:line:column, path and message of each finding', () => {
    const i = lines(out).findIndex((l) => l.includes('ZT-WL-901  Pod/prod/web'));
    expect(i).toBeGreaterThan(-1);
    const block = lines(out).slice(i, i + 4);
    expect(block[0]).toMatch(/^ {2}CRITICAL {2}ZT-WL-901 {2}Pod\/prod\/web$/);
    expect(block.join('\n')).toContain('manifests/app.yaml:11:9');
    expect(block.join('\n')).toContain('spec.containers[0].securityContext.privileged');
    expect(block.join('\n')).toContain('Container "app" runs privileged.');
  });

  it('lists suppressed findings with who suppressed them and why, outside the pillar sections', () => {
    const sup = out.slice(out.indexOf('\nSuppressed'));
    expect(sup).toContain('Pod/prod/accepted');
    expect(sup).toContain('suppressed by annotation kzt.io/ignore: needs the host network stack');
    expect(sup).toContain('Service/dev/edge');
    expect(sup).toMatch(
      /configuration file: dev cluster is\s+not reachable from outside \(until 2099-01-31\)/,
    );
    const workload = out.slice(out.indexOf('\nWorkload'), out.indexOf('\nInput'));
    expect(workload).not.toContain('accepted');
    expect(workload).toContain('1 suppressed');
  });

  it('has an errors section naming the check, object and location', () => {
    const errs = out.slice(out.indexOf('\nErrors'));
    expect(errs).toContain('error  manifests/app.yaml:46:1  ZT-MON-901  ConfigMap/dev/cm');
    expect(errs).toContain('boom on cm');
  });

  it('ends with the counts by severity and the exit-code verdict', () => {
    const tail = lines(out).slice(-2).join(' ');
    expect(tail).toContain('3 findings (1 critical, 2 high, 0 medium, 0 low, 0 info), 2 suppressed');
    expect(tail).toContain('1 error: exit 2');
    const noErrors: ScanResult = { ...result, errors: [] };
    const gate = (failOn: 'critical' | 'high' | 'low' | 'none') =>
      lines(formatTable(noErrors, { ...ctx, failOn }))
        .slice(-2)
        .join(' ');
    expect(gate('high')).toContain('3 at or above --fail-on high: exit 1');
    expect(gate('critical')).toContain('1 at or above --fail-on critical: exit 1');
    expect(gate('none')).toContain('--fail-on none: exit 0');
    const onlyLow: ScanResult = { ...noErrors, findings: noErrors.findings.filter((f) => f.suppressed) };
    expect(lines(formatTable(onlyLow, ctx)).slice(-2).join(' ')).toContain(
      'none at or above --fail-on high: exit 0',
    );
  });

  it('fits in 80 columns and uses no colour unless asked', () => {
    for (const l of lines(out)) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(out).not.toMatch(ANSI);
    const coloured = formatTable(result, { ...ctx, colour: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(out);
  });

  it('an n/a pillar with findings (only info checks) shows them and what was evaluated', () => {
    const r = resultWithText('x');
    r.scores = {
      ...r.scores,
      pillars: { ...r.scores.pillars, workload: { score: null, findings: 1, evaluated: 3 } },
    };
    const out = formatTable(r, ctx);
    const workload = out.slice(
      out.indexOf('\nWorkload'),
      out.indexOf('\nSuppressed') === -1 ? undefined : out.indexOf('\nSuppressed'),
    );
    expect(workload).toContain('score n/a  3 evaluated, 1 finding');
    expect(workload).not.toContain('no check applied');
  });

  it('names the Helm template a finding was rendered from', () => {
    const r = resultWithText('x');
    r.findings[0]!.location = {
      file: 'rendered.yaml',
      line: 7,
      column: 3,
      helmSource: 'chart/templates/deploy.yaml',
    };
    expect(formatTable(r, ctx)).toContain('rendered.yaml:7:3 (from chart/templates/deploy.yaml)');
  });

  it('honours a wider terminal', () => {
    const wide = formatTable(result, { ...ctx, width: 200 });
    expect(wide).toContain('manifests/app.yaml:11:9  spec.containers[0].securityContext.privileged');
  });

  it('does not depend on the order of findings in the result', () => {
    const reversed = { ...result, findings: [...result.findings].reverse() };
    expect(formatTable(reversed, ctx)).toBe(out);
  });

  it('neutralises terminal escape sequences and bidi overrides in manifest strings', () => {
    const evil = 'x\u001b]52;c;ZXZpbA==\u0007\u001b[2J\u202Egnp.exe\r\nFAKE LINE';
    const t = formatTable(resultWithText(evil), ctx);
    expect(t).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F\u202E]/);
    expect(t).toContain('x\\u001B]52;c;ZXZpbA==\\u0007\\u001B[2J\\u202Egnp.exe\\u000D\\u000AFAKE');
  });
});

describe('wrap', () => {
  it('breaks at spaces, splits words longer than the width, and loses no text', () => {
    const text = `alpha beta ${'x'.repeat(50)} gamma`;
    const out = wrap(text, 20);
    for (const l of out) expect(l.length).toBeLessThanOrEqual(20);
    expect(out.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
    expect(out[0]).toBe('alpha beta');
  });
});

describe('table report of a large scan', () => {
  it('is written in chunks of whole lines, every finding listed once', () => {
    const r = bigResult(6000);
    const chunks = [...tableChunks(r, { colour: false, cwd: '/repo' })];
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
    const text = chunks.join('');
    for (const i of [0, 1, 2999, 5999])
      expect(text.split(`Finding number ${i} on`).length - 1, `finding ${i}`).toBe(1);
  });
});
