import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-NET-010-namespace-selector-matches.js';

const np = (peer: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {}
  ingress:
    - from: [${peer}]
`;
const TEAMS = `---
apiVersion: v1
kind: Namespace
metadata: {name: monitoring, labels: {team: sre}}
`;

testCheck(check, {
  valid: [
    {
      name: 'built-in namespace by its name label',
      yaml: np('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}'),
    },
    {
      name: 'a label of a Namespace object',
      yaml: `${np('{namespaceSelector: {matchLabels: {team: sre}}}')}${TEAMS}`,
    },
    { name: 'every namespace', yaml: np('{namespaceSelector: {}}') },
    {
      name: 'a namespace only mentioned by the policy itself',
      yaml: np('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}'),
    },
    {
      name: 'NotIn matches namespaces without the label',
      yaml: np('{namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [sre]}]}}'),
    },
  ],
  invalid: [
    {
      name: 'the "name" label nobody sets',
      yaml: np('{namespaceSelector: {matchLabels: {name: kube-system}}}'),
      findings: [
        {
          resource: 'NetworkPolicy/p',
          path: 'spec.ingress[0].from[0].namespaceSelector',
          line: 7,
          message:
            'namespace selector {name=kube-system} matches none of the 5 known namespaces (5 of them without a Namespace object in the input, whose labels other than kubernetes.io/metadata.name kzt cannot see): the peer matches nothing; the "name" label is not set by Kubernetes — did you mean kubernetes.io/metadata.name: kube-system?',
        },
      ],
    },
    {
      name: 'a label no Namespace object has, in an egress peer with a pod selector',
      yaml: `${TEAMS.slice(4)}---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {}
  egress:
    - to: [{podSelector: {}}, {namespaceSelector: {matchLabels: {team: payments}}, podSelector: {matchLabels: {app: db}}}]
`,
      findings: [
        {
          path: 'spec.egress[0].to[1].namespaceSelector',
          message:
            'namespace selector {team=payments} matches none of the 6 known namespaces (4 of them without a Namespace object in the input, whose labels other than kubernetes.io/metadata.name kzt cannot see): the peer matches nothing',
        },
      ],
    },
    {
      name: 'AdminNetworkPolicy subject and peer',
      yaml: `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 1
  subject: {namespaces: {matchLabels: {env: prod}}}
  egress: [{name: x, action: Deny, to: [{pods: {namespaceSelector: {matchLabels: {env: dev}}, podSelector: {}}}]}]
`,
      findings: [
        { path: 'spec.subject.namespaces', line: 6 },
        { path: 'spec.egress[0].to[0].pods.namespaceSelector', line: 7 },
      ],
    },
  ],
});
