import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-026-rbac-cluster-control.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';
const grant = (rules: string, binding = 'ClusterRoleBinding') =>
  `${API}\nkind: ClusterRole\nmetadata: {name: r}\nrules: ${rules}\n---\n${API}\nkind: ${binding}\nmetadata: {name: b${binding === 'RoleBinding' ? ', namespace: team' : ''}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: [{kind: Group, name: platform}]\n`;

const CSR = (approve: string) =>
  `[{apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create]}, {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}, {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve]${approve}}]`;

testCheck(check, {
  valid: [
    {
      name: 'CSR approval limited to a named signer',
      yaml: grant(CSR(', resourceNames: [example.com/signer]')),
    },
    {
      name: 'CSR create and approval without approve on signers',
      yaml: grant(
        '[{apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests, certificatesigningrequests/approval], verbs: [create, update]}]',
      ),
    },
    {
      name: 'reading webhook configurations',
      yaml: grant(
        '[{apiGroups: [admissionregistration.k8s.io], resources: ["*"], verbs: [get, list, watch]}]',
      ),
    },
    {
      name: 'webhooks through a RoleBinding are not granted',
      yaml: grant(
        '[{apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [create]}]',
        'RoleBinding',
      ),
    },
  ],
  invalid: [
    {
      name: 'the three parts of CSR approval',
      yaml: grant(CSR('')),
      findings: [
        {
          path: 'subjects[0]',
          message:
            'Group platform can create and approve certificate signing requests for any signer cluster-wide, via ClusterRoleBinding b (test.yaml:6) → ClusterRole r rule 0 (create certificatesigningrequests in certificates.k8s.io); ClusterRoleBinding b (test.yaml:6) → ClusterRole r rule 1 (update certificatesigningrequests/approval in certificates.k8s.io) and 1 more grant(s). Why it matters: a kube-apiserver-client certificate for any identity, including group system:masters, is a permanent cluster-admin credential that RBAC cannot revoke.',
        },
      ],
    },
    {
      name: 'patch namespaces through a RoleBinding: its own namespace',
      yaml: grant('[{apiGroups: [""], resources: [namespaces], verbs: [patch]}]', 'RoleBinding'),
      findings: [
        { message: /^Group platform can modify namespace objects \(labels included\) in namespace team,/ },
      ],
    },
    {
      name: 'admission policies, CRDs and APIServices',
      yaml: grant(
        '[{apiGroups: [admissionregistration.k8s.io, apiextensions.k8s.io, apiregistration.k8s.io], resources: [validatingadmissionpolicybindings, customresourcedefinitions, apiservices], verbs: [create]}]',
      ),
      findings: [
        { message: /can create or modify admission policies/ },
        { message: /can create, modify or delete CustomResourceDefinitions/ },
        { message: /can create or modify APIServices/ },
      ],
    },
  ],
});
