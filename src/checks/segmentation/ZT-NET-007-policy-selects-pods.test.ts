import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-NET-007-policy-selects-pods.js';

const API = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: api}}
  template:
    metadata: {labels: {app.kubernetes.io/name: api, tier: back}}
    spec: {containers: [{name: api, image: api:1.0}]}
`;
const np = (selector: string, ns = 'shop') => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: ${ns}}
spec:
  podSelector: ${selector}
`;

testCheck(check, {
  valid: [
    { name: 'matches the template labels', yaml: `${API}${np('{matchLabels: {tier: back}}')}` },
    { name: 'podSelector {}', yaml: `${API}${np('{}')}` },
    {
      name: 'no workload of that namespace in the input',
      yaml: `${API}${np('{matchLabels: {app: x}}', 'other')}`,
    },
    {
      name: 'an AdminNetworkPolicy when the input has no workloads',
      yaml: `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec: {priority: 1, subject: {namespaces: {matchLabels: {x: y}}}}
`,
    },
  ],
  invalid: [
    {
      name: 'renamed label',
      yaml: `${API}${np('{matchLabels: {app: api}}')}`,
      findings: [
        {
          resource: 'NetworkPolicy/p',
          path: 'spec.podSelector',
          line: 14,
          message:
            'NetworkPolicy shop/p selects no pod: none of the 1 workload of namespace shop in the input has labels matching its podSelector',
        },
      ],
    },
    {
      name: 'only host-network pods',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: shop, labels: {app: agent}}
spec: {hostNetwork: true, containers: [{name: a, image: a:1.0}]}
${np('{matchLabels: {app: agent}}')}`,
      findings: [
        {
          message:
            'NetworkPolicy shop/p selects only host-network pods (shop/agent[Pod]), which NetworkPolicies do not govern',
        },
      ],
    },
    {
      name: 'an AdminNetworkPolicy subject matching no workload',
      yaml: `${API}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec: {priority: 1, subject: {namespaces: {matchLabels: {env: prod}}}}
`,
      findings: [
        {
          resource: 'AdminNetworkPolicy/a',
          path: 'spec.subject',
          message:
            'AdminNetworkPolicy a selects no pod: its subject matches none of the 1 workloads of the input',
        },
      ],
    },
  ],
});
