/**
 * ZT-ID-026: the 'cluster-control' family of the RBAC risk catalogue (src/rbac/risks.ts), one
 * finding per subject and risk, on the binding that grants it.
 */
import { defineCheck } from '../../engine/define-check.js';
import { rbacObjects, reportRisks } from '../../rbac/check-support.js';

const FAIL = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: webhook-admin}
rules: [{apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [get, list, create, update, patch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: platform}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: webhook-admin}
subjects: [{kind: Group, name: platform-team, apiGroup: rbac.authorization.k8s.io}]
`;

const PASS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: webhook-reader}
rules: [{apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [get, list, watch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: platform}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: webhook-reader}
subjects: [{kind: Group, name: platform-team, apiGroup: rbac.authorization.k8s.io}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-026',
    slug: 'rbac-cluster-control',
    title: 'RBAC must not grant control of admission, certificates, CRDs, API services or namespaces',
    pillar: 'identity',
    severity: 'critical',
    description: `Some permissions control the cluster's guardrails rather than workloads:

- approving certificate signing requests (\`create\` CSRs, \`update\` \`certificatesigningrequests/approval\`, \`approve\` on \`signers\`) issues a client certificate for any identity, including group \`system:masters\` — a credential RBAC cannot revoke;
- admission webhook configurations receive every object they match (Secrets included) and can mutate pods; deleting or failing one open disables policy;
- ValidatingAdmissionPolicies, MutatingAdmissionPolicies and their bindings are guardrails whoever edits them can switch off;
- CustomResourceDefinitions and APIServices add or reroute whole APIs;
- modifying a namespace object relabels it: a lower Pod Security Admission level, a match for other NetworkPolicies' namespaceSelectors. A RoleBinding is enough for its own namespace, because a request on namespace N carries namespace N.

Grants to Kubernetes' own components are expected and not reported.`,
    remediation: `Leave these rights to cluster administrators and the controllers that need them (cert-manager's approver, the policy engine's own service account). For signers, limit approval with \`resourceNames\` to the signers a controller serves:

\`\`\`yaml
rules:
  - apiGroups: ["certificates.k8s.io"]
    resources: ["signers"]
    resourceNames: ["example.com/my-signer"]
    verbs: ["approve"]
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#csrs-and-certificate-issuing',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#namespace-modification',
    ],
    frameworks: [
      { framework: 'cis', control: '5.1.11' },
      { framework: 'cis', control: '5.1.12' },
      { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
      { framework: 'nist-800-207', control: 'tenet 6' },
    ],
    sources: [
      { tool: 'rbac-police', id: 'approve_csrs', relation: 'inspired' },
      { tool: 'rbac-police', id: 'control_webhooks', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0039', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0036', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    reportRisks(ctx, 'cluster-control');
  },
});
