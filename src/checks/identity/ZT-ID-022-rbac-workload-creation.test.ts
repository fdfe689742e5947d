import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-022-rbac-workload-creation.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';
const grant = (rules: string, binding = 'ClusterRoleBinding', ns = 'team') =>
  `${API}\nkind: ClusterRole\nmetadata: {name: r}\nrules: ${rules}\n---\n${API}\nkind: ${binding}\nmetadata: {name: b${binding === 'RoleBinding' ? `, namespace: ${ns}` : ''}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: [{kind: User, name: dev}]\n`;

testCheck(check, {
  valid: [
    {
      name: 'read-only workloads',
      yaml: grant('[{apiGroups: ["", apps], resources: [pods, deployments], verbs: [get, list, watch]}]'),
    },
    {
      name: 'pods/status is not pods',
      yaml: grant('[{apiGroups: [""], resources: [pods/status], verbs: [update, patch]}]'),
    },
    {
      name: 'deployments in the core group do not exist',
      yaml: grant('[{apiGroups: [""], resources: [deployments], verbs: [create]}]'),
    },
    {
      name: 'a full wildcard is reported by ZT-ID-020, not again here',
      yaml: grant('[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]'),
    },
  ],
  invalid: [
    {
      name: 'create pods in one namespace (medium)',
      yaml: grant('[{apiGroups: [""], resources: [pods], verbs: [create]}]', 'RoleBinding'),
      findings: [
        {
          path: 'subjects[0]',
          message:
            'User dev can create pods in namespace team, via RoleBinding team/b (test.yaml:6) → ClusterRole r rule 0 (create pods in core). Why it matters: a pod can run as any service account of its namespace (and so take its token), mount its Secrets, and if admission allows, run privileged on a node.',
        },
      ],
    },
    {
      name: 'create pods in kube-system is rated like cluster-wide',
      yaml: grant('[{apiGroups: [""], resources: [pods], verbs: [create]}]', 'RoleBinding', 'kube-system'),
      findings: [{ message: /^User dev can create pods in namespace kube-system/ }],
    },
    {
      name: 'workload controllers cluster-wide, and pod patching',
      yaml: grant(
        '[{apiGroups: [batch], resources: [cronjobs], verbs: [create]}, {apiGroups: [""], resources: [pods], verbs: [patch]}]',
      ),
      findings: [
        {
          message:
            /^User dev can create or modify workload controllers .* cluster-wide, via ClusterRoleBinding b \(test.yaml:6\) → ClusterRole r rule 0 \(create cronjobs in batch\)\./,
        },
        { message: /^User dev can update or patch pods cluster-wide/ },
      ],
    },
  ],
});
