import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-033-rbac-escalation-to-cluster-admin.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';
const OPERATOR = `apiVersion: v1
kind: ServiceAccount
metadata: {name: operator, namespace: shop}
---
${API}
kind: ClusterRoleBinding
metadata: {name: operator-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: operator, namespace: shop}]
`;
const rb = (role: string, subject: string) =>
  `${API}\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects: [${subject}]\n`;

testCheck(check, {
  valid: [
    { name: 'direct cluster-admin is ZT-ID-020 business', yaml: OPERATOR },
    {
      name: 'view in the operator namespace',
      yaml: `${OPERATOR}---\n${rb('view', '{kind: User, name: dev}')}`,
    },
    {
      name: 'token requests limited to another account',
      yaml: `${OPERATOR}---\n${API}\nkind: Role\nmetadata: {name: tok, namespace: shop}\nrules: [{apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [web], verbs: [create]}]\n---\n${API}\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: tok}\nsubjects: [{kind: User, name: dev}]\n`,
    },
    {
      name: 'kube-system accounts are not starting points',
      yaml: `${OPERATOR}---\n${rb('edit', '{kind: ServiceAccount, name: helper, namespace: kube-system}')}`,
    },
  ],
  invalid: [
    {
      name: 'create pods next to a cluster-admin account',
      yaml: `${OPERATOR}---\n${rb('edit', '{kind: User, name: dev}')}`,
      findings: [
        {
          path: 'subjects[0]',
          line: 15,
          message:
            'User dev can become cluster-admin in 2 steps: 1) create pods in namespace shop: a pod running as shop/operator gets its token [RoleBinding shop/b (test.yaml:11) → ClusterRole edit rule 2] → ServiceAccount shop/operator; 2) it holds * on * cluster-wide [ClusterRoleBinding operator-admin (test.yaml:5) → ClusterRole cluster-admin rule 0] → cluster-admin (full control of the cluster)',
        },
      ],
    },
    {
      name: 'a group that can request the operator token: the group is reported, not each member',
      yaml: `${OPERATOR}---\n${API}\nkind: Role\nmetadata: {name: tok, namespace: shop}\nrules: [{apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}]\n---\n${API}\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: tok}\nsubjects: [{kind: Group, name: "system:serviceaccounts:shop"}, {kind: User, name: dev}]\n`,
      findings: [
        {
          path: 'subjects[0]',
          message:
            /^Group system:serviceaccounts:shop can become cluster-admin in 2 steps: 1\) request service account tokens \(TokenRequest\) in namespace shop: a token for shop\/operator \[/,
        },
        {
          path: 'subjects[1]',
          message:
            /^User dev can become cluster-admin in 2 steps: 1\) request service account tokens \(TokenRequest\) in namespace shop: a token for shop\/operator/,
        },
      ],
    },
  ],
});
