import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-029-rbac-binding-missing-service-account.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';
const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: shop}\n';
const rb = (subjects: string) =>
  `${API}\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: ${subjects}\n`;

testCheck(check, {
  valid: [
    {
      name: 'no ServiceAccount in the input: kzt cannot tell',
      yaml: rb('[{kind: ServiceAccount, name: worker}]'),
    },
    {
      name: 'the default account always exists',
      yaml: `${SA}---\n${rb('[{kind: ServiceAccount, name: default}]')}`,
    },
    {
      name: 'an account of a namespace the input does not show',
      yaml: `${SA}---\n${rb('[{kind: ServiceAccount, name: prometheus, namespace: monitoring}]')}`,
    },
    { name: 'users and groups are not checked', yaml: `${SA}---\n${rb('[{kind: User, name: worker}]')}` },
  ],
  invalid: [
    {
      name: 'a missing account, namespace defaulted from the RoleBinding',
      yaml: `${SA}---\n${rb('[{kind: ServiceAccount, name: web}, {kind: ServiceAccount, name: worker}]')}`,
      findings: [
        {
          path: 'subjects[1]',
          line: 9,
          message:
            'RoleBinding shop/b grants ClusterRole view to ServiceAccount shop/worker, which is not in the input: whoever can create a service account named worker in namespace shop gets these permissions',
        },
      ],
    },
    {
      name: 'an account in another namespace the input shows (its Namespace object)',
      yaml: `${SA}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n---\n${rb('[{kind: ServiceAccount, name: web, namespace: other}]')}`,
      findings: [{ message: /ServiceAccount other\/web, which is not in the input/ }],
    },
  ],
});
