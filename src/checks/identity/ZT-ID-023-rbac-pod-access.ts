/**
 * ZT-ID-023: the 'pod-access' family of the RBAC risk catalogue (src/rbac/risks.ts), one
 * finding per subject and risk, on the binding that grants it.
 */
import { defineCheck } from '../../engine/define-check.js';
import { rbacObjects, reportRisks } from '../../rbac/check-support.js';

const FAIL = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: debug, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}]
`;

const PASS = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: debug, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-023',
    slug: 'rbac-pod-access',
    title: 'RBAC should limit exec, attach, port-forward and ephemeral containers',
    pillar: 'identity',
    severity: 'high',
    description: `\`pods/exec\` runs commands inside running containers — with their service account tokens and mounted Secrets; \`pods/attach\` does the same through a container's stdin; \`pods/portforward\` reaches any port of a pod and bypasses NetworkPolicies and ingress authentication; \`pods/ephemeralcontainers\` adds a container to a running pod. Before Kubernetes 1.35 the WebSocket forms of exec, attach and port-forward needed only \`get\` on the subresource, so \`get\` is treated like \`create\` here.

The built-in \`edit\` and \`admin\` roles include exec, attach and port-forward: binding them grants these. Grants to Kubernetes' own components are expected and not reported.`,
    remediation: `Keep interactive access for break-glass identities and namespaces where it is needed; give day-to-day users \`view\` plus \`pods/log\`:

\`\`\`yaml
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list", "watch"]
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
      { framework: 'nist-800-207', control: 'tenet 3' },
    ],
    sources: [
      { tool: 'rbac-police', id: 'pods_exec', relation: 'inspired' },
      { tool: 'rbac-police', id: 'pods_ephemeral_ctrs', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0002', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0063', relation: 'inspired' },
      { tool: 'polaris', id: 'clusterrolePodExecAttach', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    reportRisks(ctx, 'pod-access');
  },
});
