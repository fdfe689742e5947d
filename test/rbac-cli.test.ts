/**
 * `kzt rbac who-can` and `kzt rbac can` end to end: the JSON contract of DESIGN.md,
 * kubectl-style RESOURCE parsing, exact subjects with provenance, input problems on
 * stderr with file:line.
 */
import { describe, expect, it } from 'vitest';
import { ApiResources } from '../src/rbac/api-resources.js';
import { parseWhoCanQuery } from '../src/rbac/who-can.js';
import { runCli } from './support/cli.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';

const FIXTURE = `${API}
kind: RoleBinding
metadata: {name: ci-edit, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects:
- {kind: ServiceAccount, name: ci}
- {kind: Group, name: "system:serviceaccounts:build"}
---
${API}
kind: ClusterRoleBinding
metadata: {name: ops-secrets}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects: [{kind: User, name: alice}]
---
${API}
kind: ClusterRole
metadata: {name: secret-reader}
rules:
- {apiGroups: [""], resources: [secrets], verbs: [get, list]}
- {nonResourceURLs: [/metrics], verbs: [get]}
---
${API}
kind: ClusterRoleBinding
metadata: {name: broken}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: nothere}
subjects: [{kind: Robot, name: x}]
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions: [{name: v1, served: true, storage: true, subresources: {status: {}}}]
`;

async function whoCanJson(args: string[], stdin = FIXTURE) {
  const r = await runCli(['rbac', 'who-can', ...args, '-', '-o', 'json'], { stdin });
  expect(r.code, r.stderr).toBe(0);
  return { json: JSON.parse(r.stdout), stderr: r.stderr };
}

describe('kzt rbac who-can', () => {
  it('prints the DESIGN.md JSON: query, then subjects with kind, name, namespace and via', async () => {
    const { json } = await whoCanJson(['get', 'secrets', '-n', 'dev']);
    expect(json.query).toEqual({
      verb: 'get',
      apiGroup: '',
      resource: 'secrets',
      subresource: '',
      namespace: 'dev',
      name: '',
    });
    expect(json.subjects).toEqual([
      {
        kind: 'Group',
        name: 'system:masters',
        bypassesRbac: true,
        via: [
          {
            binding: { kind: 'ClusterRoleBinding', name: 'cluster-admin' },
            role: { kind: 'ClusterRole', name: 'cluster-admin' },
            rule: 0,
            builtin: true,
          },
        ],
      },
      {
        kind: 'Group',
        name: 'system:serviceaccounts:build',
        members: 'every service account in namespace build',
        via: [
          {
            binding: { kind: 'RoleBinding', name: 'ci-edit', namespace: 'dev' },
            role: { kind: 'ClusterRole', name: 'edit' },
            rule: 0,
            location: { file: '<stdin>', line: 1 },
            builtin: true,
            aggregatedFrom: { role: 'system:aggregate-to-edit', rule: 0 },
          },
        ],
      },
      {
        kind: 'User',
        name: 'alice',
        via: [
          {
            binding: { kind: 'ClusterRoleBinding', name: 'ops-secrets' },
            role: { kind: 'ClusterRole', name: 'secret-reader' },
            rule: 0,
            location: { file: '<stdin>', line: 9 },
          },
        ],
      },
      {
        kind: 'ServiceAccount',
        name: 'ci',
        namespace: 'dev',
        via: [
          {
            binding: { kind: 'RoleBinding', name: 'ci-edit', namespace: 'dev' },
            role: { kind: 'ClusterRole', name: 'edit' },
            rule: 0,
            location: { file: '<stdin>', line: 1 },
            builtin: true,
            aggregatedFrom: { role: 'system:aggregate-to-edit', rule: 0 },
          },
        ],
      },
    ]);
  });

  it('without -n asks about cluster-wide access: RoleBindings do not count', async () => {
    const { json } = await whoCanJson(['list', 'secrets']);
    expect(json.subjects.map((s: { name: string }) => s.name)).toEqual(['system:masters', 'alice']);
  });

  it('answers for subresources given with --subresource and warns about TYPE/NAME', async () => {
    const sub = await whoCanJson(['create', 'pods', '--subresource', 'exec', '-n', 'dev']);
    expect(sub.json.subjects.map((s: { name: string }) => s.name)).toEqual([
      'system:masters',
      'system:serviceaccounts:build',
      'ci',
    ]);
    const named = await whoCanJson(['create', 'pods/exec', '-n', 'dev']);
    expect(named.json.query).toMatchObject({ resource: 'pods', subresource: '', name: 'exec' });
    expect(named.stderr).toContain("asks about the pod named 'exec' (kubectl auth can-i syntax)");
  });

  it('non-resource URLs: only ClusterRoleBindings, -n ignored with a warning', async () => {
    const { json, stderr } = await whoCanJson(['get', '/metrics', '-n', 'dev']);
    expect(json.query).toEqual({ verb: 'get', nonResourceURL: '/metrics' });
    expect(json.subjects.map((s: { name: string }) => s.name)).toEqual([
      'system:masters',
      'system:monitoring',
      'alice',
    ]);
    expect(stderr).toContain('-n is ignored for a non-resource URL');
  });

  it('reports input problems with file:line on stderr and still answers', async () => {
    const { stderr } = await whoCanJson(['get', 'secrets']);
    expect(stderr).toContain('<stdin>:26: warning: ClusterRoleBinding broken: subjects[0].kind "Robot"');
    expect(stderr).toContain(
      'ClusterRoleBinding broken references ClusterRole nothere, which is not in the input',
    );
    expect(stderr).toContain('2 RBAC input problem(s); the rest was analysed');
  });

  it('--no-builtin-roles leaves edit undefined', async () => {
    const { json } = await whoCanJson(['get', 'secrets', '-n', 'dev', '--no-builtin-roles']);
    expect(json.subjects.map((s: { name: string }) => s.name)).toEqual(['system:masters', 'alice']);
  });

  it('prints a table by default', async () => {
    const r = await runCli(['rbac', 'who-can', 'get', 'secrets', '-n', 'dev', '-'], { stdin: FIXTURE });
    expect(r.stdout).toContain('Who can get secrets in namespace dev: 4 subject(s)');
    expect(r.stdout).toMatch(
      /User alice +ClusterRoleBinding ops-secrets → ClusterRole secret-reader rule 0 {2}<stdin>:9/,
    );
  });

  it('usage errors exit 2 with one line', async () => {
    const r = await runCli(['rbac', 'who-can', 'get', '/metrics', '--subresource', 'x', '-'], {
      stdin: FIXTURE,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kzt: who-can: --subresource cannot be used with a non-resource URL\n');
    expect((await runCli(['rbac', 'who-can', 'get', 'pods'])).code).toBe(2);
  });
});

describe('RESOURCE is read as kubectl auth can-i reads it', () => {
  const api = new ApiResources([
    {
      group: 'example.com',
      resource: 'widgets',
      singular: 'widget',
      shortNames: ['wd'],
      namespaced: true,
      subresources: ['status'],
    },
  ]);
  const q = (target: string, extra: Record<string, string> = {}) => {
    const p = parseWhoCanQuery({ verb: 'get', target, ...extra }, api);
    if (!p.ok) throw new Error(p.error);
    return { ...p.query, warnings: p.warnings };
  };
  it.each([
    ['pods', { apiGroup: '', resource: 'pods', name: '' }],
    ['po', { apiGroup: '', resource: 'pods' }],
    ['pod', { apiGroup: '', resource: 'pods' }],
    ['Pods', { apiGroup: '', resource: 'pods' }],
    ['deployments', { apiGroup: 'apps', resource: 'deployments' }],
    ['deploy', { apiGroup: 'apps', resource: 'deployments' }],
    ['deployments.apps', { apiGroup: 'apps', resource: 'deployments' }],
    ['deployments.v1.apps', { apiGroup: 'apps', resource: 'deployments' }],
    ['deployments.extensions', { apiGroup: 'extensions', resource: 'deployments' }],
    ['jobs.batch/bar', { apiGroup: 'batch', resource: 'jobs', name: 'bar' }],
    ['events', { apiGroup: '', resource: 'events' }],
    ['events.events.k8s.io', { apiGroup: 'events.k8s.io', resource: 'events' }],
    ['csr', { apiGroup: 'certificates.k8s.io', resource: 'certificatesigningrequests' }],
    ['wd', { apiGroup: 'example.com', resource: 'widgets' }],
    ['widgets.example.com', { apiGroup: 'example.com', resource: 'widgets' }],
    ['*', { apiGroup: '', resource: '*' }],
    ['users', { apiGroup: '', resource: 'users', warnings: [] }],
  ])('%s', (target, expected) => {
    expect(q(target)).toMatchObject(expected);
  });

  it('an unknown type keeps its group and warns', () => {
    expect(q('gadgets.acme.io')).toMatchObject({
      resource: 'gadgets',
      apiGroup: 'acme.io',
      warnings: [
        "resource type 'gadgets' in group 'acme.io' is neither built in nor defined by a CRD of the input; asked as written",
      ],
    });
  });

  it('cluster-scoped resources are asked cluster-wide; a namespace request carries its own name', () => {
    expect(q('nodes', { namespace: 'dev' })).toMatchObject({
      namespace: '',
      warnings: ['nodes is cluster-scoped: its requests carry no namespace, so -n is ignored'],
    });
    expect(q('namespaces/dev')).toMatchObject({ resource: 'namespaces', name: 'dev', namespace: 'dev' });
    expect(q('ns', { name: 'prod' })).toMatchObject({ namespace: 'prod' });
  });

  it('--api-group and --name must agree with what RESOURCE says', () => {
    expect(parseWhoCanQuery({ verb: 'get', target: 'jobs.batch', apiGroup: 'apps' }, api)).toMatchObject({
      ok: false,
    });
    expect(parseWhoCanQuery({ verb: 'get', target: 'jobs/a', name: 'b' }, api)).toMatchObject({ ok: false });
    expect(q('jobs', { apiGroup: 'batch', name: 'x', subresource: 'status' })).toMatchObject({
      apiGroup: 'batch',
      name: 'x',
      subresource: 'status',
    });
  });

  it('warns about unknown verbs and subresources, keeping the verb as written', () => {
    expect(parseWhoCanQuery({ verb: 'GET', target: 'pods', subresource: 'shell' }, api)).toMatchObject({
      ok: true,
      request: { verb: 'GET', subresource: 'shell' },
      warnings: ["pods has no subresource 'shell' that kzt knows of", "verb 'GET' is not a known verb"],
    });
  });
});

describe('kzt rbac can', () => {
  it('merges the effective rules per scope, with provenance, implicit groups included', async () => {
    const r = await runCli(['rbac', 'can', 'sa:dev:ci', '-', '-o', 'json'], { stdin: FIXTURE });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.user).toEqual({
      name: 'system:serviceaccount:dev:ci',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'],
    });
    expect(json.scopes.map((s: { namespace: string }) => s.namespace)).toEqual(['*', 'dev']);
    const cluster = json.scopes[0].rules;
    // From the default bindings to system:authenticated and system:serviceaccounts.
    expect(cluster.map((x: { via: { binding: { name: string } }[] }) => x.via[0]!.binding.name)).toEqual([
      'system:basic-user',
      'system:basic-user',
      'system:discovery',
      'system:public-info-viewer',
      'system:service-account-issuer-discovery',
    ]);
    const secrets = json.scopes[1].rules.find(
      (x: { resources: string[]; verbs: string[] }) =>
        x.resources.includes('secrets') && x.verbs.includes('create'),
    );
    expect(secrets).toMatchObject({
      apiGroups: [''],
      verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
    });
    expect(secrets.via[0]).toMatchObject({
      binding: { kind: 'RoleBinding', name: 'ci-edit', namespace: 'dev' },
      subject: { kind: 'ServiceAccount', name: 'ci', namespace: 'dev' },
    });
  });

  it('a user gets system:authenticated; merging unions verbs of identical rules', async () => {
    const yaml = `${FIXTURE}---
${API}
kind: ClusterRole
metadata: {name: more}
rules: [{apiGroups: [""], resources: [secrets], verbs: [watch, get]}]
---
${API}
kind: ClusterRoleBinding
metadata: {name: more}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: more}
subjects: [{kind: Group, name: ops}]
`;
    const r = await runCli(
      ['rbac', 'can', 'user:alice', '--group', 'ops', '-', '-o', 'json', '--no-builtin-roles'],
      {
        stdin: yaml,
      },
    );
    const json = JSON.parse(r.stdout);
    expect(json.user.groups).toEqual(['system:authenticated', 'ops']);
    expect(
      json.scopes[0].rules.map((x: { verbs: string[]; resources: string[]; nonResourceURLs: string[] }) => [
        x.verbs.join(),
        [...x.resources, ...x.nonResourceURLs].join(),
      ]),
    ).toEqual([
      ['get,list,watch', 'secrets'],
      ['get', '/metrics'],
    ]);
  });

  it('lists what a RoleBinding cannot grant as ineffective', async () => {
    const yaml = `${API}
kind: ClusterRole
metadata: {name: mixed}
rules:
- {apiGroups: [""], resources: [nodes, pods, namespaces], verbs: [get]}
- {nonResourceURLs: [/metrics], verbs: [get]}
---
${API}
kind: RoleBinding
metadata: {name: rb, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: mixed}
subjects: [{kind: User, name: bob}]
`;
    const r = await runCli(['rbac', 'can', 'user:bob', '-', '--no-builtin-roles'], { stdin: yaml });
    expect(r.stdout).toContain('namespace dev:\n  get namespaces, pods in core');
    expect(r.stdout).toContain(
      'namespace dev: get nodes — cluster-scoped resources: a RoleBinding never grants them',
    );
    expect(r.stdout).toContain('namespace dev: get /metrics — a RoleBinding never grants nonResourceURLs');
  });

  it('rejects a malformed SUBJECT', async () => {
    const r = await runCli(['rbac', 'can', 'sa:onlyname', '-'], { stdin: FIXTURE });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kzt: can: sa:onlyname: a service account is written sa:NAMESPACE:NAME\n');
  });
});
