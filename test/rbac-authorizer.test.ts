/**
 * The authorizer's semantics as tables of cases: each a tiny manifest, a request and the
 * exact decision (and grant). Includes the negative cases peer tools get wrong
 * (rbac.md §9): `pods/*` as a wildcard, `pods` matching `pods/status`, a RoleBinding
 * granting a nonResourceURL, `*` user names, `GET` vs `get`, resourceNames with list
 * or create.
 */
import { describe, expect, it } from 'vitest';
import { inventoryFromYaml } from '../src/input/load.js';
import { buildRbacIndex, buildRbacIndexFromObjects, type RbacIndexOptions } from '../src/rbac/index.js';
import type { RequestAttributes, UserInfo } from '../src/rbac/request.js';
import { type SubjectRef, userInfoFor } from '../src/rbac/subjects.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';

/** A ClusterRole `r` with the given rules (YAML flow list), bound cluster-wide to User alice. */
function clusterGrant(rules: string): string {
  return `${API}
kind: ClusterRole
metadata: {name: r}
rules: ${rules}
---
${API}
kind: ClusterRoleBinding
metadata: {name: b}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}
subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
`;
}

/** Parses `VERB [GROUP/]RESOURCE[/SUB] [ns=NS] [name=N]` or `VERB /url`. */
function req(spec: string): RequestAttributes {
  const [verb, target, ...rest] = spec.split(' ');
  if (target!.startsWith('/')) return { kind: 'nonResource', verb: verb!, path: target! };
  const opts = Object.fromEntries(rest.map((kv) => kv.split('=') as [string, string]));
  const parts = target!.split('/');
  let group = '';
  if (parts[0]!.includes(':')) {
    const [g, r] = parts[0]!.split(':');
    group = g!;
    parts[0] = r!;
  }
  return {
    kind: 'resource',
    verb: verb!,
    apiGroup: group,
    resource: parts[0]!,
    subresource: parts[1] ?? '',
    namespace: opts.ns ?? '',
    name: opts.name ?? '',
  };
}

const alice: UserInfo = { name: 'alice', groups: ['system:authenticated'] };

function decide(yaml: string, user: UserInfo, spec: string, options?: RbacIndexOptions) {
  const { inventory } = inventoryFromYaml(yaml);
  const index = buildRbacIndex(inventory, options);
  return index.authorize(user, req(spec));
}

interface RuleCase {
  name: string;
  rules: string;
  allow: string[];
  deny: string[];
}

/** §1.1: one rule vs one request. Requests are cluster-wide unless ns= is given. */
const RULE_CASES: RuleCase[] = [
  {
    name: 'verbs are exact and case-sensitive',
    rules: '[{apiGroups: [""], resources: [pods], verbs: [get]}]',
    allow: ['get pods', 'get pods ns=a name=p'],
    deny: ['GET pods', 'list pods', 'Get pods', 'get pods/log'],
  },
  {
    name: 'verb * matches every verb, including made-up ones',
    rules: '[{apiGroups: [""], resources: [pods], verbs: ["*"]}]',
    allow: ['get pods', 'deletecollection pods', 'escalate pods', 'frobnicate pods', '* pods'],
    deny: ['get pods/exec', 'get apps:pods'],
  },
  {
    name: 'a request for verb * needs a * verb in the rule',
    rules: '[{apiGroups: [""], resources: [pods], verbs: [get, list, watch, create, update, patch, delete]}]',
    allow: ['get pods'],
    deny: ['* pods'],
  },
  {
    name: 'apiGroups: "" is the core group only',
    rules: '[{apiGroups: [""], resources: [deployments], verbs: [get]}]',
    allow: ['get deployments'],
    deny: ['get apps:deployments', 'get extensions:deployments'],
  },
  {
    name: 'apiGroups: * matches every group',
    rules: '[{apiGroups: ["*"], resources: [deployments], verbs: [get]}]',
    allow: ['get deployments', 'get apps:deployments', 'get example.com:deployments'],
    deny: ['get apps:deployments/scale', 'get apps:replicasets'],
  },
  {
    name: 'resources: * matches every resource and every subresource',
    rules: '[{apiGroups: [""], resources: ["*"], verbs: [create]}]',
    allow: ['create pods', 'create pods/exec', 'create serviceaccounts/token', 'create nodes/proxy'],
    deny: ['create apps:deployments', 'get pods'],
  },
  {
    name: 'pods does not match pods/status and pods/status does not match pods',
    rules: '[{apiGroups: [""], resources: [pods/status], verbs: [update]}]',
    allow: ['update pods/status ns=a name=p'],
    deny: ['update pods ns=a name=p', 'update pods/exec', 'update nodes/status'],
  },
  {
    name: '*/status matches the status subresource of any resource, not the resource',
    rules: '[{apiGroups: ["*"], resources: ["*/status"], verbs: [patch]}]',
    allow: ['patch pods/status', 'patch apps:deployments/status', 'patch example.com:widgets/status'],
    deny: ['patch pods', 'patch pods/xstatus', 'patch pods/statuses', 'patch pods/exec'],
  },
  {
    name: 'pods/* is a literal, not a wildcard (kubernetes#78936)',
    rules: '[{apiGroups: [""], resources: ["pods/*"], verbs: [create, get]}]',
    allow: ['create pods/*'],
    deny: ['create pods/exec', 'get pods/log', 'create pods', 'get pods'],
  },
  {
    name: '*/* matches only a subresource literally named *',
    rules: '[{apiGroups: [""], resources: ["*/*"], verbs: [get]}]',
    allow: ['get pods/*'],
    deny: ['get pods/log', 'get pods'],
  },
  {
    name: 'resourceNames: only named requests, never list, create or deletecollection',
    rules: '[{apiGroups: [""], resources: [secrets], resourceNames: [db], verbs: ["*"]}]',
    allow: [
      'get secrets ns=a name=db',
      'update secrets ns=a name=db',
      'delete secrets name=db',
      'watch secrets name=db',
    ],
    deny: [
      'get secrets ns=a name=other',
      'list secrets ns=a',
      'watch secrets ns=a',
      'create secrets ns=a',
      'deletecollection secrets ns=a',
    ],
  },
  {
    name: 'an empty resourceNames list allows every name',
    rules: '[{apiGroups: [""], resources: [configmaps], resourceNames: [], verbs: [get, list]}]',
    allow: ['get configmaps name=x', 'list configmaps'],
    deny: [],
  },
  {
    name: 'resourceNames apply to subresources too',
    rules: '[{apiGroups: [""], resources: [pods/exec], resourceNames: [debug], verbs: [create]}]',
    allow: ['create pods/exec ns=a name=debug'],
    deny: ['create pods/exec ns=a name=web', 'create pods/exec ns=a'],
  },
  {
    name: 'nonResourceURLs: exact paths',
    rules: '[{nonResourceURLs: [/healthz, /version], verbs: [get]}]',
    allow: ['get /healthz', 'get /version'],
    deny: ['get /healthz/etcd', 'get /version/', 'post /healthz', 'get /Healthz', 'get pods'],
  },
  {
    name: 'nonResourceURLs: a trailing * is a prefix, /apis/* does not match /apis',
    rules: '[{nonResourceURLs: ["/apis/*", "/logs*"], verbs: [get]}]',
    allow: [
      'get /apis/v1',
      'get /apis/',
      'get /apis/apps/v1/deployments',
      'get /logs',
      'get /logsxyz',
      'get /logs/a',
    ],
    deny: ['get /apis', 'get /api', 'get /log'],
  },
  {
    name: 'nonResourceURLs: * matches every path; verbs stay exact',
    rules: '[{nonResourceURLs: ["*"], verbs: [get]}]',
    allow: ['get /', 'get /metrics', 'get /anything/at/all'],
    deny: ['post /metrics', 'GET /metrics', 'get pods'],
  },
  {
    name: 'a resource rule grants no nonResourceURL and vice versa',
    rules: '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]',
    allow: ['get pods', 'delete apps:deployments ns=x name=y'],
    deny: ['get /healthz', 'get /metrics'],
  },
  {
    name: 'a rule with resources but no apiGroups matches nothing',
    rules: '[{resources: [pods], verbs: [get]}]',
    allow: [],
    deny: ['get pods', 'get apps:pods'],
  },
  {
    name: 'a rule without verbs grants nothing',
    rules: '[{apiGroups: ["*"], resources: ["*"]}]',
    allow: [],
    deny: ['get pods', '* *'],
  },
];

describe('rule matching (rbac.md §1.1)', () => {
  for (const c of RULE_CASES) {
    describe(c.name, () => {
      const yaml = clusterGrant(c.rules);
      it.each(c.allow)('allows %s', (spec) => {
        const d = decide(yaml, alice, spec, { builtinRoles: false });
        expect(d.allowed).toBe(true);
        expect(d.reason).toBe('RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "r" to User "alice"');
      });
      if (c.deny.length > 0)
        it.each(c.deny)('denies %s', (spec) => {
          expect(decide(yaml, alice, spec, { builtinRoles: false }).allowed).toBe(false);
        });
    });
  }
});

const RB_TO_CLUSTERROLE = `${API}
kind: ClusterRole
metadata: {name: reader}
rules:
- {apiGroups: [""], resources: [pods, nodes, namespaces], verbs: [get, list, patch]}
- {nonResourceURLs: ["/metrics"], verbs: [get]}
---
${API}
kind: RoleBinding
metadata: {name: rb, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects: [{kind: User, name: alice}]
`;

const ROLE_IN_NS = `${API}
kind: Role
metadata: {name: r, namespace: dev}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
---
${API}
kind: Role
metadata: {name: r2, namespace: other}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
---
${API}
kind: RoleBinding
metadata: {name: rb, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: User, name: alice}]
---
${API}
kind: RoleBinding
metadata: {name: rb2, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r2}
subjects: [{kind: User, name: alice}]
---
${API}
kind: ClusterRoleBinding
metadata: {name: crb}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: User, name: alice}]
`;

interface ScopeCase {
  name: string;
  yaml: string;
  user?: UserInfo;
  allow: string[];
  deny: string[];
}

const SCOPE_CASES: ScopeCase[] = [
  {
    name: 'RoleBinding → ClusterRole grants in the binding namespace only',
    yaml: RB_TO_CLUSTERROLE,
    allow: ['get pods ns=dev', 'list pods ns=dev', 'get pods ns=dev name=web'],
    deny: ['get pods ns=prod', 'list pods', 'get pods name=web'],
  },
  {
    name: 'a RoleBinding never grants cluster-scoped resources or nonResourceURLs',
    yaml: RB_TO_CLUSTERROLE,
    allow: [],
    deny: ['get nodes', 'list nodes', 'get /metrics', 'list namespaces'],
  },
  {
    name: 'a RoleBinding can patch its own namespace object (the request namespace is the name)',
    yaml: RB_TO_CLUSTERROLE,
    allow: ['patch namespaces ns=dev name=dev', 'get namespaces ns=dev name=dev'],
    deny: ['patch namespaces ns=prod name=prod', 'list namespaces'],
  },
  {
    name: 'RoleBinding → Role uses the Role of its own namespace only',
    yaml: ROLE_IN_NS,
    allow: ['get secrets ns=dev name=x'],
    deny: ['get configmaps ns=dev name=x', 'get configmaps ns=other name=x', 'get secrets ns=other name=x'],
  },
  {
    name: 'a ClusterRoleBinding to a Role grants nothing',
    yaml: ROLE_IN_NS,
    allow: [],
    deny: ['get secrets name=x', 'get secrets ns=prod name=x'],
  },
  {
    name: 'a ClusterRoleBinding grants in every namespace and cluster-wide',
    yaml: clusterGrant(
      '[{apiGroups: [""], resources: [pods, nodes], verbs: [list]}, {nonResourceURLs: [/metrics], verbs: [get]}]',
    ),
    allow: ['list pods', 'list pods ns=a', 'list pods ns=kube-system', 'list nodes', 'get /metrics'],
    deny: ['get pods ns=a name=p'],
  },
];

describe('binding scope (rbac.md §1.2)', () => {
  for (const c of SCOPE_CASES) {
    describe(c.name, () => {
      if (c.allow.length > 0)
        it.each(c.allow)('allows %s', (spec) => {
          expect(decide(c.yaml, c.user ?? alice, spec).allowed).toBe(true);
        });
      if (c.deny.length > 0)
        it.each(c.deny)('denies %s', (spec) => {
          expect(decide(c.yaml, c.user ?? alice, spec).allowed).toBe(false);
        });
    });
  }

  it('names the RoleBinding with namespace in the reason, as the upstream describer does', () => {
    expect(decide(ROLE_IN_NS, alice, 'get secrets ns=dev name=x').reason).toBe(
      'RBAC: allowed by RoleBinding "rb/dev" of Role "r" to User "alice"',
    );
  });

  it('reports a ClusterRoleBinding to a Role as a problem', () => {
    const { inventory } = inventoryFromYaml(ROLE_IN_NS);
    const index = buildRbacIndex(inventory);
    expect(index.problems.map((p) => [p.code, p.resource.ref.name, p.path.join('.')])).toEqual([
      ['role-ref-invalid', 'crb', 'roleRef.kind'],
    ]);
  });
});

/** Bindings of the ClusterRole `r` (list pods) to the given subjects. */
function subjectsGrant(
  subjects: string,
  kind: 'ClusterRoleBinding' | 'RoleBinding' = 'ClusterRoleBinding',
): string {
  return `${API}
kind: ClusterRole
metadata: {name: r}
rules: [{apiGroups: [""], resources: [pods], verbs: [list]}]
---
${API}
kind: ${kind}
metadata: {name: b${kind === 'RoleBinding' ? ', namespace: dev' : ''}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}
subjects: ${subjects}
`;
}

const sa = (ns: string, name: string) => userInfoFor({ kind: 'ServiceAccount', namespace: ns, name });
const user = (name: string, groups: string[] = []) => userInfoFor({ kind: 'User', name }, groups);

interface SubjectCase {
  name: string;
  yaml: string;
  spec?: string;
  allowed: Array<[string, UserInfo]>;
  denied: Array<[string, UserInfo]>;
}

const SUBJECT_CASES: SubjectCase[] = [
  {
    name: 'User: exact name, case-sensitive',
    yaml: subjectsGrant('[{kind: User, name: alice}]'),
    allowed: [['alice', user('alice')]],
    denied: [
      ['Alice', user('Alice')],
      ['bob', user('bob')],
    ],
  },
  {
    name: 'User "*" is not a wildcard',
    yaml: subjectsGrant('[{kind: User, name: "*"}]'),
    allowed: [['a user literally named *', user('*')]],
    denied: [
      ['alice', user('alice')],
      ['anonymous', user('system:anonymous')],
    ],
  },
  {
    name: 'Group: membership',
    yaml: subjectsGrant('[{kind: Group, name: devs}]'),
    allowed: [['alice in devs', user('alice', ['devs'])]],
    denied: [['alice', user('alice')]],
  },
  {
    name: 'ServiceAccount with namespace',
    yaml: subjectsGrant('[{kind: ServiceAccount, name: ci, namespace: build}]'),
    allowed: [['build/ci', sa('build', 'ci')]],
    denied: [
      ['other/ci', sa('other', 'ci')],
      ['a user named ci', user('ci')],
    ],
  },
  {
    name: 'ServiceAccount without namespace in a RoleBinding: the binding namespace',
    yaml: subjectsGrant('[{kind: ServiceAccount, name: ci}]', 'RoleBinding'),
    spec: 'list pods ns=dev',
    allowed: [['dev/ci', sa('dev', 'ci')]],
    denied: [['default/ci', sa('default', 'ci')]],
  },
  {
    name: 'ServiceAccount without namespace in a ClusterRoleBinding matches nobody',
    yaml: subjectsGrant('[{kind: ServiceAccount, name: ci}]'),
    allowed: [],
    denied: [
      ['default/ci', sa('default', 'ci')],
      ['a user named system:serviceaccount::ci', { name: 'system:serviceaccount::ci', groups: [] }],
    ],
  },
  {
    name: 'a User subject named like a service account matches that service account',
    yaml: subjectsGrant('[{kind: User, name: "system:serviceaccount:build:ci"}]'),
    allowed: [['build/ci', sa('build', 'ci')]],
    denied: [['build/other', sa('build', 'other')]],
  },
  {
    name: 'an unknown subject kind matches nobody',
    yaml: subjectsGrant('[{kind: Robot, name: alice}, {kind: user, name: alice}]'),
    allowed: [],
    denied: [['alice', user('alice')]],
  },
  {
    name: 'implicit group system:serviceaccounts:<ns>',
    yaml: subjectsGrant('[{kind: Group, name: "system:serviceaccounts:build"}]'),
    allowed: [['build/ci', sa('build', 'ci')]],
    denied: [
      ['dev/ci', sa('dev', 'ci')],
      ['alice', user('alice')],
    ],
  },
  {
    name: 'implicit group system:serviceaccounts',
    yaml: subjectsGrant('[{kind: Group, name: "system:serviceaccounts"}]'),
    allowed: [
      ['build/ci', sa('build', 'ci')],
      ['kube-system/default', sa('kube-system', 'default')],
    ],
    denied: [['alice', user('alice')]],
  },
  {
    name: 'implicit group system:authenticated',
    yaml: subjectsGrant('[{kind: Group, name: "system:authenticated"}]'),
    allowed: [
      ['alice', user('alice')],
      ['build/ci', sa('build', 'ci')],
    ],
    denied: [['anonymous', user('system:anonymous')]],
  },
  {
    name: 'implicit group system:unauthenticated',
    yaml: subjectsGrant('[{kind: Group, name: "system:unauthenticated"}]'),
    allowed: [['anonymous', user('system:anonymous')]],
    denied: [['alice', user('alice')]],
  },
];

describe('subjects (rbac.md §1.2)', () => {
  for (const c of SUBJECT_CASES) {
    describe(c.name, () => {
      const spec = c.spec ?? 'list pods';
      if (c.allowed.length > 0)
        it.each(c.allowed)('allows %s', (_n, u) => {
          expect(decide(c.yaml, u, spec).allowed).toBe(true);
        });
      if (c.denied.length > 0)
        it.each(c.denied)('denies %s', (_n, u) => {
          expect(decide(c.yaml, u, spec).allowed).toBe(false);
        });
    });
  }

  it('system:masters is allowed everything without any binding', () => {
    const d = decide('', user('root', ['system:masters']), 'delete nodes name=n1', { builtinRoles: false });
    expect(d).toMatchObject({ allowed: true, masters: true, via: [] });
    expect(
      decide('', user('root', ['system:masters']), 'get /anything', { builtinRoles: false }).allowed,
    ).toBe(true);
  });

  it('names the service account as the describer does', () => {
    expect(
      decide(
        subjectsGrant('[{kind: ServiceAccount, name: ci}]', 'RoleBinding'),
        sa('dev', 'ci'),
        'list pods ns=dev',
      ).reason,
    ).toBe('RBAC: allowed by RoleBinding "b/dev" of ClusterRole "r" to ServiceAccount "ci/dev"');
  });

  it('userInfoFor adds the implicit groups', () => {
    const s: SubjectRef = { kind: 'ServiceAccount', namespace: 'ns', name: 'x' };
    expect(userInfoFor(s)).toEqual({
      name: 'system:serviceaccount:ns:x',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated'],
    });
    expect(userInfoFor({ kind: 'User', name: 'system:anonymous' }).groups).toEqual([
      'system:unauthenticated',
    ]);
  });
});

function aggregated(extra: string): string {
  return `${API}
kind: ClusterRole
metadata: {name: agg}
aggregationRule:
  clusterRoleSelectors:
  - matchLabels: {team: a}
  - matchExpressions: [{key: tier, operator: In, values: [gold]}, {key: legacy, operator: DoesNotExist}]
rules: [{apiGroups: [""], resources: [declared], verbs: [get]}]
---
${API}
kind: ClusterRole
metadata: {name: z-source, labels: {team: a}}
rules: [{apiGroups: [""], resources: [zs], verbs: [get]}, {apiGroups: [""], resources: [shared], verbs: [get]}]
---
${API}
kind: ClusterRole
metadata: {name: a-source, labels: {team: a, tier: gold}}
rules: [{apiGroups: [""], resources: [as], verbs: [get]}, {apiGroups: [""], resources: [shared], verbs: [get]}]
---
${API}
kind: ClusterRole
metadata: {name: gold-legacy, labels: {tier: gold, legacy: "yes"}}
rules: [{apiGroups: [""], resources: [legacy], verbs: [get]}]
---
${API}
kind: ClusterRole
metadata: {name: nested, labels: {team: a}}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {inner: "true"}}]
---
${API}
kind: ClusterRole
metadata: {name: inner, labels: {inner: "true"}}
rules: [{apiGroups: [""], resources: [inner], verbs: [get]}]
${extra}`;
}

describe('aggregation (rbac.md §1.3)', () => {
  const index = buildRbacIndex(inventoryFromYaml(aggregated('')).inventory, { builtinRoles: false });
  const agg = index.roles.get('ClusterRole:agg')!;

  it('selects by matchLabels and matchExpressions, sorts by name, dedupes, and replaces the declared rules', () => {
    expect(agg.rules.map((r) => r.resources[0])).toEqual(['as', 'shared', 'inner', 'zs']);
    expect(agg.origins).toEqual([
      { role: 'a-source', rule: 0 },
      { role: 'a-source', rule: 1 },
      { role: 'inner', rule: 0 },
      { role: 'z-source', rule: 0 },
    ]);
  });

  it('nested aggregation reaches a fixpoint', () => {
    expect(index.roles.get('ClusterRole:nested')!.rules.map((r) => r.resources[0])).toEqual(['inner']);
  });

  it('reports declared rules that the controller would drop', () => {
    expect(index.problems.map((p) => [p.code, p.resource.ref.name])).toEqual([
      ['aggregated-rules-replaced', 'agg'],
    ]);
  });

  it('an aggregating role never includes itself, and an invalid selector selects nothing', () => {
    const yaml = `${API}
kind: ClusterRole
metadata: {name: self, labels: {x: "1"}}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {x: "1"}}, {matchExpressions: [{key: x, operator: In}]}]
---
${API}
kind: ClusterRole
metadata: {name: other, labels: {x: "1"}}
rules: [{apiGroups: [""], resources: [o], verbs: [get]}]
`;
    const i = buildRbacIndex(inventoryFromYaml(yaml).inventory, { builtinRoles: false });
    expect(i.roles.get('ClusterRole:self')!.rules.map((r) => r.resources[0])).toEqual(['o']);
    expect(i.problems.map((p) => [p.code, p.path.join('.')])).toEqual([
      ['aggregation-selector-invalid', 'aggregationRule.clusterRoleSelectors.1'],
    ]);
  });

  it('an aggregated role grants its aggregated rules through bindings', () => {
    const yaml = aggregated(`---
${API}
kind: RoleBinding
metadata: {name: b, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: agg}
subjects: [{kind: User, name: alice}]
`);
    expect(decide(yaml, alice, 'get zs ns=dev name=x', { builtinRoles: false }).allowed).toBe(true);
    expect(decide(yaml, alice, 'get inner ns=dev name=x', { builtinRoles: false }).allowed).toBe(true);
    expect(decide(yaml, alice, 'get declared ns=dev name=x', { builtinRoles: false }).allowed).toBe(false);
    expect(decide(yaml, alice, 'get legacy ns=dev name=x', { builtinRoles: false }).allowed).toBe(false);
  });
});

function bindTo(role: string, kind = 'ClusterRole'): string {
  return `${API}
kind: RoleBinding
metadata: {name: b, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: ${role}}
subjects: [{kind: User, name: alice}]
`;
}

describe('builtin roles (Kubernetes bootstrap policy)', () => {
  it.each([
    ['edit', 'create pods/exec ns=dev', true],
    ['edit', 'get secrets ns=dev name=s', true],
    ['edit', 'create serviceaccounts/token ns=dev', true],
    ['edit', 'impersonate serviceaccounts ns=dev name=x', true],
    ['edit', 'create rbac.authorization.k8s.io:rolebindings ns=dev', false],
    ['admin', 'create rbac.authorization.k8s.io:rolebindings ns=dev', true],
    ['admin', 'create pods ns=dev', true],
    ['admin', 'list apps:deployments ns=dev', true],
    ['view', 'list pods ns=dev', true],
    ['view', 'get secrets ns=dev name=s', false],
    ['view', 'get pods/log ns=dev name=p', true],
    ['view', 'create pods/exec ns=dev', false],
    ['cluster-admin', 'delete nodes name=n', false],
    ['cluster-admin', 'delete apps:deployments ns=dev name=d', true],
  ])('%s: %s → %s', (role, spec, allowed) => {
    expect(decide(bindTo(role), alice, spec).allowed).toBe(allowed);
  });

  it('default bindings: every authenticated user can discover the API and review itself', () => {
    expect(decide('', alice, 'get /apis/apps/v1').allowed).toBe(true);
    expect(decide('', alice, 'create authorization.k8s.io:selfsubjectaccessreviews').allowed).toBe(true);
    expect(decide('', user('system:anonymous'), 'get /version').allowed).toBe(true);
    expect(decide('', user('system:anonymous'), 'get /apis').allowed).toBe(false);
    expect(decide('', alice, 'get /metrics').allowed).toBe(false);
    expect(decide('', sa('a', 'b'), 'get /openid/v1/jwks').allowed).toBe(true);
  });

  it('the namespaced bootstrap Role every aggregated API server binds', () => {
    const yaml = `${API}
kind: RoleBinding
metadata: {name: metrics-server-auth-reader, namespace: kube-system}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader}
subjects: [{kind: ServiceAccount, name: metrics-server, namespace: kube-system}]
`;
    const index = buildRbacIndex(inventoryFromYaml(yaml).inventory);
    expect(index.dangling).toEqual([]);
    const ms = sa('kube-system', 'metrics-server');
    expect(
      index.authorize(ms, req('get configmaps ns=kube-system name=extension-apiserver-authentication'))
        .allowed,
    ).toBe(true);
    expect(index.authorize(ms, req('get configmaps ns=kube-system name=other')).allowed).toBe(false);
  });

  it('--no-builtin-roles: the binding is dangling and grants nothing', () => {
    const { inventory } = inventoryFromYaml(bindTo('edit'));
    const index = buildRbacIndex(inventory, { builtinRoles: false });
    expect(index.authorize(alice, req('create pods/exec ns=dev')).allowed).toBe(false);
    expect(index.dangling.map((d) => d.binding.key)).toEqual(['RoleBinding:dev/b']);
    expect(index.authorize(alice, req('get /version')).allowed).toBe(false);
  });

  it('a role of the input wins over the builtin one of the same name', () => {
    const yaml = `${API}
kind: ClusterRole
metadata: {name: edit}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
---
${bindTo('edit')}`;
    expect(decide(yaml, alice, 'get configmaps ns=dev name=c').allowed).toBe(true);
    expect(decide(yaml, alice, 'create pods ns=dev').allowed).toBe(false);
  });

  it('an input ClusterRole with an aggregation label extends the builtin edit, admin and view', () => {
    const yaml = `${API}
kind: ClusterRole
metadata: {name: widgets-view, labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}}
rules: [{apiGroups: [example.com], resources: [widgets], verbs: [get]}]
---
${bindTo('admin')}`;
    expect(decide(yaml, alice, 'get example.com:widgets ns=dev name=w').allowed).toBe(true);
  });
});

describe('dangling bindings and bad input', () => {
  it('a binding to a missing role grants nothing and is listed; defining the role reactivates it', () => {
    const dangling = bindTo('missing');
    const { inventory } = inventoryFromYaml(dangling);
    const index = buildRbacIndex(inventory);
    expect(index.dangling.map((d) => [d.binding.key, d.systemRole])).toEqual([['RoleBinding:dev/b', false]]);
    const withRole = `${dangling}---
${API}
kind: ClusterRole
metadata: {name: missing}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
`;
    expect(decide(withRole, alice, 'get pods ns=dev name=p').allowed).toBe(true);
  });

  it('a RoleBinding to a Role of another namespace is dangling', () => {
    const yaml = `${API}
kind: Role
metadata: {name: r, namespace: other}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
${bindTo('r', 'Role')}`;
    const index = buildRbacIndex(inventoryFromYaml(yaml).inventory);
    expect(index.dangling.map((d) => d.binding.key)).toEqual(['RoleBinding:dev/b']);
  });

  it('reports every problem with its path and analyses the rest', () => {
    const yaml = `${API}
kind: ClusterRole
metadata: {name: bad}
rules:
- {apiGroups: [""], resources: [pods]}
- {apiGroups: [""], resources: secrets, verbs: get}
- notarule
- {apiGroups: [""], resources: [configmaps, 42], verbs: [list]}
---
${API}
kind: ClusterRole
metadata: {name: notalist}
rules: {apiGroups: [""]}
---
${API}
kind: ClusterRoleBinding
metadata: {name: noref}
subjects: [{kind: User, name: alice}]
---
${API}
kind: ClusterRoleBinding
metadata: {name: badkind}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Group, name: bad}
subjects: [{kind: User, name: alice}]
---
${API}
kind: ClusterRoleBinding
metadata: {name: good}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: bad}
subjects: [{kind: Robot, name: r2d2}, "alice", {kind: User}, {kind: User, name: alice, apiGroup: v1}]
---
${API}
kind: Role
metadata: {name: urls, namespace: dev}
rules: [{nonResourceURLs: [/metrics], verbs: [get]}]
`;
    const loaded = inventoryFromYaml(yaml, 'rbac.yaml');
    const index = buildRbacIndex(loaded.inventory);
    const problems = index.problems.map(
      (p) => `${p.resource.ref.name} ${p.code} ${p.path.join('.')} :${p.resource.locate(p.path).line}`,
    );
    expect(problems).toEqual([
      'urls role-with-non-resource-urls rules.0.nonResourceURLs :35',
      'bad rule-without-verbs rules.0 :5',
      'bad invalid-field rules.1.verbs :6',
      'bad invalid-field rules.1.resources :6',
      'bad invalid-field rules.2 :7',
      'bad invalid-field rules.3.resources.1 :8',
      'notalist invalid-field rules :13',
      'noref binding-without-role-ref roleRef :15',
      'badkind role-ref-invalid roleRef.kind :23',
      'good subject-invalid subjects.0.kind :30',
      'good subject-invalid subjects.1 :30',
      'good subject-invalid subjects.2.name :30',
      'good subject-invalid subjects.3.apiGroup :30',
    ]);
    // The rest is analysed: a lone string is read as a list, and the good subject applies.
    expect(index.authorize(alice, req('get secrets ns=x name=s')).allowed).toBe(true);
    expect(index.authorize(alice, req('list configmaps')).allowed).toBe(true);
    expect(index.authorize(alice, req('get pods')).allowed).toBe(false);
  });

  it('never throws on hostile shapes', () => {
    const shapes = [
      'kind: ClusterRole\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: x}\nrules: [[1], null, 7]\naggregationRule: 5',
      'kind: RoleBinding\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: x}\nroleRef: []\nsubjects: {a: 1}',
      'kind: ClusterRoleBinding\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: x}\nroleRef: {kind: ClusterRole, name: 5}\nsubjects: [null]',
      'kind: ClusterRole\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: y}\naggregationRule: {clusterRoleSelectors: [{matchLabels: []}]}',
    ];
    for (const s of shapes) {
      const index = buildRbacIndex(inventoryFromYaml(s).inventory);
      expect(index.problems.length).toBeGreaterThan(0);
      expect(index.authorize(alice, req('get pods')).allowed).toBe(false);
    }
  });
});

describe('objects without files (generated RBAC)', () => {
  it('authorizes generated Roles and bindings, with defaults applied', () => {
    const index = buildRbacIndexFromObjects(
      [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          metadata: { name: 'gen' },
          rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: 'gen' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'gen' },
          subjects: [{ kind: 'ServiceAccount', name: 'app' }],
        },
      ],
      { builtinRoles: false },
    );
    const d = index.authorize(sa('default', 'app'), req('get pods ns=default name=p'));
    expect(d.reason).toBe(
      'RBAC: allowed by RoleBinding "gen/default" of Role "gen" to ServiceAccount "app/default"',
    );
  });

  it('extraObjects add to the inventory', () => {
    const { inventory } = inventoryFromYaml(bindTo('missing'));
    const extra = [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'missing' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      },
    ];
    expect(
      buildRbacIndex(inventory, { extraObjects: extra }).authorize(alice, req('get pods ns=dev name=p'))
        .allowed,
    ).toBe(true);
  });
});
