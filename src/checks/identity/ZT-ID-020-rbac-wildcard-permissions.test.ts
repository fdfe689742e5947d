import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-020-rbac-wildcard-permissions.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';
const role = (name: string, rules: string) =>
  `${API}\nkind: ClusterRole\nmetadata: {name: ${name}}\nrules: ${rules}\n`;
const crb = (name: string, roleName: string, subjects: string) =>
  `${API}\nkind: ClusterRoleBinding\nmetadata: {name: ${name}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${roleName}}\nsubjects: ${subjects}\n`;
const rb = (ns: string, name: string, roleName: string, subjects: string) =>
  `${API}\nkind: RoleBinding\nmetadata: {name: ${name}, namespace: ${ns}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${roleName}}\nsubjects: ${subjects}\n`;

testCheck(check, {
  valid: [
    {
      name: 'the default cluster-admin binding to system:masters is expected',
      yaml: crb('cluster-admin', 'cluster-admin', '[{kind: Group, name: "system:masters"}]'),
    },
    {
      name: 'a kube-system controller account of a bootstrap binding is expected',
      yaml: crb(
        'system:controller:namespace-controller',
        'cluster-admin',
        '[{kind: ServiceAccount, name: namespace-controller, namespace: kube-system}]',
      ),
    },
    {
      name: 'a resource wildcard in a CRD group is not a built-in wildcard',
      yaml: `${role('widgets', '[{apiGroups: [example.com], resources: ["*"], verbs: ["*"]}]')}---\n${crb('w', 'widgets', '[{kind: User, name: alice}]')}`,
    },
    {
      name: 'a wildcard limited by resourceNames',
      yaml: `${role('one', '[{apiGroups: [""], resources: ["*"], resourceNames: [x], verbs: [get]}]')}---\n${crb('w', 'one', '[{kind: User, name: alice}]')}`,
    },
    {
      name: 'a role nobody is bound to',
      yaml: role('all', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]'),
    },
  ],
  invalid: [
    {
      name: 'cluster-admin bound to a user, cluster-wide',
      yaml: crb('ops-admin', 'cluster-admin', '[{kind: User, name: alice}]'),
      findings: [
        {
          path: 'subjects[0]',
          line: 5,
          message:
            'User alice can do anything (* verbs on * resources in * API groups) cluster-wide, via ClusterRoleBinding ops-admin (test.yaml:1) → ClusterRole cluster-admin rule 0 (* * in *). Why it matters: this is cluster-admin: full control, including reading every Secret and running privileged pods on any node.',
        },
      ],
    },
    {
      name: 'cluster-admin through a RoleBinding: namespace admin (lower severity, one finding per subject)',
      yaml: rb(
        'shop',
        'owners',
        'cluster-admin',
        '[{kind: Group, name: shop-owners}, {kind: ServiceAccount, name: deployer}]',
      ),
      findings: [
        {
          path: 'subjects[0]',
          message:
            /^Group shop-owners can do anything .* in namespace shop, via RoleBinding shop\/owners \(test.yaml:1\) → ClusterRole cluster-admin rule 0 \(\* \* in \*\)\./,
        },
        { path: 'subjects[1]', message: /^ServiceAccount shop\/deployer can do anything/ },
      ],
    },
    {
      name: 'a resource wildcard in the core group (not full wildcard)',
      yaml: `${role('core-all', '[{apiGroups: [""], resources: ["*"], verbs: [get, list]}]')}---\n${crb('b', 'core-all', '[{kind: User, name: bob}]')}`,
      findings: [
        {
          path: 'subjects[0]',
          message:
            /^User bob can act on every resource of a built-in API group \(resources: \*\) cluster-wide, via ClusterRoleBinding b \(test.yaml:6\) → ClusterRole core-all rule 0 \(get,list \* in core\)\./,
        },
      ],
    },
    {
      name: 'the anonymous group counts like anyone else',
      yaml: crb('oops', 'cluster-admin', '[{kind: Group, name: "system:unauthenticated"}]'),
      findings: [{ message: /^Group system:unauthenticated can do anything/ }],
    },
    {
      name: 'a kube-system account of a non-bootstrap binding is reported',
      yaml: crb('cni', 'cluster-admin', '[{kind: ServiceAccount, name: cni, namespace: kube-system}]'),
      findings: [{ message: /^ServiceAccount kube-system\/cni can do anything/ }],
    },
  ],
});
