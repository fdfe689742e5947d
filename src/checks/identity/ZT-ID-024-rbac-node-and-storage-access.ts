/**
 * ZT-ID-024: the 'node-storage' family of the RBAC risk catalogue (src/rbac/risks.ts), one
 * finding per subject and risk, on the binding that grants it.
 */
import { defineCheck } from '../../engine/define-check.js';
import { rbacObjects, reportRisks } from '../../rbac/check-support.js';

const FAIL = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: metrics}
rules: [{apiGroups: [""], resources: [nodes, nodes/proxy], verbs: [get, list, watch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: metrics}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: metrics}
subjects: [{kind: ServiceAccount, name: prometheus, namespace: monitoring}]
`;

const PASS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: metrics}
rules: [{apiGroups: [""], resources: [nodes, nodes/metrics], verbs: [get, list, watch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: metrics}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: metrics}
subjects: [{kind: ServiceAccount, name: prometheus, namespace: monitoring}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-024',
    slug: 'rbac-node-and-storage-access',
    title: 'RBAC must not grant kubelet proxy access, PersistentVolume creation or node changes',
    pillar: 'identity',
    severity: 'critical',
    description: `\`nodes/proxy\` reaches the kubelet API, which runs commands in every pod of the node and bypasses admission control and the API server's audit log. \`get\` is enough (the kubelet upgrades a GET to a WebSocket for \`/exec\`), so the many "read-only" monitoring roles with \`get nodes/proxy\` are affected. Creating PersistentVolumes lets a subject mount any host path into a pod, past Pod Security Admission. Modifying or deleting nodes (labels, taints, status) steers privileged pods onto a node the subject controls.

These are cluster-scoped: only ClusterRoleBindings grant them. Grants to Kubernetes' own components are expected and not reported.`,
    remediation: `Scrape kubelet metrics through \`nodes/metrics\` (and \`nodes/stats\`) instead of \`nodes/proxy\`; let a CSI provisioner, not people, create PersistentVolumes:

\`\`\`yaml
rules:
  - apiGroups: [""]
    resources: ["nodes/metrics", "nodes/stats"]
    verbs: ["get"]
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation',
    ],
    frameworks: [
      { framework: 'cis', control: '5.1.9' },
      { framework: 'cis', control: '5.1.10' },
      { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
      { framework: 'nist-800-207', control: 'tenet 3' },
    ],
    sources: [
      { tool: 'rbac-police', id: 'nodes_proxy', relation: 'inspired' },
      { tool: 'rbac-police', id: 'modify_node_status', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    reportRisks(ctx, 'node-storage');
  },
});
