/**
 * Replay through kzt's own authorizer (src/rbac/index.ts, buildRbacIndexFromObjects):
 * every request of a log is allowed by the generated roles, and — with the widenings
 * off — nothing else is: for random logs, the requests the roles allow are exactly the
 * closure of the requests made under RBAC's own semantics (a request made across all
 * namespaces needs a ClusterRole, which allows it in each namespace too; a request
 * made without a name needs a rule without names, which allows every name).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditCollection, collectAuditLogs } from '../src/rbac/audit/collect.js';
import { type GenerateOptions, generateRbac } from '../src/rbac/audit/generate.js';
import { kztAuthorizer, replay } from '../src/rbac/audit/replay.js';
import { buildRbacIndexFromObjects } from '../src/rbac/index.js';
import type { RequestAttributes, UserInfo } from '../src/rbac/request.js';
import {
  collectEvents,
  type EventSpec,
  ev,
  fixture,
  jsonl,
  memorySource,
  SA_GROUPS,
} from './rbac-audit-helpers.js';

const EXACT: GenerateOptions = { resourceNames: false, widenVerbs: false };

const OPTION_SETS: Array<[string, GenerateOptions]> = [
  ['exact', EXACT],
  ['--allowed-only', { ...EXACT, allowedOnly: true }],
  ['--resource-names', { ...EXACT, resourceNames: true }],
  ['--resource-names --max-resource-names 1', { ...EXACT, resourceNames: true, maxResourceNames: 1 }],
  ['--widen-verbs', { ...EXACT, widenVerbs: true }],
  ['--cluster-wide-after 1', { ...EXACT, clusterWideAfter: 1 }],
  ['--include-defaults', { ...EXACT, includeDefaults: true }],
  [
    'everything',
    {
      resourceNames: true,
      maxResourceNames: 2,
      widenVerbs: true,
      clusterWideAfter: 2,
      includeDefaults: true,
    },
  ],
];

const objectsOf = (c: AuditCollection, o: GenerateOptions) => generateRbac(c, o).objects.map((x) => x.object);

async function fixtures(): Promise<AuditCollection> {
  return collectAuditLogs(
    ['workload.jsonl', 'impersonation.jsonl', 'eventlist.json'].map((f) => memorySource(f, fixture(f))),
  );
}

describe('replay of the fixtures: every request allowed', async () => {
  const c = await fixtures();
  for (const [name, options] of OPTION_SETS) {
    it(name, () => {
      const result = generateRbac(c, options);
      expect(result.objects.length).toBeGreaterThan(0);
      const authorize = kztAuthorizer(result.objects.map((o) => o.object));
      expect(replay(c, result, options, authorize)).toEqual([]);
    });
  }

  it('the replay can fail: without the generated objects, requests are refused', () => {
    const result = generateRbac(c, EXACT);
    const failures = replay(c, result, EXACT, kztAuthorizer([]));
    expect(failures.length).toBeGreaterThan(10);
  });
});

const SA_CART: UserInfo = { name: 'system:serviceaccount:shop:cart', groups: SA_GROUPS('shop') };
const SA_OTHER: UserInfo = { name: 'system:serviceaccount:shop:other', groups: SA_GROUPS('shop') };
const ALICE: UserInfo = { name: 'alice@example.com', groups: ['dev', 'system:authenticated'] };
const OPS: UserInfo = { name: 'ops', groups: ['ops-team', 'system:authenticated'] };

const r = (
  verb: string,
  resource: string,
  namespace = '',
  name = '',
  apiGroup = '',
  subresource = '',
): RequestAttributes => ({
  kind: 'resource',
  verb,
  apiGroup,
  resource,
  subresource,
  namespace,
  name,
});
const url = (verb: string, path: string): RequestAttributes => ({ kind: 'nonResource', verb, path });

describe('minimality: requests that were not made are denied', async () => {
  const c = await fixtures();
  const cases: Array<[string, UserInfo, RequestAttributes, boolean, GenerateOptions]> = [
    [
      'made: get secrets db-password (denied in the log)',
      SA_CART,
      r('get', 'secrets', 'shop', 'db-password'),
      true,
      EXACT,
    ],
    ['not made: list secrets', SA_CART, r('list', 'secrets', 'shop'), false, EXACT],
    [
      'not made: another secret, with --resource-names',
      SA_CART,
      r('get', 'secrets', 'shop', 'other'),
      false,
      { ...EXACT, resourceNames: true },
    ],
    ['not made: delete pods', SA_CART, r('delete', 'pods', 'shop', 'p'), false, EXACT],
    [
      'not made: pods/log (a subresource is not its resource)',
      SA_CART,
      r('get', 'pods', 'shop', 'p', '', 'log'),
      false,
      EXACT,
    ],
    ['not made: list pods in another namespace', SA_CART, r('list', 'pods', 'payments'), false, EXACT],
    ['made: list pods in shop', SA_CART, r('list', 'pods', 'shop'), true, EXACT],
    [
      'not made: list pods in another namespace, even with --widen-verbs',
      SA_CART,
      r('list', 'pods', 'default'),
      false,
      { ...EXACT, widenVerbs: true },
    ],
    ['made: list nodes (denied in the log)', SA_CART, r('list', 'nodes'), true, EXACT],
    ['not made: get a node', SA_CART, r('get', 'nodes', '', 'n1'), false, EXACT],
    [
      'not made: delete the lease',
      SA_CART,
      r('delete', 'leases', 'shop', 'cart-leader', 'coordination.k8s.io'),
      false,
      EXACT,
    ],
    [
      'not made: update leases in the core group',
      SA_CART,
      r('update', 'leases', 'shop', 'cart-leader'),
      false,
      EXACT,
    ],
    ['made: get /metrics', SA_CART, url('get', '/metrics'), true, EXACT],
    ['not made: post /metrics', SA_CART, url('post', '/metrics'), false, EXACT],
    ['not made: get /metrics/x (no prefix rule)', SA_CART, url('get', '/metrics/x'), false, EXACT],
    ['not made by this subject: another service account', SA_OTHER, r('list', 'pods', 'shop'), false, EXACT],
    [
      'made: list deployments across namespaces',
      ALICE,
      r('list', 'deployments', '', '', 'apps'),
      true,
      EXACT,
    ],
    ['not made: watch deployments', ALICE, r('watch', 'deployments', '', '', 'apps'), false, EXACT],
    [
      'with --widen-verbs: watch deployments',
      ALICE,
      r('watch', 'deployments', '', '', 'apps'),
      true,
      { ...EXACT, widenVerbs: true },
    ],
    [
      'not made: delete deployments',
      ALICE,
      r('delete', 'deployments', 'shop', 'cart', 'apps'),
      false,
      { ...EXACT, widenVerbs: true },
    ],
    [
      'made: impersonate jane',
      OPS,
      r('impersonate', 'users', '', 'jane'),
      true,
      { ...EXACT, resourceNames: true },
    ],
    [
      'not made: impersonate another user',
      OPS,
      r('impersonate', 'users', '', 'root'),
      false,
      { ...EXACT, resourceNames: true },
    ],
    [
      'not made: impersonate system:masters',
      OPS,
      r('impersonate', 'groups', '', 'system:masters'),
      false,
      { ...EXACT, resourceNames: true },
    ],
    [
      'not made: impersonate an SA elsewhere',
      OPS,
      r('impersonate', 'serviceaccounts', 'kube-system', 'cart'),
      false,
      EXACT,
    ],
    [
      '--allowed-only: the denied secret is not granted',
      SA_CART,
      r('get', 'secrets', 'shop', 'db-password'),
      false,
      { ...EXACT, allowedOnly: true },
    ],
  ];
  it.each(cases)('%s', (_n, user, req, expected, options) => {
    const authorize = kztAuthorizer(objectsOf(c, options), { builtinRoles: false });
    expect(authorize(user, req)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------
// Random logs.

const USERS = ['sa:a:robot', 'sa:b:robot', 'alice', 'bob'];
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'delete'];
const GROUPS = ['', 'apps'];
const RESOURCES = ['pods', 'configmaps'];
const SUBS = ['', 'status'];
const NAMESPACES = ['', 'a', 'b'];
const NAMES = ['', 'x', 'y'];
const PATHS = ['/metrics', '/logs/x', '/healthz', '/api'];

const resourceSpec = fc.record({
  verb: fc.constantFrom(...VERBS),
  user: fc.constantFrom(...USERS),
  group: fc.constantFrom(...GROUPS),
  resource: fc.constantFrom(...RESOURCES),
  sub: fc.constantFrom(...SUBS),
  ns: fc.constantFrom(...NAMESPACES),
  name: fc.constantFrom(...NAMES),
  outcome: fc.constantFrom('allow', 'forbid', '404', '409'),
  stage: fc.constantFrom('single', 'single', 'pair', 'open'),
  impersonator: fc.option(fc.constantFrom('ops', 'admin'), { freq: 4 }),
});
const urlSpec = fc.record({
  verb: fc.constantFrom('get', 'post'),
  user: fc.constantFrom(...USERS),
  path: fc.constantFrom(...PATHS),
  outcome: fc.constantFrom('allow', 'forbid'),
});

type RSpec = typeof resourceSpec extends fc.Arbitrary<infer T> ? T : never;
type USpec = typeof urlSpec extends fc.Arbitrary<infer T> ? T : never;

function userOf(u: string): { username: string; groups: string[] } {
  if (u.startsWith('sa:')) {
    const [, ns, name] = u.split(':');
    return { username: `system:serviceaccount:${ns}:${name}`, groups: SA_GROUPS(ns!) };
  }
  return { username: u, groups: ['system:authenticated'] };
}

function eventsOf(specs: ReadonlyArray<RSpec | USpec>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  specs.forEach((s, i) => {
    const outcome =
      s.outcome === 'allow'
        ? {}
        : s.outcome === 'forbid'
          ? { decision: 'forbid' as const }
          : { decision: null, code: Number(s.outcome) };
    if ('path' in s) {
      out.push(ev({ verb: s.verb, user: s.user, uri: s.path, ...outcome }));
      return;
    }
    const base: EventSpec = {
      verb: s.verb,
      user: s.user,
      resource: s.resource,
      ...(s.group ? { group: s.group } : {}),
      ...(s.sub ? { sub: s.sub } : {}),
      ...(s.ns ? { ns: s.ns } : {}),
      ...(s.name ? { name: s.name } : {}),
      auditID: `r-${i}`,
      ...outcome,
    };
    if (s.impersonator) {
      const iu = userOf(s.user);
      base.user = s.impersonator;
      base.groups = ['system:authenticated'];
      base.impersonated = iu;
    }
    if (s.stage === 'pair') out.push(ev({ ...base, stage: 'RequestReceived' }));
    out.push(ev({ ...base, ...(s.stage === 'open' ? { stage: 'RequestReceived' } : {}) }));
  });
  return out;
}

const optionsArb: fc.Arbitrary<GenerateOptions> = fc.record({
  resourceNames: fc.boolean(),
  widenVerbs: fc.boolean(),
  allowedOnly: fc.boolean(),
  includeDefaults: fc.boolean(),
  maxResourceNames: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  clusterWideAfter: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
});

const logArb = fc.array(fc.oneof({ weight: 5, arbitrary: resourceSpec }, { weight: 1, arbitrary: urlSpec }), {
  minLength: 1,
  maxLength: 40,
});

describe('random logs (fast-check)', () => {
  it('replay: every request is allowed, whatever the options', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, optionsArb, async (specs, options) => {
        const c = await collectEvents(eventsOf(specs));
        const result = generateRbac(c, options);
        const failures = replay(c, result, options, kztAuthorizer(result.objects.map((o) => o.object)));
        expect(failures).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('exactness: with the widenings off, the roles allow exactly the closure of the requests made', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, fc.boolean(), async (specs, allowedOnly) => {
        const c = await collectEvents(eventsOf(specs));
        const options: GenerateOptions = {
          resourceNames: true,
          widenVerbs: false,
          includeDefaults: true,
          allowedOnly,
        };
        const objects = objectsOf(c, options);
        const index = buildRbacIndexFromObjects(objects, { builtinRoles: false });
        for (const identity of c.identities.values()) {
          const made = [...identity.requests.values()]
            .filter((u) => !allowedOnly || u.allowed > 0)
            .map((u) => u.request);
          // Requests made by the same username under other group sets count too (same subject).
          for (const other of c.identities.values())
            if (other !== identity && other.user.name === identity.user.name)
              for (const u of other.requests.values())
                if (!allowedOnly || u.allowed > 0) made.push(u.request);
          for (const req of universe(made)) {
            const expected = closureAllows(made, req);
            const got = index.authorize(identity.user, req).allowed;
            if (got !== expected)
              throw new Error(
                `${identity.user.name}: ${JSON.stringify(req)} allowed=${got}, expected ${expected}`,
              );
          }
        }
      }),
      { numRuns: 120 },
    );
  });

  it('gzip, JSON lines and EventList give the same roles', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, fc.integer({ min: 1, max: 5000 }), async (specs, chunk) => {
        const events = eventsOf(specs);
        const asLines = jsonl(events);
        const asList = JSON.stringify(
          { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: events },
          null,
          2,
        );
        const { gzipSync } = await import('node:zlib');
        const outputs = [];
        for (const data of [asLines, asList, gzipSync(asLines), gzipSync(asList)]) {
          const c = await collectAuditLogs([memorySource('x', data, chunk)]);
          expect(c.problems).toEqual([]);
          outputs.push(JSON.stringify(generateRbac(c, EXACT).objects));
        }
        expect(new Set(outputs).size).toBe(1);
      }),
      { numRuns: 40 },
    );
  });
});

/** Every request of the small universe, plus the made ones (their exact shapes). */
function* universe(made: readonly RequestAttributes[]): Generator<RequestAttributes> {
  for (const verb of [...VERBS, 'impersonate', 'patch'])
    for (const apiGroup of GROUPS)
      for (const resource of [...RESOURCES, 'users', 'groups', 'serviceaccounts'])
        for (const subresource of SUBS)
          for (const namespace of NAMESPACES)
            for (const name of [...NAMES, 'robot', 'alice'])
              yield { kind: 'resource', verb, apiGroup, resource, subresource, namespace, name };
  for (const verb of ['get', 'post', 'put'])
    for (const path of [...PATHS, '/metrics/x', '/']) yield { kind: 'nonResource', verb, path };
  yield* made;
}

/** What RBAC necessarily allows once the made requests are granted, and nothing more. */
function closureAllows(made: readonly RequestAttributes[], req: RequestAttributes): boolean {
  return made.some((m) => {
    if (m.kind !== req.kind || m.verb !== req.verb) return false;
    if (m.kind === 'nonResource' || req.kind === 'nonResource')
      return m.kind === req.kind && (m as { path: string }).path === (req as { path: string }).path;
    return (
      m.apiGroup === req.apiGroup &&
      m.resource === req.resource &&
      m.subresource === req.subresource &&
      (m.namespace === req.namespace || m.namespace === '') &&
      (m.name === req.name || m.name === '')
    );
  });
}

describe('--existing: only what the existing RBAC does not allow', async () => {
  const { loadManifests } = await import('../src/input/load.js');
  const { buildRbacIndex } = await import('../src/rbac/index.js');
  const { FIXTURES } = await import('./rbac-audit-helpers.js');
  const loaded = await loadManifests([`${FIXTURES}/rbac`]);
  const c = await fixtures();
  for (const [name, options] of OPTION_SETS) {
    it(`${name}: existing + generated allow every request; nothing the existing RBAC allows is generated`, () => {
      const existing = buildRbacIndex(loaded.inventory, { builtinRoles: !options.includeDefaults });
      const result = generateRbac(c, { ...options, existing });
      const generated = result.objects.map((o) => o.object);
      expect(replay(c, result, options, kztAuthorizer(generated, { inventory: loaded.inventory }))).toEqual(
        [],
      );
      // Every request the generated roles alone allow was not allowed by the existing RBAC —
      // unless a widening or RBAC's own closure put it there.
      if (options === EXACT) {
        const alone = kztAuthorizer(generated, { builtinRoles: false });
        for (const identity of c.identities.values())
          for (const u of identity.requests.values())
            if (existing.authorize(identity.user, u.request).via.length > 0)
              expect(alone(identity.user, u.request)).toBe(false);
      }
    });
  }

  it('the generated roles are smaller than without --existing', () => {
    const existing = buildRbacIndex(loaded.inventory, { builtinRoles: true });
    const spec = {
      ...EXACT,
      subjects: [{ kind: 'ServiceAccount' as const, namespace: 'shop', name: 'cart' }],
    };
    const without = generateRbac(c, spec);
    const withExisting = generateRbac(c, { ...spec, existing });
    const rulesOf = (r: typeof without) =>
      r.subjects.flatMap((s) => [...s.cluster, ...s.namespaces.flatMap(([, x]) => x)]);
    expect(rulesOf(withExisting).length).toBeLessThan(rulesOf(without).length);
    // list pods (granted by the Role cart) is not generated again; the leases are.
    const text = JSON.stringify(withExisting.objects.map((o) => o.object));
    expect(text).toContain('leases');
    expect(text).not.toContain('"pods"');
  });
});
