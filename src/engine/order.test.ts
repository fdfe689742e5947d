import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPath } from '../model/types.js';
import { isInReportOrder, sortFindings } from './order.js';
import { type Finding, SEVERITIES } from './types.js';

const finding = fc.record({
  severity: fc.constantFrom(...SEVERITIES),
  file: fc.constantFrom('a.yaml', 'b/a.yaml', 'b.yaml', ''),
  line: fc.integer({ min: 0, max: 5 }),
  column: fc.integer({ min: 0, max: 3 }),
  checkId: fc.constantFrom('ZT-WL-001', 'ZT-ID-020'),
  name: fc.constantFrom('x', 'y'),
  path: fc.constantFrom('', 'spec', 'spec.x'),
  message: fc.string({ maxLength: 3 }),
});

function toFinding(r: any): Finding {
  return {
    checkId: r.checkId,
    slug: 's',
    pillar: 'workload',
    severity: r.severity,
    message: r.message,
    resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: r.name },
    location: r.file === '' ? null : { file: r.file, line: r.line, column: r.column },
    path: r.path,
    suppressed: false,
    fingerprint: `${r.checkId}${r.name}${r.path}${r.message}`,
  };
}

const rank = (s: string) => SEVERITIES.length - SEVERITIES.indexOf(s as never);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The documented order, written the obvious way. */
function reference(a: Finding, b: Finding): number {
  return (
    rank(b.severity) - rank(a.severity) ||
    cmp(a.location?.file ?? '', b.location?.file ?? '') ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    cmp(a.checkId, b.checkId) ||
    cmp(`Pod/ns/${a.resource!.name}`, `Pod/ns/${b.resource!.name}`) ||
    cmp(a.path, b.path) ||
    cmp(a.message, b.message) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

describe('finding order', () => {
  it('sorts exactly like the documented comparator and recognises its own output (property)', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 60 }), (rs) => {
        const fs = rs.map(toFinding);
        const sorted = sortFindings(fs);
        expect(sorted).toEqual([...fs].sort(reference));
        expect(isInReportOrder(sorted)).toBe(true);
        if (fs.length > 1 && fs.some((f, i) => i > 0 && reference(fs[i - 1]!, f) > 0)) {
          expect(isInReportOrder(fs)).toBe(false);
        }
      }),
    );
  });
});

describe('formatPath', () => {
  const regexVersion = (path: readonly (string | number)[]) => {
    let out = '';
    for (const seg of path) {
      if (typeof seg === 'number') out += `[${seg}]`;
      else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
      else out += `[${JSON.stringify(seg)}]`;
    }
    return out;
  };
  it('prints kubectl-style paths', () => {
    expect(formatPath(['spec', 'containers', 0, 'image'])).toBe('spec.containers[0].image');
    expect(formatPath(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe(
      'metadata.labels["app.kubernetes.io/name"]',
    );
    expect(formatPath(['a-b', '_c', '9x', ''])).toBe('a-b._c["9x"][""]');
  });
  it('agrees with the regular-expression definition (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.nat(20)), { maxLength: 6 }), (path) => {
        expect(formatPath(path)).toBe(regexVersion(path));
      }),
      { numRuns: 3000 },
    );
  });
});
