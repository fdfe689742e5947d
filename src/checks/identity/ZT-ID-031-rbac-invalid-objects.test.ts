import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-031-rbac-invalid-objects.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';

testCheck(check, {
  valid: [
    {
      name: 'a valid role',
      yaml: `${API}\nkind: Role\nmetadata: {name: r, namespace: a}\nrules: [{apiGroups: [""], resources: [pods], verbs: [get]}]\n`,
    },
    {
      name: 'an aggregated role without rules of its own',
      yaml: `${API}\nkind: ClusterRole\nmetadata: {name: r}\naggregationRule: {clusterRoleSelectors: [{matchLabels: {x: "y"}}]}\n`,
    },
  ],
  invalid: [
    {
      name: 'a rule without verbs and a lone string',
      yaml: `${API}\nkind: Role\nmetadata: {name: r, namespace: a}\nrules:\n- apiGroups: [""]\n  resources: [pods]\n- apiGroups: [""]\n  resources: secrets\n  verbs: [get]\n`,
      findings: [
        { path: 'rules[0]', line: 5, message: 'Role a/r: rules[0] has no verbs: it grants nothing' },
        {
          path: 'rules[1].resources',
          line: 8,
          message: 'Role a/r: resources must be a list of strings, not a string; read as ["secrets"]',
        },
      ],
    },
    {
      name: 'a ClusterRoleBinding to a Role, a User "*"',
      yaml: `${API}\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects:\n- kind: User\n  name: "*"\n`,
      findings: [
        { path: 'roleRef.kind', line: 4, message: /a ClusterRoleBinding can only reference a ClusterRole/ },
        { path: 'subjects[0].name', line: 7, message: /User "\*" is not a wildcard/ },
      ],
    },
    {
      name: 'rules written under an aggregationRule are replaced (low)',
      yaml: `${API}\nkind: ClusterRole\nmetadata: {name: agg}\naggregationRule: {clusterRoleSelectors: [{matchLabels: {x: "y"}}]}\nrules: [{apiGroups: [""], resources: [pods], verbs: [get]}]\n`,
      findings: [
        {
          path: 'rules',
          message: /ClusterRole agg has an aggregationRule, so the controller replaces its rules/,
        },
      ],
    },
  ],
});
