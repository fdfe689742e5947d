import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-024-rbac-node-and-storage-access.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';
const grant = (rules: string, binding = 'ClusterRoleBinding') =>
  `${API}\nkind: ClusterRole\nmetadata: {name: r}\nrules: ${rules}\n---\n${API}\nkind: ${binding}\nmetadata: {name: b${binding === 'RoleBinding' ? ', namespace: team' : ''}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: [{kind: ServiceAccount, name: agent, namespace: mon}]\n`;

testCheck(check, {
  valid: [
    {
      name: 'nodes/metrics and nodes/stats',
      yaml: grant('[{apiGroups: [""], resources: [nodes/metrics, nodes/stats, nodes], verbs: [get, list]}]'),
    },
    {
      name: 'through a RoleBinding nodes/proxy is not granted (cluster-scoped)',
      yaml: grant(
        '[{apiGroups: [""], resources: [nodes/proxy, persistentvolumes], verbs: [get, create]}]',
        'RoleBinding',
      ),
    },
    {
      name: 'PersistentVolumeClaims are not PersistentVolumes',
      yaml: grant('[{apiGroups: [""], resources: [persistentvolumeclaims], verbs: [create]}]'),
    },
  ],
  invalid: [
    {
      name: 'get nodes/proxy (a "read-only" monitoring role)',
      yaml: grant('[{apiGroups: [""], resources: [nodes/proxy], verbs: [get]}]'),
      findings: [
        {
          path: 'subjects[0]',
          line: 10,
          message:
            'ServiceAccount mon/agent can reach the kubelet API through nodes/proxy cluster-wide, via ClusterRoleBinding b (test.yaml:6) → ClusterRole r rule 0 (get nodes/proxy in core). Why it matters: the kubelet API runs commands in every pod of every node and bypasses admission and audit; `get` is enough (WebSocket upgrade), so "read-only" monitoring roles are affected.',
        },
      ],
    },
    {
      name: 'PersistentVolume creation and node patching',
      yaml: grant('[{apiGroups: [""], resources: [persistentvolumes, nodes], verbs: [create, patch]}]'),
      findings: [
        { message: /^ServiceAccount mon\/agent can create PersistentVolumes cluster-wide/ },
        { message: /^ServiceAccount mon\/agent can modify or delete nodes/ },
      ],
    },
  ],
});
