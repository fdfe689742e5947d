import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-030-rbac-default-service-account-permissions.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';

testCheck(check, {
  valid: [
    {
      name: 'a dedicated account',
      yaml: `${API}\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: api}]\n`,
    },
    {
      name: 'kube-system default accounts are Kubernetes business',
      yaml: `${API}\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: default, namespace: kube-system}]\n`,
    },
  ],
  invalid: [
    {
      name: 'view for default: medium',
      yaml: `${API}\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: default}]\n`,
      findings: [
        {
          path: 'subjects[0]',
          line: 5,
          message:
            'RoleBinding shop/b grants ClusterRole view in namespace shop to the default ServiceAccount of namespace shop, so every pod there without serviceAccountName holds it',
        },
      ],
    },
    {
      name: 'secrets for default cluster-wide: high, with the risk named',
      yaml: `${API}\nkind: ClusterRole\nmetadata: {name: r}\nrules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]\n---\n${API}\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: [{kind: ServiceAccount, name: default, namespace: shop}]\n`,
      findings: [
        {
          message:
            'ClusterRoleBinding b grants ClusterRole r cluster-wide to the default ServiceAccount of namespace shop, so every pod there without serviceAccountName holds it; it can read Secrets (get, list or watch secrets)',
        },
      ],
    },
  ],
});
