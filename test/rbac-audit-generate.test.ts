/**
 * Events → exact generated rules. With the widenings off, the roles grant the
 * requests made and nothing else; each widening flag changes exactly what it says.
 */
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { collectAuditLogs } from '../src/rbac/audit/collect.js';
import { objectName, renderJson, renderYaml, ruleObject } from '../src/rbac/audit/emit.js';
import { type GenerateOptions, type GenerateResult, generateRbac } from '../src/rbac/audit/generate.js';
import { collectEvents, type EventSpec, ev, fixture, memorySource } from './rbac-audit-helpers.js';

const EXACT: GenerateOptions = { resourceNames: false, widenVerbs: false };

async function gen(specs: EventSpec[], options: Partial<GenerateOptions> = {}): Promise<GenerateResult> {
  const c = await collectEvents(specs.map(ev), options.subjects ? { subjects: options.subjects } : {});
  return generateRbac(c, { ...EXACT, ...options });
}

/** label → { cluster: rules, <ns>: rules } as YAML would show them. */
function rules(r: GenerateResult): Record<string, Record<string, unknown[]>> {
  const out: Record<string, Record<string, unknown[]>> = {};
  for (const s of r.subjects) {
    const o: Record<string, unknown[]> = {};
    if (s.cluster.length > 0) o.cluster = s.cluster.map(ruleObject);
    for (const [ns, rs] of s.namespaces) o[ns] = rs.map(ruleObject);
    out[s.label] = o;
  }
  return out;
}

const core = (resources: string[], verbs: string[], resourceNames?: string[]) => ({
  apiGroups: [''],
  resources,
  ...(resourceNames ? { resourceNames } : {}),
  verbs,
});
const grp = (g: string, resources: string[], verbs: string[], resourceNames?: string[]) => ({
  apiGroups: [g],
  resources,
  ...(resourceNames ? { resourceNames } : {}),
  verbs,
});
const urls = (nonResourceURLs: string[], verbs: string[]) => ({ nonResourceURLs, verbs });

const SA = 'sa:shop:cart';

describe('exact rules (widenings off)', () => {
  it.each<[string, EventSpec[], Partial<GenerateOptions>, Record<string, Record<string, unknown[]>>]>([
    [
      'verbs on one resource in one namespace, in the order people write them',
      [
        { verb: 'watch', user: SA, resource: 'pods', ns: 'shop' },
        { verb: 'list', user: SA, resource: 'pods', ns: 'shop' },
        { verb: 'get', user: SA, resource: 'pods', ns: 'shop', name: 'p' },
      ],
      {},
      { [SA]: { shop: [core(['pods'], ['get', 'list', 'watch'])] } },
    ],
    [
      'resources with the same verbs share a rule; other groups and verb sets do not',
      [
        { verb: 'get', user: SA, resource: 'configmaps', ns: 'shop', name: 'a' },
        { verb: 'get', user: SA, resource: 'secrets', ns: 'shop', name: 'b' },
        { verb: 'get', user: SA, resource: 'deployments', group: 'apps', ns: 'shop', name: 'c' },
        { verb: 'list', user: SA, resource: 'services', ns: 'shop' },
      ],
      {},
      {
        [SA]: {
          shop: [
            core(['configmaps', 'secrets'], ['get']),
            core(['services'], ['list']),
            grp('apps', ['deployments'], ['get']),
          ],
        },
      },
    ],
    [
      'subresources are their own entries: pods does not grant pods/log',
      [
        { verb: 'get', user: SA, resource: 'pods', sub: 'log', ns: 'shop', name: 'p' },
        { verb: 'get', user: SA, resource: 'pods', ns: 'shop', name: 'p' },
        { verb: 'create', user: SA, resource: 'pods', sub: 'exec', ns: 'shop', name: 'p' },
      ],
      {},
      { [SA]: { shop: [core(['pods', 'pods/log'], ['get']), core(['pods/exec'], ['create'])] } },
    ],
    [
      'cluster-scoped resources and lists across namespaces go to the ClusterRole; a namespaced grant it covers is dropped',
      [
        { verb: 'list', user: SA, resource: 'nodes' },
        { verb: 'list', user: SA, resource: 'pods', uri: '/api/v1/pods' },
        { verb: 'list', user: SA, resource: 'pods', ns: 'shop' },
        { verb: 'get', user: SA, resource: 'pods', ns: 'shop', name: 'p' },
      ],
      {},
      { [SA]: { cluster: [core(['nodes', 'pods'], ['list'])], shop: [core(['pods'], ['get'])] } },
    ],
    [
      'one Role per namespace',
      [
        { verb: 'get', user: SA, resource: 'configmaps', ns: 'a', name: 'x' },
        { verb: 'create', user: SA, resource: 'events', group: 'events.k8s.io', ns: 'b' },
      ],
      {},
      { [SA]: { a: [core(['configmaps'], ['get'])], b: [grp('events.k8s.io', ['events'], ['create'])] } },
    ],
    [
      'non-resource URLs: query stripped, default-allowed ones left out',
      [
        { verb: 'get', user: SA, uri: '/metrics?x=1' },
        { verb: 'get', user: SA, uri: '/healthz' },
        { verb: 'get', user: SA, uri: '/api' },
        { verb: 'get', user: SA, uri: '/apis/apps/v1?timeout=32s' },
        { verb: 'post', user: SA, uri: '/metrics' },
        { verb: 'get', user: SA, uri: '/logs/' },
      ],
      {},
      { [SA]: { cluster: [urls(['/logs/'], ['get']), urls(['/metrics'], ['get', 'post'])] } },
    ],
    [
      '--include-defaults keeps what the default bindings allow',
      [
        { verb: 'get', user: SA, uri: '/healthz' },
        {
          verb: 'create',
          user: SA,
          resource: 'selfsubjectaccessreviews',
          group: 'authorization.k8s.io',
          code: 201,
        },
      ],
      { includeDefaults: true },
      {
        [SA]: {
          cluster: [
            grp('authorization.k8s.io', ['selfsubjectaccessreviews'], ['create']),
            urls(['/healthz'], ['get']),
          ],
        },
      },
    ],
    [
      'denied and verdict-less requests are granted by default',
      [
        { verb: 'get', user: SA, resource: 'secrets', ns: 'shop', name: 's', decision: 'forbid' },
        {
          verb: 'update',
          user: SA,
          resource: 'configmaps',
          ns: 'shop',
          name: 'c',
          code: 409,
          decision: null,
        },
        { verb: 'list', user: SA, resource: 'pods', ns: 'shop' },
      ],
      {},
      {
        [SA]: {
          shop: [core(['configmaps'], ['update']), core(['pods'], ['list']), core(['secrets'], ['get'])],
        },
      },
    ],
    [
      '--allowed-only keeps the requests that succeeded at least once',
      [
        { verb: 'get', user: SA, resource: 'secrets', ns: 'shop', name: 's', decision: 'forbid' },
        {
          verb: 'update',
          user: SA,
          resource: 'configmaps',
          ns: 'shop',
          name: 'c',
          code: 409,
          decision: null,
        },
        { verb: 'list', user: SA, resource: 'pods', ns: 'shop', decision: 'forbid' },
        { verb: 'list', user: SA, resource: 'pods', ns: 'shop' },
      ],
      { allowedOnly: true },
      { [SA]: { shop: [core(['pods'], ['list'])] } },
    ],
    [
      'a create never gets a name, even with --resource-names',
      [{ verb: 'create', user: SA, resource: 'configmaps', ns: 'shop', name: 'from-body' }],
      { resourceNames: true },
      { [SA]: { shop: [core(['configmaps'], ['create'])] } },
    ],
    [
      '--resource-names: named requests keep their names; a nameless use of the verb absorbs them',
      [
        { verb: 'get', user: SA, resource: 'secrets', ns: 'shop', name: 'db' },
        { verb: 'get', user: SA, resource: 'secrets', ns: 'shop', name: 'cache' },
        { verb: 'update', user: SA, resource: 'secrets', ns: 'shop', name: 'db' },
        { verb: 'list', user: SA, resource: 'secrets', ns: 'shop' },
        { verb: 'watch', user: SA, resource: 'configmaps', ns: 'shop', name: 'one' },
        { verb: 'watch', user: SA, resource: 'configmaps', ns: 'shop' },
        { verb: 'create', user: SA, resource: 'pods', sub: 'eviction', ns: 'shop', name: 'p1' },
      ],
      { resourceNames: true },
      {
        [SA]: {
          shop: [
            core(['configmaps'], ['watch']),
            core(['pods/eviction'], ['create'], ['p1']),
            core(['secrets'], ['get'], ['cache', 'db']),
            core(['secrets'], ['list']),
            core(['secrets'], ['update'], ['db']),
          ],
        },
      },
    ],
    [
      '--max-resource-names collapses long name lists to every name',
      [
        { verb: 'get', user: SA, resource: 'secrets', ns: 'shop', name: 'a' },
        { verb: 'get', user: SA, resource: 'secrets', ns: 'shop', name: 'b' },
        { verb: 'get', user: SA, resource: 'configmaps', ns: 'shop', name: 'c' },
      ],
      { resourceNames: true, maxResourceNames: 1 },
      { [SA]: { shop: [core(['configmaps'], ['get'], ['c']), core(['secrets'], ['get'])] } },
    ],
    [
      '--widen-verbs: get/list/watch together, update/patch together, others untouched',
      [
        { verb: 'get', user: SA, resource: 'pods', ns: 'shop', name: 'p' },
        { verb: 'patch', user: SA, resource: 'deployments', group: 'apps', ns: 'shop', name: 'd' },
        { verb: 'delete', user: SA, resource: 'jobs', group: 'batch', ns: 'shop', name: 'j' },
      ],
      { widenVerbs: true },
      {
        [SA]: {
          shop: [
            core(['pods'], ['get', 'list', 'watch']),
            grp('apps', ['deployments'], ['update', 'patch']),
            grp('batch', ['jobs'], ['delete']),
          ],
        },
      },
    ],
    [
      '--cluster-wide-after 2: a request made in two namespaces is granted everywhere, the others stay',
      [
        { verb: 'list', user: SA, resource: 'pods', ns: 'a' },
        { verb: 'list', user: SA, resource: 'pods', ns: 'b' },
        { verb: 'get', user: SA, resource: 'pods', ns: 'a', name: 'p' },
      ],
      { clusterWideAfter: 2 },
      { [SA]: { cluster: [core(['pods'], ['list'])], a: [core(['pods'], ['get'])] } },
    ],
    [
      'lifting with names keeps the union of the names',
      [
        { verb: 'get', user: SA, resource: 'configmaps', ns: 'a', name: 'x' },
        { verb: 'get', user: SA, resource: 'configmaps', ns: 'b', name: 'y' },
      ],
      { clusterWideAfter: 2, resourceNames: true },
      { [SA]: { cluster: [core(['configmaps'], ['get'], ['x', 'y'])] } },
    ],
    [
      'impersonation: the impersonated user gets the request, the impersonator the impersonate checks',
      [
        {
          verb: 'list',
          user: 'ops',
          resource: 'pods',
          ns: 'shop',
          impersonated: {
            username: 'system:serviceaccount:shop:cart',
            groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'],
          },
        },
        {
          verb: 'get',
          user: 'ops',
          resource: 'pods',
          ns: 'x',
          impersonated: { username: 'jane', groups: ['qa', 'system:authenticated'] },
        },
      ],
      {},
      {
        [SA]: { shop: [core(['pods'], ['list'])] },
        'user:jane': { x: [core(['pods'], ['get'])] },
        'user:ops': {
          cluster: [core(['groups', 'users'], ['impersonate'])],
          shop: [core(['serviceaccounts'], ['impersonate'])],
        },
      },
    ],
  ])('%s', async (_name, specs, options, expected) => {
    expect(rules(await gen(specs, options))).toEqual(expected);
  });

  it('requests only a wildcard rule could grant are refused and listed', async () => {
    const r = await gen([
      { verb: 'get', user: SA, resource: '*', ns: 'shop', name: 'x' },
      { verb: 'get', user: SA, uri: '/apis*' },
      { verb: 'get', user: SA, resource: 'pods', sub: '*', ns: 'shop', name: 'p' },
    ]);
    expect(rules(r)).toEqual({ [SA]: { shop: [core(['pods/*'], ['get'])] } });
    expect(r.subjects[0]!.skipped.wildcard).toHaveLength(2);
  });

  it('a group subject binds the Group, with what its members did', async () => {
    const r = await gen(
      [
        {
          verb: 'get',
          user: 'alice',
          groups: ['dev', 'system:authenticated'],
          resource: 'pods',
          ns: 'a',
          name: 'p',
        },
        { verb: 'list', user: 'bob', groups: ['dev', 'system:authenticated'], resource: 'pods', ns: 'a' },
        {
          verb: 'delete',
          user: 'eve',
          groups: ['system:authenticated'],
          resource: 'pods',
          ns: 'a',
          name: 'p',
        },
      ],
      {
        subjects: [
          { kind: 'Group', name: 'dev' },
          { kind: 'User', name: 'nobody' },
        ],
      },
    );
    expect(rules(r)).toEqual({ 'group:dev': { a: [core(['pods'], ['get', 'list'])] } });
    expect(r.unmatched).toEqual([{ kind: 'User', name: 'nobody' }]);
    expect(r.objects.map((o) => o.object.subjects ?? o.object.kind)).toEqual([
      'Role',
      [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'dev' }],
    ]);
  });

  it('a user: subject spelled as a service-account username is that service account', async () => {
    const r = await gen([{ verb: 'list', user: SA, resource: 'pods', ns: 'shop' }], {
      subjects: [{ kind: 'User', name: 'system:serviceaccount:shop:cart' }],
    });
    expect(r.subjects.map((s) => s.label)).toEqual([SA]);
    expect(r.objects[1]!.object.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'cart', namespace: 'shop' },
    ]);
  });

  it('members of system:masters still get the roles that would replace it', async () => {
    const r = await gen([
      {
        verb: 'delete',
        user: 'root',
        groups: ['system:masters', 'system:authenticated'],
        resource: 'nodes',
        name: 'n',
      },
    ]);
    expect(rules(r)).toEqual({ 'user:root': { cluster: [core(['nodes'], ['delete'])] } });
  });
});

describe('review: denied, verdict-less and sensitive requests', () => {
  it('placement, counts and categories', async () => {
    const r = await gen([
      { verb: 'get', user: SA, resource: 'secrets', ns: 'shop', name: 's', decision: 'forbid' },
      { verb: 'get', user: SA, resource: 'secrets', ns: 'shop', name: 's', decision: 'forbid' },
      { verb: 'list', user: SA, resource: 'nodes', decision: 'forbid' },
      { verb: 'update', user: SA, resource: 'configmaps', ns: 'shop', name: 'c', code: 409, decision: null },
      { verb: 'create', user: SA, resource: 'pods', sub: 'exec', ns: 'shop', name: 'p' },
    ]);
    const s = r.subjects[0]!;
    expect(
      s.review.map((i) => [
        i.request.kind === 'resource' ? i.request.resource : '',
        i.denied,
        i.undetermined,
        i.category,
        i.placement,
      ]),
    ).toEqual([
      ['secrets', 2, 0, 'secrets', 'shop'],
      ['nodes', 1, 0, undefined, ''],
      ['configmaps', 0, 1, undefined, 'shop'],
    ]);
    expect(s.sensitive.map((i) => i.category)).toEqual(['exec']);
    expect(s.counts).toEqual({ distinct: 4, total: 5, allowed: 1, denied: 3, undetermined: 1 });
    const yamlText = renderYaml(r.objects);
    expect(yamlText).toContain('#   ! get secrets "s" in shop — denied 2× [secrets]');
    expect(yamlText).toContain('#     list nodes — denied 1×');
    expect(yamlText).toContain('#   ! create pods/exec "p" in shop — allowed 1× [exec]');
  });

  it('with --allowed-only the denied requests are reported as left out', async () => {
    const r = await gen(
      [{ verb: 'get', user: SA, resource: 'secrets', ns: 'shop', name: 's', decision: 'forbid' }],
      { allowedOnly: true },
    );
    expect(r.objects).toEqual([]);
    expect(r.subjects[0]!.review).toMatchObject([{ granted: false, denied: 1 }]);
    expect(r.subjects[0]!.skipped.notAllowed).toBe(1);
  });
});

describe('objects and output', () => {
  it.each([
    [{ kind: 'ServiceAccount' as const, namespace: 'shop', name: 'cart' }, 'kzt:sa:shop:cart'],
    [{ kind: 'User' as const, name: 'alice@example.com' }, 'kzt:user:alice@example.com'],
    [{ kind: 'Group' as const, name: 'system:authenticated' }, 'kzt:group:system:authenticated'],
    [
      { kind: 'User' as const, name: 'https://issuer.example/#1234' },
      'kzt:user:https:__issuer.example_#1234-',
    ],
    [{ kind: 'User' as const, name: '100%' }, 'kzt:user:100_-'],
  ])('objectName(%j)', (s, expected) => {
    const name = objectName(s);
    if (expected.endsWith('-')) {
      expect(name.startsWith(expected)).toBe(true);
      expect(name).toMatch(/-[0-9a-f]{8}$/);
    } else expect(name).toBe(expected);
    expect(name).not.toMatch(/[/%]/);
  });

  it('names that differ only by a replaced character stay distinct', () => {
    expect(objectName({ kind: 'User', name: 'a/b' })).not.toBe(objectName({ kind: 'User', name: 'a_b' }));
  });

  it('YAML and JSON hold the same objects; the YAML comments cannot break out, whatever the log holds', async () => {
    const evil = 'eve\n---\nkind: ClusterRole\n# \u001b[31m';
    const r = await gen([
      {
        verb: 'get',
        user: evil,
        resource: 'secrets',
        ns: 'x\nkind: Secret',
        name: 'n\r\n- evil',
        decision: 'forbid',
      },
      { verb: 'list', user: SA, resource: 'pods', ns: 'shop' },
    ]);
    const fromYaml = yaml.loadAll(renderYaml(r.objects, ['header\nwith: newline']));
    const fromJson = JSON.parse(renderJson(r.objects)) as { kind: string; items: unknown[] };
    expect(fromJson.kind).toBe('List');
    expect(fromYaml).toEqual(fromJson.items);
    expect(fromYaml).toHaveLength(4);
    expect(renderYaml(r.objects)).not.toContain('\u001b');
  });

  it('the output does not depend on the order of the events', async () => {
    const specs: EventSpec[] = [
      { verb: 'get', user: SA, resource: 'pods', ns: 'b', name: 'p' },
      { verb: 'list', user: 'alice', resource: 'nodes' },
      { verb: 'watch', user: SA, resource: 'pods', ns: 'a' },
      { verb: 'get', user: SA, uri: '/metrics' },
      { verb: 'create', user: SA, resource: 'leases', group: 'coordination.k8s.io', ns: 'a' },
      { verb: 'get', user: SA, resource: 'configmaps', ns: 'a', name: 'c', decision: 'forbid' },
    ];
    const a = renderYaml((await gen(specs)).objects);
    const b = renderYaml((await gen([...specs].reverse())).objects);
    expect(b).toBe(a);
  });

  it('the workload fixture: exact objects for the service account', async () => {
    const c = await collectAuditLogs([memorySource('workload.jsonl', fixture('workload.jsonl'))]);
    const r = generateRbac(c, {
      ...EXACT,
      subjects: [{ kind: 'ServiceAccount', namespace: 'shop', name: 'cart' }],
    });
    expect(rules(r)).toEqual({
      [SA]: {
        cluster: [core(['nodes'], ['list']), urls(['/metrics'], ['get'])],
        payments: [grp('events.k8s.io', ['events'], ['create'])],
        shop: [
          core(['configmaps'], ['get', 'create']),
          core(['pods'], ['list', 'watch']),
          core(['pods/eviction', 'serviceaccounts/token'], ['create']),
          core(['secrets'], ['get']),
          grp('apps', ['deployments'], ['update']),
          grp('coordination.k8s.io', ['leases'], ['get', 'update']),
        ],
      },
    });
    // discovery, /version, the SelfSubjectAccessReview: allowed by the default bindings
    expect(r.subjects[0]!.skipped.defaults).toBe(4);
    expect(r.subjects[0]!.review.map((i) => i.category ?? '-')).toEqual(['tokens', 'secrets', '-', '-', '-']);
  });
});
