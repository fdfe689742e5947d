/**
 * ZT-ID-033: identities that are not cluster-admin but can become it in several steps,
 * each with its shortest path over the escalation graph (src/rbac/escalation.ts).
 */
import { defineCheck } from '../../engine/define-check.js';
import { escalationGraphOf, grantLocation, rbacObjects } from '../../rbac/check-support.js';
import { describeNode, nodeKey } from '../../rbac/escalation.js';
import { findPaths, formatPathInline } from '../../rbac/paths.js';

const FAIL = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: dev-edit, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: User, name: dev, apiGroup: rbac.authorization.k8s.io}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: operator, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: operator-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: operator, namespace: shop}]
`;

const PASS = FAIL.replace(
  'namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}',
  'namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}',
);

export default defineCheck({
  meta: {
    id: 'ZT-ID-033',
    slug: 'rbac-escalation-to-cluster-admin',
    title: 'No identity should be able to escalate to cluster-admin',
    pillar: 'identity',
    severity: 'high',
    description: `Permissions compose: a developer who can create pods in a namespace can run a pod as that namespace's operator account, whose ClusterRoleBinding makes it cluster-admin; a monitoring agent with \`get nodes/proxy\` can exec into a DaemonSet pod and take its token; a reader of Secrets finds a legacy token of a more powerful account. Each grant looks reasonable alone; the path is the problem.

kzt builds a graph of identities and capabilities whose edges are techniques — creating pods or workloads, exec/attach/ephemeral containers, TokenRequest, reading or creating token Secrets, impersonation, bind and escalate, nodes/proxy and hostPath PersistentVolumes (node access, then the tokens of DaemonSet pods), CSR approval, mutating webhooks, a privileged pod in a namespace that enforces no Pod Security level, and implicit group membership — and reports every identity with a path of two or more steps to cluster-admin, with the shortest path, each step's evidence and location. One-step cases (holding cluster-admin, \`bind\`, \`escalate\`, \`impersonate\` of system:masters, CSR approval) are reported by ZT-ID-020, ZT-ID-021 and ZT-ID-026. Kubernetes' own components are not starting points. \`kzt rbac paths\` shows the same paths for any identity and target.`,
    remediation: `Break the weakest link of the path, usually the powerful identity at its end: give operators a ClusterRole with what they use instead of cluster-admin, keep powerful service accounts out of namespaces where others create pods, enforce Pod Security \`restricted\`, and remove legacy token Secrets:

\`\`\`sh
kzt rbac paths --from user:dev manifests/
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
      { framework: 'nist-800-207', control: 'tenet 3' },
      { framework: 'soc2', control: 'CC6.3' },
    ],
    sources: [{ tool: 'rbac-police', id: 'rce_weak_ns', relation: 'inspired' }],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    const graph = escalationGraphOf(ctx);
    const target = 'Target:cluster-admin';
    // One search serves the paths and the first step of each (its evidence locates the finding).
    const towards = graph.towards(target);
    for (const p of findPaths(graph, { to: 'cluster-admin' }, towards)) {
      if (p.hops.length < 2 || p.hops[0]!.technique === 'member-of') continue;
      const first = towards.get(nodeKey(p.from));
      const at = first?.evidence.map(grantLocation).find((l) => l !== undefined);
      if (!at) continue;
      ctx.report({
        resource: at.resource,
        path: at.path,
        key: nodeKey(p.from),
        message: `${describeNode(p.from)} can become cluster-admin in ${p.hops.length} steps: ${formatPathInline(p)}`,
      });
    }
  },
});
