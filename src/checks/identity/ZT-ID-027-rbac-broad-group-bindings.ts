/**
 * ZT-ID-027: bindings that grant anonymous users, every authenticated identity or every
 * service account (rbac.md §4 #34).
 */
import { defineCheck } from '../../engine/define-check.js';
import type { Severity } from '../../engine/types.js';
import { rbacIndexOf, rbacObjects } from '../../rbac/check-support.js';
import { formatRule } from '../../rbac/rules.js';
import { GROUP, implicitGroupDescription } from '../../rbac/subjects.js';

/** Default bindings of exactly these roles to the broad groups are how Kubernetes works. */
const BASELINE_ROLES = new Set([
  'system:public-info-viewer',
  'system:discovery',
  'system:basic-user',
  'system:service-account-issuer-discovery',
  'kubeadm:bootstrap-signer-clusterinfo',
]);

const BROAD: Record<string, Severity> = {
  [GROUP.unauthenticated]: 'critical',
  [GROUP.authenticated]: 'high',
  [GROUP.serviceAccounts]: 'high',
};

const clip = (s: string) => (s.length > 90 ? `${s.slice(0, 87)}...` : s);

const FAIL = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: everyone-views}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: Group, name: "system:authenticated", apiGroup: rbac.authorization.k8s.io}]
`;

const PASS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: devs-view}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: Group, name: developers, apiGroup: rbac.authorization.k8s.io}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-027',
    slug: 'rbac-broad-group-bindings',
    title: 'RBAC must not grant anonymous users, all authenticated users or all service accounts',
    pillar: 'identity',
    severity: 'critical',
    description: `A binding to \`system:unauthenticated\` or to the user \`system:anonymous\` grants its role to anyone who can reach the API server, without credentials. A binding to \`system:authenticated\` grants it to every user **and every service account** — any compromised pod token — and \`system:serviceaccounts\` to every service account of every namespace (the GKE "system:authenticated" incidents were of this kind). Zero Trust grants access per verified identity, never per network reach.

Kubernetes' own default bindings of \`system:public-info-viewer\`, \`system:discovery\`, \`system:basic-user\` and \`system:service-account-issuer-discovery\` (and kubeadm's \`kubeadm:bootstrap-signer-clusterinfo\`) are expected and not reported. Every other binding of these groups is, whatever the role grants: severity critical for anonymous access, high for the others.`,
    remediation: `Bind the role to the users, groups or service accounts that need it:

\`\`\`yaml
subjects:
  - kind: Group
    name: developers
    apiGroup: rbac.authorization.k8s.io
\`\`\`

Also consider \`--anonymous-auth=false\` on the API server, or (1.32+) an AuthenticationConfiguration that allows anonymous requests only to the health endpoints.`,
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles',
      'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Authentication and authorization: disable anonymous access' },
      { framework: 'nist-800-207', control: 'tenet 6' },
      { framework: 'soc2', control: 'CC6.1' },
    ],
    sources: [
      { tool: 'kubescape', id: 'C-0262', relation: 'inspired' },
      { tool: 'kubesec', id: 'BindingsToSystemAnonymous', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    const index = rbacIndexOf(ctx);
    for (const b of index.bindings) {
      if (!b.resource || !b.roleRef || BASELINE_ROLES.has(b.roleRef.name)) continue;
      const role = index.roleOf(b);
      for (const s of b.subjects) {
        const anonymous = s.kind === 'User' && s.name === GROUP.anonymousUser;
        const severity = anonymous ? 'critical' : s.kind === 'Group' ? BROAD[s.name] : undefined;
        if (!severity) continue;
        const who = anonymous ? 'every anonymous request' : implicitGroupDescription(s.name)!;
        const grants = role
          ? role.rules.length === 0
            ? 'which grants nothing today'
            : `which grants ${clip(formatRule(role.rules[0]!))}${role.rules.length > 1 ? ` and ${role.rules.length - 1} more rule(s)` : ''}`
          : 'which is not in the input (it takes effect as soon as it is created)';
        const scope = b.kind === 'RoleBinding' ? ` in namespace ${b.namespace}` : ' cluster-wide';
        ctx.report({
          resource: b.resource,
          path: ['subjects', s.index],
          severity,
          key: `${s.kind}:${s.name}`,
          message: `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} gives ${s.kind} ${s.name} (${who}) the ${b.roleRef.kind} ${b.roleRef.name}${scope}, ${grants}`,
        });
      }
    }
  },
});
