/**
 * ZT-ID-022: the 'workload-creation' family of the RBAC risk catalogue (src/rbac/risks.ts), one
 * finding per subject and risk, on the binding that grants it.
 */
import { defineCheck } from '../../engine/define-check.js';
import { rbacObjects, reportRisks } from '../../rbac/check-support.js';

const FAIL = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: deployer}
rules: [{apiGroups: [apps], resources: [deployments], verbs: [get, list, create, update, patch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}
subjects: [{kind: ServiceAccount, name: ci, namespace: build}]
`;

const PASS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: scaler}
rules: [{apiGroups: [apps], resources: [deployments/scale], verbs: [get, update, patch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: autoscaler}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: scaler}
subjects: [{kind: ServiceAccount, name: scaler, namespace: ops}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-022',
    slug: 'rbac-workload-creation',
    title: 'RBAC should limit who can create pods and workloads',
    pillar: 'identity',
    severity: 'high',
    description: `Creating a pod, or a controller that creates pods (Deployment, DaemonSet, StatefulSet, ReplicaSet, Job, CronJob, ReplicationController), lets a subject run code as **any** service account of the namespace, mount its Secrets and ConfigMaps, and — where admission allows — run a privileged pod that escapes to the node. Patching a running pod's image does the same with that pod's identity. In kube-system, whose service accounts are cluster-admin-equivalent controllers, it is rated like a cluster-wide grant.

Deployers need these rights in their own namespaces; the finding tells where they reach so broad grants (cluster-wide, every namespace) can be narrowed. Grants to Kubernetes' own components are expected and not reported.`,
    remediation: `Grant workload creation only in the namespaces a deployer owns (a RoleBinding, not a ClusterRoleBinding), keep kube-system out of reach, and enforce Pod Security Admission \`restricted\` so a pod cannot escalate to its node:

\`\`\`yaml
kind: RoleBinding
metadata: {name: deployer, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
\`\`\``,
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation'],
    frameworks: [
      { framework: 'cis', control: '5.1.4' },
      { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
      { framework: 'nist-800-207', control: 'tenet 3' },
    ],
    sources: [
      { tool: 'rbac-police', id: 'assign_sa', relation: 'inspired' },
      { tool: 'rbac-police', id: 'modify_pods', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0188', relation: 'inspired' },
      { tool: 'kube-linter', id: 'access-to-create-pods', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    reportRisks(ctx, 'workload-creation');
  },
});
