/**
 * The escalation graph, technique by technique: each case a tiny manifest, a starting
 * identity and the exact shortest path (techniques and nodes) to a target — or none.
 */
import { describe, expect, it } from 'vitest';
import { inventoryFromYaml } from '../src/input/load.js';
import { EscalationGraph, type GraphNode, nodeKey, type TargetName } from '../src/rbac/escalation.js';
import { buildRbacIndex } from '../src/rbac/index.js';
import { findPaths } from '../src/rbac/paths.js';
import { parseSubjectSpec } from '../src/rbac/subjects.js';
import { runCli } from './support/cli.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';

function grant(subject: string, rules: string, ns?: string): string {
  const name = `g${Math.abs(hash(subject + rules))}`;
  return `${API}
kind: ${ns ? 'Role' : 'ClusterRole'}
metadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}
rules: ${rules}
---
${API}
kind: ${ns ? 'RoleBinding' : 'ClusterRoleBinding'}
metadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${ns ? 'Role' : 'ClusterRole'}, name: ${name}}
subjects: [${subject}]
`;
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

const ADMIN_SA = (ns: string, name: string) => `apiVersion: v1
kind: ServiceAccount
metadata: {name: ${name}, namespace: ${ns}}
---
${grant(`{kind: ServiceAccount, name: ${name}, namespace: ${ns}}`, '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]')}`;

const PSA = (ns: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {pod-security.kubernetes.io/enforce: baseline}}\n`;

const pod = (ns: string, sa: string, kind = 'Pod') =>
  kind === 'Pod'
    ? `apiVersion: v1\nkind: Pod\nmetadata: {name: p-${sa}, namespace: ${ns}}\nspec: {serviceAccountName: ${sa}, containers: [{name: c, image: "c:1"}]}\n`
    : `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds-${sa}, namespace: ${ns}}\nspec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {serviceAccountName: ${sa}, containers: [{name: c, image: "c:1"}]}}}\n`;

function pathOf(yaml: string, from: string, to: TargetName | string = 'cluster-admin'): string | undefined {
  const { inventory } = inventoryFromYaml(yaml);
  const graph = new EscalationGraph(inventory, buildRbacIndex(inventory));
  const f = parseSubjectSpec(from);
  if (!f.ok) throw new Error(f.error);
  let target: Parameters<typeof findPaths>[1]['to'];
  if (['cluster-admin', 'all-secrets', 'node-access'].includes(to)) target = to as TargetName;
  else {
    const t = parseSubjectSpec(to);
    if (!t.ok) throw new Error(t.error);
    target = t.subject;
  }
  const [p] = findPaths(graph, { from: f.subject, to: target });
  if (!p) return undefined;
  const show = (n: GraphNode): string => {
    if (n.kind === 'Target') return n.name;
    if (n.kind === 'Hub') return nodeKey(n);
    return n.kind === 'ServiceAccount' ? `sa:${n.namespace}:${n.name}` : `${n.kind.toLowerCase()}:${n.name}`;
  };
  return p.hops.map((h) => `${h.technique}>${show(h.to)}`).join(' ');
}

const dev = '{kind: User, name: dev}';

describe('techniques', () => {
  it.each([
    [
      'holding * on * cluster-wide',
      grant(dev, '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]'),
      'holds>cluster-admin',
    ],
    [
      '* on * through a RoleBinding is not cluster-admin',
      `${PSA('a')}---\n${grant(dev, '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]', 'a')}`,
      undefined,
    ],
    [
      'create pods next to an admin account',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${grant(dev, '[{apiGroups: [""], resources: [pods], verbs: [create]}]', 'a')}`,
      'create-pod>sa:a:op holds>cluster-admin',
    ],
    [
      'create deployments next to an admin account',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${grant(dev, '[{apiGroups: [apps], resources: [deployments], verbs: [create]}]', 'a')}`,
      'create-pod>sa:a:op holds>cluster-admin',
    ],
    [
      'pods in another namespace do not help',
      `${PSA('a')}---\n${PSA('b')}---\n${ADMIN_SA('a', 'op')}---\n${grant(dev, '[{apiGroups: [""], resources: [pods], verbs: [create]}]', 'b')}`,
      undefined,
    ],
    [
      'exec into a running pod of the admin account',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${pod('a', 'op')}---\n${grant(dev, '[{apiGroups: [""], resources: [pods/exec], verbs: [get]}]', 'a')}`,
      'exec>sa:a:op holds>cluster-admin',
    ],
    [
      'exec where no pod of the account runs',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${grant(dev, '[{apiGroups: [""], resources: [pods/exec], verbs: [create]}]', 'a')}`,
      undefined,
    ],
    [
      'ephemeral containers',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${pod('a', 'op')}---\n${grant(dev, '[{apiGroups: [""], resources: [pods/ephemeralcontainers], verbs: [patch]}]', 'a')}`,
      'ephemeralcontainers>sa:a:op holds>cluster-admin',
    ],
    [
      'token request',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${grant(dev, '[{apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}]', 'a')}`,
      'token-request>sa:a:op holds>cluster-admin',
    ],
    [
      'token request for named accounts only',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${grant(dev, '[{apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [web], verbs: [create]}]', 'a')}`,
      undefined,
    ],
    [
      'read a legacy token Secret',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\napiVersion: v1\nkind: Secret\nmetadata: {name: op-token, namespace: a, annotations: {kubernetes.io/service-account.name: op}}\ntype: kubernetes.io/service-account-token\n---\n${grant(dev, '[{apiGroups: [""], resources: [secrets], verbs: [get]}]', 'a')}`,
      'read-token-secret>sa:a:op holds>cluster-admin',
    ],
    [
      'create a token Secret',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${grant(dev, '[{apiGroups: [""], resources: [secrets], verbs: [create]}]', 'a')}`,
      'create-token-secret>sa:a:op holds>cluster-admin',
    ],
    [
      'impersonate groups: system:masters',
      grant(dev, '[{apiGroups: [""], resources: [groups], verbs: [impersonate]}]'),
      'impersonate>cluster-admin',
    ],
    [
      'impersonate named groups other than system:masters',
      grant(dev, '[{apiGroups: [""], resources: [groups], resourceNames: [devs], verbs: [impersonate]}]'),
      undefined,
    ],
    [
      'impersonate a named user who is admin',
      `${grant('{kind: User, name: root}', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]')}---\n${grant(dev, '[{apiGroups: [""], resources: [users], resourceNames: [root], verbs: [impersonate]}]')}`,
      'impersonate>user:root holds>cluster-admin',
    ],
    [
      'impersonate service accounts in a namespace',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${grant(dev, '[{apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate]}]', 'a')}`,
      'impersonate>sa:a:op holds>cluster-admin',
    ],
    [
      'bind cluster-admin with a ClusterRoleBinding',
      grant(
        dev,
        '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [cluster-admin], verbs: [bind]}, {apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}]',
      ),
      'bind>cluster-admin',
    ],
    [
      'bind without creating bindings',
      grant(dev, '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}]'),
      undefined,
    ],
    [
      'escalate and update ClusterRoles',
      grant(
        dev,
        '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate, update]}]',
      ),
      'escalate>cluster-admin',
    ],
    [
      'escalate alone',
      grant(dev, '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}]'),
      undefined,
    ],
    [
      'CSR approval',
      grant(
        dev,
        '[{apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests, certificatesigningrequests/approval, signers], verbs: [create, update, approve]}]',
      ),
      'csr-approval>cluster-admin',
    ],
    [
      'mutating webhooks',
      grant(
        dev,
        '[{apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [create]}]',
      ),
      'mutating-webhook>cluster-admin',
    ],
    [
      'nodes/proxy to a DaemonSet token',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${pod('a', 'op', 'DaemonSet')}---\n${grant(dev, '[{apiGroups: [""], resources: [nodes/proxy], verbs: [get]}]')}`,
      'nodes-proxy>node-access node-pod-token>sa:a:op holds>cluster-admin',
    ],
    [
      'nodes/proxy does not reach a plain pod',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${pod('a', 'op')}---\n${grant(dev, '[{apiGroups: [""], resources: [nodes/proxy], verbs: [get]}]')}`,
      undefined,
    ],
    [
      'a privileged pod where no Pod Security level is enforced',
      `${ADMIN_SA('kube-system', 'op')}---\n${pod('kube-system', 'op', 'DaemonSet')}---\n${grant(dev, '[{apiGroups: [""], resources: [pods], verbs: [create]}]', 'open')}`,
      'privileged-pod>node-access node-pod-token>sa:kube-system:op holds>cluster-admin',
    ],
    [
      'membership: every service account of a namespace',
      `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${grant('{kind: Group, name: "system:serviceaccounts:a"}', '[{apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}]', 'a')}---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: a}\n`,
    ],
  ] as const)('%s', (_name, yaml, expected = undefined) => {
    if (_name.startsWith('membership')) {
      expect(pathOf(yaml, 'sa:a:web')).toBe(
        'member-of>group:system:serviceaccounts:a token-request>sa:a:op holds>cluster-admin',
      );
      return;
    }
    expect(pathOf(yaml, 'user:dev')).toBe(expected);
  });

  it('every Secret, and a target subject', () => {
    const yaml = `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${grant(dev, '[{apiGroups: [""], resources: [secrets], verbs: [list]}]')}`;
    expect(pathOf(yaml, 'user:dev', 'all-secrets')).toBe('list-secrets>all-secrets');
    expect(pathOf(yaml, 'user:dev', 'cluster-admin')).toBeUndefined();
    expect(
      pathOf(
        `${yaml}---\n${grant(dev, '[{apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}]', 'a')}`,
        'user:dev',
        'sa:a:op',
      ),
    ).toBe('token-request>sa:a:op');
  });
});

describe('kzt rbac paths', () => {
  const YAML = `${PSA('a')}---\n${ADMIN_SA('a', 'op')}---\n${grant(dev, '[{apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}]', 'a')}`;

  it('lists every identity that reaches cluster-admin, shortest first, with evidence', async () => {
    const r = await runCli(['rbac', 'paths', '-', '-o', 'json'], { stdin: YAML });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(
      json.paths.map((p: { from: { name: string }; hops: unknown[] }) => [p.from.name, p.hops.length]),
    ).toEqual([
      ['op', 1],
      ['dev', 2],
    ]);
    expect(json.paths[1].hops[0]).toMatchObject({
      technique: 'token-request',
      from: { kind: 'User', name: 'dev' },
      to: { kind: 'ServiceAccount', namespace: 'a', name: 'op' },
      evidence: [
        {
          binding: { kind: 'RoleBinding', namespace: 'a' },
          role: { kind: 'Role' },
          rule: 0,
          location: { file: '<stdin>' },
        },
      ],
    });
  });

  it('text and dot', async () => {
    const text = await runCli(['rbac', 'paths', '-', '--from', 'user:dev'], { stdin: YAML });
    expect(text.stdout).toContain(
      'User dev → cluster-admin (full control of the cluster) in 2 step(s):\n  1. User dev: request service account tokens (TokenRequest) in namespace a: a token for a/op [RoleBinding a/',
    );
    const dot = await runCli(['rbac', 'paths', '-', '-o', 'dot'], { stdin: YAML });
    expect(dot.stdout).toContain('"User:dev" -> "ServiceAccount:a:op" [label="token-request"];');
    expect(dot.stdout.startsWith('digraph escalation {')).toBe(true);
  });

  it('--from a workload starts from the identity its pods hold', async () => {
    const yaml = `${YAML}---\n${pod('a', 'op')}`;
    const r = await runCli(['rbac', 'paths', '-', '--from', 'workload:a/Pod/p-op', '-o', 'json'], {
      stdin: yaml,
    });
    expect(r.stderr).toContain('kzt: Pod a/p-op runs as ServiceAccount a/op (automount token)');
    expect(
      JSON.parse(r.stdout).paths.map((p: { from: { name: string }; to: { name: string } }) => [
        p.from.name,
        p.to.name,
      ]),
    ).toEqual([
      ['op', 'cluster-admin'],
      ['op', 'all-secrets'],
      ['op', 'node-access'],
    ]);
    const none = await runCli(['rbac', 'paths', '-', '--from', 'workload:a/Pod/missing'], { stdin: yaml });
    expect(none.code).toBe(2);
  });

  it('rejects a bad --to', async () => {
    const r = await runCli(['rbac', 'paths', '-', '--to', 'root'], { stdin: YAML });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--to expects cluster-admin, all-secrets, node-access or a SUBJECT');
  });
});
