import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-028-rbac-dangling-role-ref.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';

testCheck(check, {
  valid: [
    {
      name: 'a builtin role kzt knows',
      yaml: `${API}\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: User, name: a}]\n`,
    },
    {
      name: 'a binding without roleRef is an invalid object (ZT-ID-031), not a dangling one',
      yaml: `${API}\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\nsubjects: [{kind: User, name: a}]\n`,
    },
  ],
  invalid: [
    {
      name: 'a ClusterRoleBinding to a missing ClusterRole',
      yaml: `${API}\nkind: ClusterRoleBinding\nmetadata: {name: old}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: gone}\nsubjects: [{kind: Group, name: ops}, {kind: User, name: a}]\n`,
      findings: [
        {
          path: 'roleRef.name',
          line: 4,
          message:
            'ClusterRoleBinding old references ClusterRole gone, which does not exist: it grants nothing now, but creating a ClusterRole named gone gives its rules to Group ops, User a',
        },
      ],
    },
    {
      name: 'a RoleBinding to a Role of another namespace',
      yaml: `${API}\nkind: Role\nmetadata: {name: r, namespace: other}\nrules: []\n---\n${API}\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects: [{kind: User, name: a}]\n`,
      findings: [
        { message: /^RoleBinding shop\/b references Role r, which does not exist in namespace shop/ },
      ],
    },
    {
      name: 'a system role kzt does not model (info)',
      yaml: `${API}\nkind: ClusterRoleBinding\nmetadata: {name: sched}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:kube-scheduler"}\nsubjects: [{kind: ServiceAccount, name: my-scheduler, namespace: kube-system}]\n`,
      findings: [
        { message: /a Kubernetes system role that is not in the input and that kzt does not model/ },
      ],
    },
  ],
});
