/**
 * ZT-ID-025: the 'secrets' family of the RBAC risk catalogue (src/rbac/risks.ts), one
 * finding per subject and risk, on the binding that grants it.
 */
import { defineCheck } from '../../engine/define-check.js';
import { rbacObjects, reportRisks } from '../../rbac/check-support.js';

const FAIL = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: backup}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects: [{kind: ServiceAccount, name: backup, namespace: ops}]
`;

const PASS = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: db-secret, namespace: shop}
rules: [{apiGroups: [""], resources: [secrets], resourceNames: [shop-db], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: shop-db, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: db-secret}
subjects: [{kind: ServiceAccount, name: shop}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-025',
    slug: 'rbac-secrets-and-tokens',
    title: 'RBAC should limit reading Secrets and requesting service account tokens',
    pillar: 'identity',
    severity: 'high',
    description: `Secrets hold credentials: database passwords, TLS keys and, in older clusters, non-expiring service account tokens that let the reader act as those accounts. \`list\` and \`watch\` return every Secret with its content; \`get\` alone still reads any Secret whose name is known or guessed. \`create\` on \`serviceaccounts/token\` (TokenRequest) issues a token for any service account in scope — the subject becomes that account. Cluster-wide, either is critical; in one namespace it exposes that namespace (kube-system is rated like cluster-wide).

A rule limited by \`resourceNames\` to named Secrets is not reported: it reads those Secrets only. The built-in \`edit\` and \`admin\` roles read Secrets and request tokens in their namespace. Grants to Kubernetes' own components are expected and not reported.`,
    remediation: `Grant Secret access by name, to the workload that uses it, in its namespace:

\`\`\`yaml
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["shop-db"]
    verbs: ["get"]
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets',
      'https://kubernetes.io/docs/concepts/configuration/secret/#least-privilege-secrets',
    ],
    frameworks: [
      { framework: 'cis', control: '5.1.2' },
      { framework: 'cis', control: '5.1.13' },
      { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
      { framework: 'nist-800-207', control: 'tenet 3' },
      { framework: 'soc2', control: 'CC6.1' },
      { framework: 'hipaa', control: '164.312(a)(1)' },
      { framework: 'gdpr', control: 'Art. 32(1)(b)' },
    ],
    sources: [
      { tool: 'rbac-police', id: 'list_secrets', relation: 'inspired' },
      { tool: 'rbac-police', id: 'token_request', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0015', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0186', relation: 'inspired' },
      { tool: 'kube-linter', id: 'access-to-secrets', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    reportRisks(ctx, 'secrets');
  },
});
