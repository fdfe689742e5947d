/**
 * ZT-ID-020: the 'wildcards' family of the RBAC risk catalogue (src/rbac/risks.ts), one
 * finding per subject and risk, on the binding that grants it.
 */
import { defineCheck } from '../../engine/define-check.js';
import { rbacObjects, reportRisks } from '../../rbac/check-support.js';

const FAIL = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
`;

const PASS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops-view}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-020',
    slug: 'rbac-wildcard-permissions',
    title: 'RBAC must not grant wildcard (cluster-admin equivalent) permissions',
    pillar: 'identity',
    severity: 'critical',
    description: `A subject holding \`*\` verbs on \`*\` resources in \`*\` API groups is cluster-admin: it reads every Secret, runs privileged pods on any node and rewrites RBAC. A resource wildcard in a built-in group (\`resources: ["*"]\` in \`""\`, \`apps\`, \`batch\` or \`rbac.authorization.k8s.io\`) is nearly as broad: it covers secrets, pods, every subresource such as \`pods/exec\`, and resources added by later Kubernetes versions. Zero Trust asks for least privilege per identity; wildcards make every grant as wide as the API.

kzt evaluates the grants exactly as the API server does (a RoleBinding to a ClusterRole grants only in its namespace, where it is reported with a lower severity; \`*\` in a CRD group is not a built-in wildcard). One finding per subject and risk names the binding, role and rule. Grants to Kubernetes' own components (\`system:\` users and groups, kube-system service accounts of bootstrap bindings) are expected and not reported; bindings to \`cluster-admin\` for anyone else are.`,
    remediation: `Replace wildcards with the verbs and resources the subject uses (\`kzt rbac generate --audit-log\` derives them from audit logs), and bind \`cluster-admin\` only to break-glass identities:

\`\`\`yaml
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch", "patch"]
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles',
    ],
    frameworks: [
      { framework: 'cis', control: '5.1.1' },
      { framework: 'cis', control: '5.1.3' },
      { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
      { framework: 'nist-800-207', control: 'tenet 3' },
      { framework: 'soc2', control: 'CC6.3' },
    ],
    sources: [
      { tool: 'rbac-police', id: 'cluster_admin', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0035', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0187', relation: 'inspired' },
      { tool: 'kube-linter', id: 'wildcard-in-rules', relation: 'inspired' },
      { tool: 'kube-linter', id: 'cluster-admin-role-binding', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    reportRisks(ctx, 'wildcards');
  },
});
