import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObjectRef } from '../model/types.js';
import { fingerprint } from './fingerprint.js';

/** cyrb53 of one string, as published: the reference the piecewise hasher must equal. */
function cyrb53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return ((h2 >>> 0) & 0x1fffff).toString(16).padStart(6, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

describe('finding fingerprints', () => {
  // Baselines (--baseline) written by earlier releases hold these: they must never change.
  it.each([
    [
      'ZT-WL-002',
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
      'spec.template.spec.containers[0].securityContext.privileged',
      '',
      '02b75a9e78cd99',
    ],
    [
      'ZT-ID-020',
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'admin-ish' },
      'rules[0]',
      'wildcard-verbs',
      '1b3e9b286f3c50',
    ],
    ['ZT-IN-001', null, '', 'a.yaml#3#yaml-syntax', '066377d3f8e09b'],
    [
      'ZT-NET-012',
      { apiVersion: 'v1', kind: 'Pod', namespace: 'ns-é', name: 'p😀' },
      '',
      '',
      '0f94e1462ca3e2',
    ],
  ] as const)('%s keeps its published value', (checkId, ref, path, extra, expected) => {
    expect(fingerprint(checkId, ref as ObjectRef | null, path, extra)).toBe(expected);
  });

  it('is the hash of check, group/kind/namespace/name, path and key joined by NUL', () => {
    const str = fc.string({ unit: 'binary', maxLength: 20 });
    fc.assert(
      fc.property(
        str,
        fc.option(
          fc.record({ group: fc.option(str, { nil: '' }), kind: str, namespace: fc.option(str), name: str }),
        ),
        str,
        str,
        (checkId, r, path, extra) => {
          const ref: ObjectRef | null = r
            ? {
                apiVersion: r.group === '' ? 'v1' : `${r.group.replaceAll('/', '')}/v1`,
                kind: r.kind,
                name: r.name,
                ...(r.namespace === null ? {} : { namespace: r.namespace }),
              }
            : null;
          const group = ref?.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
          const who = ref ? `${group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}` : '';
          expect(fingerprint(checkId, ref, path, extra)).toBe(
            cyrb53(`${checkId}\0${who}\0${path}\0${extra}`),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('ignores the API version, so a migration keeps the baseline', () => {
    const a = { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', namespace: 'n', name: 'x' };
    expect(fingerprint('ZT-EDGE-001', a, 'spec.tls')).toBe(
      fingerprint('ZT-EDGE-001', { ...a, apiVersion: 'networking.k8s.io/v1' }, 'spec.tls'),
    );
    expect(fingerprint('ZT-EDGE-001', a, 'spec.tls')).not.toBe(fingerprint('ZT-EDGE-002', a, 'spec.tls'));
  });
});
