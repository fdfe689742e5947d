/**
 * ZT-ID-030: permissions granted to a namespace's `default` service account, which every
 * pod without serviceAccountName runs as.
 */
import { defineCheck } from '../../engine/define-check.js';
import { rbacIndexOf, rbacObjects, riskFindingsBySubject } from '../../rbac/check-support.js';
import { subjectKey } from '../../rbac/subjects.js';

const FAIL = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: default-edit, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: ServiceAccount, name: default, namespace: shop}]
`;

const PASS = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web-view, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-030',
    slug: 'rbac-default-service-account-permissions',
    title: 'The default service account must hold no permissions',
    pillar: 'identity',
    severity: 'medium',
    description: `Every pod that does not name a service account runs as its namespace's \`default\` account, and gets its token unless automounting is off. Permissions bound to \`default\` are therefore given to every such pod — today's and tomorrow's, including a debugging pod somebody runs by hand — instead of to the one workload that needs them. Zero Trust gives each workload its own identity.

Reported: every binding that names \`default\` directly. Severity is raised to high when the grants include a risk of kzt's catalogue (Secrets, pod creation, exec, escalation...), which the message names.`,
    remediation: `Create a dedicated ServiceAccount for the workload that needs the permissions, bind it instead, and set \`serviceAccountName\` on that workload:

\`\`\`yaml
apiVersion: v1
kind: ServiceAccount
metadata: {name: shop-api, namespace: shop}
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
    ],
    frameworks: [
      { framework: 'cis', control: '5.1.5' },
      { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
      { framework: 'nist-800-207', control: 'tenet 3' },
    ],
    sources: [
      { tool: 'kubescape', id: 'C-0189', relation: 'inspired' },
      { tool: 'kube-linter', id: 'default-service-account', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    const index = rbacIndexOf(ctx);
    // The risk analysis the other checks share: a subject's findings are risksOf its risky grants.
    const risks = riskFindingsBySubject(ctx);
    for (const b of index.bindings) {
      if (!b.resource || !b.roleRef) continue;
      for (const s of b.subjects) {
        if (s.kind !== 'ServiceAccount' || s.name !== 'default' || s.namespace === 'kube-system') continue;
        const found =
          risks.get(subjectKey({ kind: 'ServiceAccount', name: 'default', namespace: s.namespace! })) ?? [];
        const mine = found.filter((f) => f.grants.some((g) => g.binding === b));
        const scope = b.kind === 'RoleBinding' ? `in namespace ${b.namespace}` : 'cluster-wide';
        ctx.report({
          resource: b.resource,
          path: ['subjects', s.index],
          key: `${s.namespace}`,
          ...(mine.length > 0 ? { severity: 'high' as const } : {}),
          message: `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} grants ${b.roleRef.kind} ${b.roleRef.name} ${scope} to the default ServiceAccount of namespace ${s.namespace}, so every pod there without serviceAccountName holds it${mine.length > 0 ? `; it can ${mine.map((f) => f.risk.can).join('; ')}` : ''}`,
        });
      }
    }
  },
});
