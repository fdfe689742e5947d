/**
 * ZT-ID-029: bindings to service accounts that do not exist (rbac.md §4 #36). The grant
 * waits for whoever creates a service account of that name.
 */
import { defineCheck } from '../../engine/define-check.js';
import { rbacIndexOf, rbacObjects } from '../../rbac/check-support.js';
import { isExpectedGrant } from '../../rbac/risks.js';

const FAIL = `apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: old-worker, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: ServiceAccount, name: worker}]
`;

const PASS = `apiVersion: v1
kind: ServiceAccount
metadata: {name: worker, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: worker, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: ServiceAccount, name: worker}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-029',
    slug: 'rbac-binding-missing-service-account',
    title: 'Bindings must not name service accounts that do not exist',
    pillar: 'identity',
    severity: 'medium',
    description: `A binding to a ServiceAccount that does not exist is latent access: anyone allowed to create service accounts in that namespace (the built-in \`edit\` role can) creates one with that name and inherits everything the binding grants. It usually means the workload was removed and its RBAC was not.

kzt reports it only for namespaces whose accounts the input shows — it holds the Namespace object or at least one ServiceAccount of that namespace — since otherwise a missing account may simply be outside these manifests. The \`default\` account, which every namespace has, and Kubernetes' own kube-system accounts are never reported.`,
    remediation: `Remove the subject (or the binding), or add the ServiceAccount to the manifests if the workload still exists:

\`\`\`yaml
apiVersion: v1
kind: ServiceAccount
metadata: {name: worker, namespace: shop}
\`\`\``,
    references: ['https://kubernetes.io/docs/concepts/security/service-accounts/'],
    frameworks: [
      { framework: 'nist-800-207', control: 'tenet 3' },
      { framework: 'soc2', control: 'CC6.2' },
    ],
    sources: [{ tool: 'kube-linter', id: 'non-existent-service-account', relation: 'inspired' }],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    const inv = ctx.inventory;
    // Namespaces whose service accounts the input shows: it holds the Namespace object or
    // at least one ServiceAccount there. Elsewhere a missing account may just be outside the input.
    const known = new Set<string>();
    for (const sa of inv.ofKind('', 'ServiceAccount')) known.add(sa.ref.namespace ?? 'default');
    for (const ns of inv.namespaceObjects()) known.add(ns.ref.name);
    for (const b of rbacIndexOf(ctx).bindings) {
      if (!b.resource) continue;
      for (const s of b.subjects) {
        if (s.kind !== 'ServiceAccount' || s.name === 'default' || isExpectedGrant(b, s)) continue;
        if (!known.has(s.namespace!)) continue;
        if (inv.get('', 'ServiceAccount', s.namespace, s.name)) continue;
        const role = b.roleRef ? `${b.roleRef.kind} ${b.roleRef.name}` : 'its role';
        ctx.report({
          resource: b.resource,
          path: ['subjects', s.index],
          key: `${s.namespace}/${s.name}`,
          message: `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} grants ${role} to ServiceAccount ${s.namespace}/${s.name}, which is not in the input: whoever can create a service account named ${s.name} in namespace ${s.namespace} gets these permissions`,
        });
      }
    }
  },
});
