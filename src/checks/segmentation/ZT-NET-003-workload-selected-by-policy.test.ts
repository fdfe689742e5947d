import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-NET-003-workload-selected-by-policy.js';

const API = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api:1.0}]}
`;
const np = (spec: string, name = 'p', ns = 'shop') => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;

testCheck(check, {
  valid: [
    {
      name: 'one policy isolating both directions',
      yaml: `${API}${np('  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress, Egress]\n')}`,
    },
    {
      name: 'namespace-wide ingress policy (defaulted types) and an egress policy with rules',
      yaml: `${API}${np('  podSelector: {}\n', 'a')}${np('  podSelector: {matchExpressions: [{key: app, operator: In, values: [api, web]}]}\n  egress: [{ports: [{port: 53, protocol: UDP}]}]\n', 'b')}`,
    },
    {
      name: 'an AdminNetworkPolicy with rules in both directions selects it',
      yaml: `${API}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 1
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}}
  ingress: [{name: i, action: Deny, from: [{namespaces: {}}]}]
  egress: [{name: e, action: Deny, to: [{namespaces: {}}]}]
`,
    },
    {
      name: 'host-network pods are left to ZT-WL-001',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: shop}
spec: {hostNetwork: true, containers: [{name: a, image: a:1.0}]}
`,
    },
  ],
  invalid: [
    {
      name: 'no policy',
      yaml: API,
      findings: [
        {
          resource: 'Deployment/api',
          path: 'metadata.name',
          line: 3,
          message:
            'shop/api[Deployment] is selected by no policy for ingress or egress: it accepts connections from, and connects to, every pod and address',
        },
      ],
    },
    {
      name: 'policyTypes omitted, no egress rules: ingress only',
      yaml: `${API}${np('  podSelector: {matchLabels: {app: api}}\n')}`,
      findings: [
        {
          resource: 'Deployment/api',
          message:
            'shop/api[Deployment] is selected by no policy for egress: it can connect to every pod and address',
        },
      ],
    },
    {
      name: 'a policy in another namespace or selecting other labels does not count',
      yaml: `${API}${np('  podSelector: {}\n  policyTypes: [Egress]\n', 'other-ns', 'payments')}${np('  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n', 'web')}`,
      findings: [
        {
          resource: 'Deployment/api',
          message:
            'shop/api[Deployment] is selected by no policy for ingress or egress: it accepts connections from, and connects to, every pod and address',
        },
      ],
    },
    {
      name: 'an AdminNetworkPolicy with only ingress rules covers ingress only; every Pod is reported',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: shop, labels: {app: a}}
spec: {containers: [{name: a, image: a:1.0}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: shop, labels: {app: b}}
spec: {containers: [{name: b, image: b:1.0}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 1
  subject: {namespaces: {}}
  ingress: [{name: i, action: Allow, from: [{namespaces: {}}]}]
`,
      findings: [
        {
          resource: 'Pod/a',
          line: 3,
          message: 'shop/a[Pod] is selected by no policy for egress: it can connect to every pod and address',
        },
        {
          resource: 'Pod/b',
          line: 8,
          message: 'shop/b[Pod] is selected by no policy for egress: it can connect to every pod and address',
        },
      ],
    },
  ],
});
