import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-027-rbac-broad-group-bindings.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';
const crb = (role: string, subjects: string) =>
  `${API}\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects: ${subjects}\n`;

testCheck(check, {
  valid: [
    {
      name: 'the default discovery bindings, written out',
      yaml: crb(
        'system:public-info-viewer',
        '[{kind: Group, name: "system:unauthenticated"}, {kind: Group, name: "system:authenticated"}]',
      ),
    },
    {
      name: 'a namespace service account group is not a cluster-wide group',
      yaml: crb('view', '[{kind: Group, name: "system:serviceaccounts:shop"}]'),
    },
    {
      name: 'kubeadm cluster-info for anonymous',
      yaml: `${API}\nkind: RoleBinding\nmetadata: {name: kubeadm:bootstrap-signer-clusterinfo, namespace: kube-public}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: kubeadm:bootstrap-signer-clusterinfo}\nsubjects: [{kind: User, name: "system:anonymous"}]\n`,
    },
  ],
  invalid: [
    {
      name: 'anonymous access is critical, even to a role that is not in the input',
      yaml: crb(
        'nothere',
        '[{kind: User, name: "system:anonymous"}, {kind: Group, name: "system:unauthenticated"}]',
      ),
      findings: [
        {
          path: 'subjects[0]',
          line: 5,
          message:
            'ClusterRoleBinding b gives User system:anonymous (every anonymous request) the ClusterRole nothere cluster-wide, which is not in the input (it takes effect as soon as it is created)',
        },
        {
          path: 'subjects[1]',
          message:
            /^ClusterRoleBinding b gives Group system:unauthenticated \(every anonymous \(unauthenticated\) request\)/,
        },
      ],
    },
    {
      name: 'every service account, through a RoleBinding',
      yaml: `${API}\nkind: RoleBinding\nmetadata: {name: sas, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects: [{kind: Group, name: "system:serviceaccounts"}]\n`,
      findings: [
        {
          message:
            /^RoleBinding shop\/sas gives Group system:serviceaccounts \(every service account in every namespace\) the ClusterRole edit in namespace shop, which grants get,list,watch pods\/attach/,
        },
      ],
    },
  ],
});
