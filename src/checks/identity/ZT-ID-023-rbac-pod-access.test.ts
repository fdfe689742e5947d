import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-023-rbac-pod-access.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';
const grant = (rules: string) =>
  `${API}\nkind: ClusterRole\nmetadata: {name: r}\nrules: ${rules}\n---\n${API}\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: [{kind: User, name: ops}]\n`;

testCheck(check, {
  valid: [
    {
      name: 'pods/* is a literal, not every subresource',
      yaml: grant('[{apiGroups: [""], resources: ["pods/*"], verbs: [create, get]}]'),
    },
    {
      name: 'get pods does not include exec',
      yaml: grant('[{apiGroups: [""], resources: [pods, pods/log], verbs: [get, list]}]'),
    },
    {
      name: 'exec limited to one named pod',
      yaml: grant('[{apiGroups: [""], resources: [pods/exec], resourceNames: [debug], verbs: [create]}]'),
    },
  ],
  invalid: [
    {
      name: 'get on pods/exec is enough before 1.35',
      yaml: grant('[{apiGroups: [""], resources: [pods/exec], verbs: [get]}]'),
      findings: [
        {
          path: 'subjects[0]',
          line: 10,
          message:
            /^User ops can exec into pods \(pods\/exec\) cluster-wide, via ClusterRoleBinding b \(test.yaml:6\) → ClusterRole r rule 0 \(get pods\/exec in core\)\./,
        },
      ],
    },
    {
      name: '*/exec, attach, portforward and ephemeral containers',
      yaml: grant(
        '[{apiGroups: [""], resources: ["*/exec", pods/attach, pods/portforward, pods/ephemeralcontainers], verbs: [create, patch]}]',
      ),
      findings: [
        { message: /^User ops can exec into pods/ },
        { message: /^User ops can attach to pods/ },
        { message: /^User ops can port-forward to pods/ },
        { message: /^User ops can add ephemeral containers to pods/ },
      ],
    },
  ],
});
