import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-025-rbac-secrets-and-tokens.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';
const grant = (rules: string, binding = 'ClusterRoleBinding') =>
  `${API}\nkind: ClusterRole\nmetadata: {name: r}\nrules: ${rules}\n---\n${API}\nkind: ${binding}\nmetadata: {name: b${binding === 'RoleBinding' ? ', namespace: team' : ''}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: [{kind: ServiceAccount, name: app, namespace: team}]\n`;

testCheck(check, {
  valid: [
    {
      name: 'named Secrets only',
      yaml: grant(
        '[{apiGroups: [""], resources: [secrets], resourceNames: [db], verbs: [get, list, watch]}]',
      ),
    },
    {
      name: 'Secrets in another API group are not Secrets',
      yaml: grant('[{apiGroups: [example.com], resources: [secrets], verbs: [get]}]'),
    },
    {
      name: 'creating Secrets is not reading them',
      yaml: grant('[{apiGroups: [""], resources: [secrets], verbs: [create]}]'),
    },
    {
      name: 'reading service accounts is not requesting tokens',
      yaml: grant('[{apiGroups: [""], resources: [serviceaccounts], verbs: [get, create]}]'),
    },
  ],
  invalid: [
    {
      name: 'list secrets cluster-wide',
      yaml: grant('[{apiGroups: [""], resources: [secrets], verbs: [list]}]'),
      findings: [
        {
          path: 'subjects[0]',
          line: 10,
          message:
            'ServiceAccount team/app can read Secrets (get, list or watch secrets) cluster-wide, via ClusterRoleBinding b (test.yaml:6) → ClusterRole r rule 0 (list secrets in core). Why it matters: Secrets hold credentials, including legacy service account tokens that let the reader act as those accounts; `get` alone still reads any Secret whose name is known or guessed.',
        },
      ],
    },
    {
      name: 'get secrets and request tokens in one namespace',
      yaml: grant(
        '[{apiGroups: [""], resources: [secrets, serviceaccounts/token], verbs: [get, create]}]',
        'RoleBinding',
      ),
      findings: [
        { message: /^ServiceAccount team\/app can read Secrets .* in namespace team,/ },
        { message: /^ServiceAccount team\/app can request service account tokens .* in namespace team,/ },
      ],
    },
  ],
});
