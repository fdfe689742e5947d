import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  effectivePullPolicy,
  type ImageRef,
  isDigestPinned,
  mutability,
  parseImageReference,
  pullReference,
} from './image-ref.js';

const HEX64 = 'a'.repeat(32) + '0123456789abcdef0123456789abcdef';
const SHA = `sha256:${HEX64}`;

type Expected = Partial<ImageRef> & { domain: string; path: string };

const VALID: Array<[string, Expected]> = [
  ['nginx', { domain: 'docker.io', path: 'library/nginx' }],
  ['nginx:1.25', { domain: 'docker.io', path: 'library/nginx', tag: '1.25' }],
  ['nginx:latest', { domain: 'docker.io', path: 'library/nginx', tag: 'latest' }],
  ['docker.io/nginx', { domain: 'docker.io', path: 'library/nginx' }],
  ['index.docker.io/nginx', { domain: 'docker.io', path: 'library/nginx' }],
  ['docker.io/library/nginx', { domain: 'docker.io', path: 'library/nginx' }],
  ['bitnami/redis:7', { domain: 'docker.io', path: 'bitnami/redis', tag: '7' }],
  ['localhost/app', { domain: 'localhost', path: 'app' }],
  ['localhost:5000/app', { domain: 'localhost:5000', path: 'app' }],
  ['localhost:5000/team/app:v1', { domain: 'localhost:5000', path: 'team/app', tag: 'v1' }],
  // No slash: a "familiar" Docker Hub name, so the part after ":" is a tag, not a port.
  ['localhost:5000', { domain: 'docker.io', path: 'library/localhost', tag: '5000' }],
  ['registry:5000/app', { domain: 'registry:5000', path: 'app' }],
  ['127.0.0.1:5000/app', { domain: '127.0.0.1:5000', path: 'app' }],
  ['[::1]:5000/app', { domain: '[::1]:5000', path: 'app' }],
  ['[2001:db8::1]/app:1', { domain: '[2001:db8::1]', path: 'app', tag: '1' }],
  ['ghcr.io/org/team/app:1.0.0', { domain: 'ghcr.io', path: 'org/team/app', tag: '1.0.0' }],
  // An uppercase first element cannot be a Docker Hub namespace, so it is a registry.
  ['Registry/app', { domain: 'Registry', path: 'app' }],
  ['Example.COM/app', { domain: 'Example.COM', path: 'app' }],
  ['nginx:TAG_1.x-y', { domain: 'docker.io', path: 'library/nginx', tag: 'TAG_1.x-y' }],
  ['nginx:_x', { domain: 'docker.io', path: 'library/nginx', tag: '_x' }],
  [`nginx@${SHA}`, { domain: 'docker.io', path: 'library/nginx', digest: SHA }],
  [`nginx:latest@${SHA}`, { domain: 'docker.io', path: 'library/nginx', tag: 'latest', digest: SHA }],
  [`quay.io/a/b:1@${SHA}`, { domain: 'quay.io', path: 'a/b', tag: '1', digest: SHA }],
  [
    `x@sha384:${'b'.repeat(96)}`,
    { domain: 'docker.io', path: 'library/x', digest: `sha384:${'b'.repeat(96)}` },
  ],
  [
    `x@sha512:${'c'.repeat(128)}`,
    { domain: 'docker.io', path: 'library/x', digest: `sha512:${'c'.repeat(128)}` },
  ],
  ['a__b', { domain: 'docker.io', path: 'library/a__b' }],
  ['a---b.c_d', { domain: 'docker.io', path: 'library/a---b.c_d' }],
  // "example.com" alone has no slash: a Docker Hub name with a dot separator.
  ['example.com', { domain: 'docker.io', path: 'library/example.com' }],
  ['sha256:abc', { domain: 'docker.io', path: 'library/sha256', tag: 'abc' }],
  [`nginx:${'t'.repeat(128)}`, { domain: 'docker.io', path: 'library/nginx', tag: 't'.repeat(128) }],
  [`r.io/${'a'.repeat(255)}`, { domain: 'r.io', path: 'a'.repeat(255) }],
];

const INVALID: Array<[string, RegExp]> = [
  ['', /empty/],
  ['Nginx', /lowercase/],
  ['library/Nginx', /lowercase/],
  ['example.com/Team/app', /lowercase/],
  ['nginx:', /invalid reference format/],
  [':tag', /invalid reference format/],
  ['nginx:.x', /invalid reference format/],
  ['nginx:-x', /invalid reference format/],
  [`nginx:${'t'.repeat(129)}`, /invalid reference format/],
  ['nginx:1:2', /invalid reference format/],
  ['a___b', /invalid reference format/],
  ['a..b', /invalid reference format/],
  ['a-_b', /invalid reference format/],
  ['-a', /invalid reference format/],
  ['a-', /invalid reference format/],
  ['a//b', /invalid reference format/],
  ['example.com/', /invalid reference format/],
  ['-example.com/app', /invalid reference format/],
  [' nginx', /invalid reference format/],
  ['nginx ', /invalid reference format/],
  ['nginx@sha256:abc', /invalid reference format/],
  [`nginx@sha256:${'a'.repeat(63)}`, /digest length/],
  [`nginx@sha256:${'a'.repeat(65)}`, /digest length/],
  [`nginx@sha256:${'A'.repeat(64)}`, /lowercase/],
  [`nginx@md5:${'a'.repeat(32)}`, /unsupported digest algorithm "md5"/],
  [`nginx@${SHA}:latest`, /invalid reference format/],
  [HEX64, /image ID/],
  [`r.io/${'a'.repeat(256)}`, /longer than 255/],
  ['x'.repeat(5000), /too long/],
];

describe('parseImageReference: distribution/reference ParseNormalizedNamed', () => {
  it.each(VALID)('parses %s', (input, expected) => {
    const p = parseImageReference(input);
    expect(p).toEqual({
      ok: true,
      ref: { ...expected, name: `${expected.domain}/${expected.path}` },
    });
  });
  it.each(INVALID)('rejects %j', (input, error) => {
    const p = parseImageReference(input);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error).toMatch(error);
  });
});

describe('pinning and mutability', () => {
  const cases: Array<[string, ReturnType<typeof mutability>, string]> = [
    ['nginx', 'untagged', 'docker.io/library/nginx:latest'],
    ['nginx:latest', 'latest', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'tag', 'docker.io/library/nginx:1.25'],
    ['nginx:LATEST', 'tag', 'docker.io/library/nginx:LATEST'],
    [`nginx@${SHA}`, 'pinned', `docker.io/library/nginx@${SHA}`],
    // The runtime pulls by digest and ignores the tag.
    [`nginx:latest@${SHA}`, 'pinned', `docker.io/library/nginx@${SHA}`],
    ['localhost:5000/app', 'untagged', 'localhost:5000/app:latest'],
    ['localhost:5000', 'tag', 'docker.io/library/localhost:5000'],
  ];
  it.each(cases)('%s is %s and pulls %s', (image, m, pull) => {
    const p = parseImageReference(image);
    if (!p.ok) throw new Error(p.error);
    expect(mutability(p.ref)).toBe(m);
    expect(isDigestPinned(p.ref)).toBe(m === 'pinned');
    expect(pullReference(p.ref)).toBe(pull);
  });
});

describe('effectivePullPolicy: SetDefaults_Container', () => {
  const cases: Array<[string, unknown, string | undefined, boolean]> = [
    ['nginx', undefined, 'Always', true],
    ['nginx:latest', undefined, 'Always', true],
    // ParseImageName reports the tag even with a digest, so latest@digest defaults to Always.
    [`nginx:latest@${SHA}`, undefined, 'Always', true],
    [`nginx@${SHA}`, undefined, 'IfNotPresent', true],
    ['nginx:1.25', undefined, 'IfNotPresent', true],
    ['nginx:LATEST', undefined, 'IfNotPresent', true],
    ['NOT VALID', undefined, 'IfNotPresent', true],
    ['nginx', '', 'Always', true],
    ['nginx', 'Never', 'Never', false],
    ['nginx:1', 'Always', 'Always', false],
    ['nginx:1', 'always', undefined, false],
  ];
  it.each(cases)('%s with %j → %s', (image, explicit, policy, defaulted) => {
    const r = effectivePullPolicy(image, explicit);
    if (policy === undefined) expect(r).toBeUndefined();
    else expect(r).toEqual({ policy, defaulted });
  });
});

// Generators for the grammar's pieces.
const alnum = fc.stringMatching(/^[a-z0-9]{1,6}$/);
const separator = fc.constantFrom('.', '_', '__', '-', '--');
const pathComponent = fc
  .tuple(alnum, fc.array(fc.tuple(separator, alnum), { maxLength: 2 }))
  .map(([a, rest]) => a + rest.map(([s, b]) => s + b).join(''));
const path = fc.array(pathComponent, { minLength: 1, maxLength: 3 }).map((xs) => xs.join('/'));
const domainName = fc
  .array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,4}[a-z0-9])?$/), { minLength: 2, maxLength: 3 })
  .map((xs) => xs.join('.'));
const port = fc.integer({ min: 1, max: 65535 }).map(String);
const tag = fc.stringMatching(/^\w[\w.-]{0,20}$/);
const hex64 = fc.stringMatching(/^[a-f0-9]{64}$/);

describe('parseImageReference: properties', () => {
  it('never throws, and accepted references round-trip through their pull reference', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const p = parseImageReference(s);
        if (!p.ok) return;
        const again = parseImageReference(pullReference(p.ref));
        expect(again.ok).toBe(true);
        if (again.ok) {
          expect(again.ref.name).toBe(p.ref.name);
          expect(again.ref.digest).toBe(p.ref.digest);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a registry with a dot or a port is kept; its path is not prefixed with library/', () => {
    fc.assert(
      fc.property(domainName, fc.option(port), path, fc.option(tag), fc.option(hex64), (d, p, pa, t, h) => {
        const domain = p === null ? d : `${d}:${p}`;
        const image = `${domain}/${pa}${t === null ? '' : `:${t}`}${h === null ? '' : `@sha256:${h}`}`;
        const r = parseImageReference(image);
        const expectedDomain = domain === 'index.docker.io' ? 'docker.io' : domain;
        const expectedPath = expectedDomain === 'docker.io' && !pa.includes('/') ? `library/${pa}` : pa;
        expect(r).toEqual({
          ok: true,
          ref: {
            domain: expectedDomain,
            path: expectedPath,
            name: `${expectedDomain}/${expectedPath}`,
            ...(t === null ? {} : { tag: t }),
            ...(h === null ? {} : { digest: `sha256:${h}` }),
          },
        });
      }),
    );
  });

  it('a lowercase first element without "." or ":" is a Docker Hub namespace', () => {
    fc.assert(
      fc.property(path, fc.option(tag), (pa, t) => {
        fc.pre(!pa.split('/')[0]!.includes('.') && pa.split('/')[0] !== 'localhost');
        const r = parseImageReference(`${pa}${t === null ? '' : `:${t}`}`);
        expect(r.ok).toBe(true);
        if (r.ok) {
          expect(r.ref.domain).toBe('docker.io');
          expect(r.ref.path).toBe(pa.includes('/') ? pa : `library/${pa}`);
          expect(r.ref.tag).toBe(t === null ? undefined : t);
        }
      }),
    );
  });

  it('an uppercase letter in the repository path is always rejected', () => {
    fc.assert(
      fc.property(domainName, path, fc.nat(), (d, pa, i) => {
        const at = i % pa.length;
        fc.pre(/[a-z]/.test(pa[at]!));
        const upper = pa.slice(0, at) + pa[at]!.toUpperCase() + pa.slice(at + 1);
        expect(parseImageReference(`${d}/${upper}`).ok).toBe(false);
      }),
    );
  });

  it('a digest makes the reference pinned whatever the tag', () => {
    fc.assert(
      fc.property(path, fc.option(tag), hex64, (pa, t, h) => {
        const r = parseImageReference(`${pa}${t === null ? '' : `:${t}`}@sha256:${h}`);
        expect(r.ok && mutability(r.ref)).toBe('pinned');
      }),
    );
  });
});
