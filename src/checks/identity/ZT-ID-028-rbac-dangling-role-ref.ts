/**
 * ZT-ID-028: bindings whose role does not exist (rbac.md §4 #36). They grant nothing now
 * and become live the moment a role of that name is created.
 */
import { defineCheck } from '../../engine/define-check.js';
import { rbacIndexOf, rbacObjects } from '../../rbac/check-support.js';
import { describeSubject } from '../../rbac/subjects.js';

const FAIL = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: legacy-ci, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ci-deployer}
subjects: [{kind: ServiceAccount, name: ci}]
`;

const PASS = `${FAIL}---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ci-deployer, namespace: shop}
rules: [{apiGroups: [apps], resources: [deployments], verbs: [get, patch]}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-028',
    slug: 'rbac-dangling-role-ref',
    title: 'Bindings must reference a role that exists',
    pillar: 'identity',
    severity: 'medium',
    description: `A RoleBinding or ClusterRoleBinding whose Role or ClusterRole does not exist grants nothing today — the authorizer skips it — but it is a loaded gun: the binding becomes live the moment anyone creates a role of that name, with whatever rules that role then has. A stale binding is also a sign that access reviews missed it. A RoleBinding to a Role looks the Role up in the binding's own namespace only.

kzt knows the Kubernetes default roles (\`admin\`, \`edit\`, \`view\`, \`cluster-admin\` and the \`system:\` roles listed in docs/rbac.md). A binding to another \`system:\` role that the input does not hold is reported with severity info: it is probably one of Kubernetes' own roles, which a cluster dump would include.`,
    remediation: `Delete the binding, or create the role it means (in the binding's namespace for a Role):

\`\`\`sh
kubectl delete rolebinding legacy-ci -n shop
\`\`\``,
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding',
    ],
    frameworks: [
      { framework: 'nist-800-207', control: 'tenet 3' },
      { framework: 'soc2', control: 'CC6.2' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: rbacObjects,
  run(ctx) {
    for (const d of rbacIndexOf(ctx).dangling) {
      const b = d.binding;
      if (!b.resource || !b.roleRef) continue;
      const who = b.subjects.map(describeSubject).slice(0, 3).join(', ') || 'no subject';
      const where = b.roleRef.kind === 'Role' ? ` in namespace ${b.namespace}` : '';
      ctx.report({
        resource: b.resource,
        path: ['roleRef', 'name'],
        ...(d.systemRole ? { severity: 'info' as const } : {}),
        message: d.systemRole
          ? `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} references ${b.roleRef.kind} ${b.roleRef.name}, a Kubernetes system role that is not in the input and that kzt does not model: include a cluster dump (kubectl get clusterroles -o yaml) to analyse what it grants`
          : `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} references ${b.roleRef.kind} ${b.roleRef.name}, which does not exist${where}: it grants nothing now, but creating a ${b.roleRef.kind} named ${b.roleRef.name}${where} gives its rules to ${who}${b.subjects.length > 3 ? ` and ${b.subjects.length - 3} more` : ''}`,
      });
    }
  },
});
