/**
 * ZT-ID-031: RBAC objects that the API server would reject, or parts the authorizer
 * ignores (rules without verbs, unknown subject kinds, roleRefs it cannot resolve...).
 */
import { defineCheck } from '../../engine/define-check.js';
import { rbacIndexOf, rbacObjects } from '../../rbac/check-support.js';

const FAIL = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: user, name: alice}]
`;

const PASS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-031',
    slug: 'rbac-invalid-objects',
    title: 'RBAC objects must be valid and mean what they say',
    pillar: 'identity',
    severity: 'medium',
    description: `RBAC fails silently: a subject of kind \`user\` (lower case) or \`Robot\` matches nobody; a rule without verbs, or with resources but no apiGroups, grants nothing; a ClusterRoleBinding cannot reference a Role; a namespaced Role cannot grant nonResourceURLs; \`User "*"\` is not a wildcard; rules written under a ClusterRole with an aggregationRule are overwritten by the aggregation controller. Some of these are rejected by the API server (so a GitOps sync fails), others are accepted and simply do nothing — either way the access the author intended is not the access the cluster has.

Each problem is reported at its line. kzt analyses the rest as the authorizer would: where the intent is unambiguous (a lone string where a list belongs), it keeps the grant so who-can answers err on the side of listing a subject.`,
    remediation: `Fix the field at the reported line, e.g. the subject kind and apiGroup:

\`\`\`yaml
subjects:
  - kind: User
    name: alice
    apiGroup: rbac.authorization.k8s.io
\`\`\``,
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects'],
    frameworks: [{ framework: 'soc2', control: 'CC6.2' }],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    for (const p of rbacIndexOf(ctx).problems) {
      ctx.report({
        resource: p.resource,
        path: p.path,
        key: p.code,
        ...(p.code === 'aggregated-rules-replaced' ? { severity: 'low' as const } : {}),
        message: `${p.resource.ref.kind} ${p.resource.ref.namespace ? `${p.resource.ref.namespace}/` : ''}${p.resource.ref.name}: ${p.message}`,
      });
    }
  },
});
