/**
 * ZT-ID-021: the 'escalation' family of the RBAC risk catalogue (src/rbac/risks.ts), one
 * finding per subject and risk, on the binding that grants it.
 */
import { defineCheck } from '../../engine/define-check.js';
import { rbacObjects, reportRisks } from '../../rbac/check-support.js';

const FAIL = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: impersonator}
rules: [{apiGroups: [""], resources: [users, groups], verbs: [impersonate]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: support}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonator}
subjects: [{kind: Group, name: support, apiGroup: rbac.authorization.k8s.io}]
`;

const PASS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: delegate-view}
rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [view]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: support}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: delegate-view}
subjects: [{kind: Group, name: support, apiGroup: rbac.authorization.k8s.io}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-021',
    slug: 'rbac-privilege-escalation',
    title: 'RBAC must not grant escalate, bind, impersonate or RBAC write access',
    pillar: 'identity',
    severity: 'critical',
    description: `RBAC prevents privilege escalation by refusing to let a subject create a role, or bind one, with permissions it does not hold. Three verbs switch that protection off: \`escalate\` on roles/clusterroles (write any rule into a role), \`bind\` on roles/clusterroles together with creating bindings (bind \`cluster-admin\` to oneself), and \`impersonate\` on users, groups, service accounts, uids or user extras (act as anyone, including the group \`system:masters\`). Write access to roles and bindings without them still spreads the subject's own permissions and, through aggregation labels, injects rules into \`admin\`, \`edit\` and \`view\` (reported with a lower severity).

\`bind\` limited by \`resourceNames\` to specific roles is not reported here (the escalation paths check follows it to the roles it names). Grants to Kubernetes' own components are expected and not reported.`,
    remediation: `Remove \`escalate\`, \`bind\` and \`impersonate\` from roles of everyday identities; give RBAC management to a GitOps controller. When \`bind\` is needed, limit it to the roles that may be delegated:

\`\`\`yaml
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["clusterroles"]
    verbs: ["bind"]
    resourceNames: ["view"]
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
      'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation',
    ],
    frameworks: [
      { framework: 'cis', control: '5.1.8' },
      { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
      { framework: 'nist-800-207', control: 'tenet 6' },
      { framework: 'soc2', control: 'CC6.3' },
    ],
    sources: [
      { tool: 'rbac-police', id: 'escalate_roles', relation: 'inspired' },
      { tool: 'rbac-police', id: 'bind_roles', relation: 'inspired' },
      { tool: 'rbac-police', id: 'impersonate', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0065', relation: 'inspired' },
      { tool: 'rbac-tool', id: 'bind-or-escalate', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    reportRisks(ctx, 'escalation');
  },
});
