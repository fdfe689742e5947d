import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-021-rbac-privilege-escalation.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';
const grant = (rules: string, binding = 'ClusterRoleBinding', subject = '{kind: User, name: eve}') =>
  `${API}\nkind: ClusterRole\nmetadata: {name: r}\nrules: ${rules}\n---\n${API}\nkind: ${binding}\nmetadata: {name: b${binding === 'RoleBinding' ? ', namespace: team' : ''}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: [${subject}]\n`;

testCheck(check, {
  valid: [
    {
      name: 'bind without the right to create bindings',
      yaml: grant('[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}]'),
    },
    {
      name: 'reading RBAC',
      yaml: grant('[{apiGroups: [rbac.authorization.k8s.io], resources: ["*"], verbs: [get, list, watch]}]'),
    },
    {
      name: 'impersonate in the wrong API group grants nothing',
      yaml: grant('[{apiGroups: [apps], resources: [users], verbs: [impersonate]}]'),
    },
    {
      name: 'a node identity is expected',
      yaml: grant(
        '[{apiGroups: [""], resources: [users], verbs: [impersonate]}]',
        'ClusterRoleBinding',
        '{kind: Group, name: "system:nodes"}',
      ),
    },
    {
      name: 'users impersonation through a RoleBinding is not effective (cluster-scoped)',
      yaml: grant('[{apiGroups: [""], resources: [users, groups], verbs: [impersonate]}]', 'RoleBinding'),
    },
  ],
  invalid: [
    {
      name: 'bind limited to named roles is not "bind any role", but creating bindings is an RBAC write',
      yaml: grant(
        '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [view]}, {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}]',
      ),
      findings: [
        {
          message:
            /^User eve can create or modify roles or role bindings cluster-wide, via ClusterRoleBinding b \(test.yaml:6\) → ClusterRole r rule 1 \(create rolebindings in rbac.authorization.k8s.io\)\./,
        },
      ],
    },
    {
      name: 'escalate on clusterroles',
      yaml: grant(
        '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate, update]}]',
      ),
      findings: [
        {
          path: 'subjects[0]',
          line: 10,
          message:
            'User eve can escalate roles (create or update roles with permissions it does not hold) cluster-wide, via ClusterRoleBinding b (test.yaml:6) → ClusterRole r rule 0 (escalate,update clusterroles in rbac.authorization.k8s.io). Why it matters: escalate bypasses RBAC escalation prevention: the subject can write any rule into a role bound to it.',
        },
      ],
    },
    {
      name: 'bind any role plus create bindings (one finding, not also rbac-write)',
      yaml: grant(
        '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}, {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings, clusterrolebindings], verbs: [create]}]',
      ),
      findings: [
        {
          message:
            /^User eve can bind any role .* cluster-wide, via ClusterRoleBinding b \(test.yaml:6\) → ClusterRole r rule 0 \(bind clusterroles in rbac.authorization.k8s.io\); ClusterRoleBinding b \(test.yaml:6\) → ClusterRole r rule 1 \(create rolebindings,clusterrolebindings in rbac.authorization.k8s.io\)\./,
        },
      ],
    },
    {
      name: 'impersonate service accounts through a RoleBinding (the edit role has it)',
      yaml: `${API}\nkind: RoleBinding\nmetadata: {name: devs, namespace: team}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects: [{kind: Group, name: devs}]\n`,
      findings: [
        {
          message:
            /^Group devs can impersonate users, groups or service accounts in namespace team, via RoleBinding team\/devs \(test.yaml:1\) → ClusterRole edit rule 1 from system:aggregate-to-edit rule 1 \(impersonate serviceaccounts in core\)\./,
        },
      ],
    },
    {
      name: 'RBAC writes without bind or escalate',
      yaml: grant(
        '[{apiGroups: [rbac.authorization.k8s.io], resources: [roles, rolebindings], verbs: [create, update]}]',
        'RoleBinding',
      ),
      findings: [{ message: /^User eve can create or modify roles or role bindings in namespace team/ }],
    },
    {
      name: 'a verb wildcard on groups and roles: impersonate and escalate, not bind (no binding creation)',
      yaml: grant('[{apiGroups: ["", rbac.authorization.k8s.io], resources: [groups, roles], verbs: ["*"]}]'),
      findings: [{ message: /^User eve can escalate roles/ }, { message: /^User eve can impersonate/ }],
    },
    {
      name: 'bind on Roles in a namespace plus creating RoleBindings there',
      yaml: grant(
        '[{apiGroups: [rbac.authorization.k8s.io], resources: [roles, rolebindings], verbs: [bind, create]}]',
        'RoleBinding',
      ),
      findings: [{ message: /^User eve can bind any role .* in namespace team,/ }],
    },
  ],
});
