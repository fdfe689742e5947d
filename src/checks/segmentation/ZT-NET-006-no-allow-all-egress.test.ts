import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-NET-006-no-allow-all-egress.js';

const WEB = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: web:1.0}]}
`;
const np = (spec: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
${spec}`;

testCheck(check, {
  valid: [
    { name: 'destinations listed', yaml: `${WEB}${np('  egress: [{to: [{podSelector: {}}]}]\n')}` },
    {
      name: 'every destination but only DNS',
      yaml: `${WEB}${np('  egress: [{ports: [{port: 53, protocol: UDP}]}]\n')}`,
    },
    {
      name: 'every pod but no address',
      yaml: `${WEB}${np('  egress: [{to: [{namespaceSelector: {}}]}]\n')}`,
    },
    { name: 'an allow-all that selects no pod', yaml: `${np('  egress: [{}]\n')}` },
    {
      name: 'an allow-all that an AdminNetworkPolicy overrides completely',
      yaml: `${WEB}${np('  egress: [{}]\n')}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny}
spec:
  priority: 1
  subject: {namespaces: {}}
  egress: [{name: all, action: Deny, to: [{namespaces: {}}, {networks: [0.0.0.0/0]}]}]
`,
    },
  ],
  invalid: [
    {
      name: 'egress: [{}]',
      yaml: `${WEB}${np('  egress: [{}]\n')}`,
      findings: [
        {
          resource: 'NetworkPolicy/web',
          path: 'spec.egress[0]',
          line: 12,
          message:
            'NetworkPolicy shop/web egress rule #1 allows every destination on every port to shop/web[Pod]',
        },
      ],
    },
    {
      name: 'every pod and 0.0.0.0/0, as a second rule',
      yaml: `${WEB}${np('  egress:\n    - to: [{podSelector: {}}]\n    - to: [{namespaceSelector: {}}, {ipBlock: {cidr: 0.0.0.0/0}}]\n')}`,
      findings: [
        {
          path: 'spec.egress[1]',
          line: 14,
          message:
            'NetworkPolicy shop/web egress rule #2 allows every destination on every port to shop/web[Pod]',
        },
      ],
    },
    {
      name: 'a BaselineAdminNetworkPolicy Allow of everything',
      yaml: `${WEB}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  egress: [{name: open, action: Allow, to: [{namespaces: {}}, {networks: [0.0.0.0/0]}]}]
`,
      findings: [
        {
          resource: 'BaselineAdminNetworkPolicy/default',
          path: 'spec.egress[0]',
          message:
            'BaselineAdminNetworkPolicy default egress rule #1 "open" allows every pod and address on every port to shop/web[Pod]',
        },
      ],
    },
  ],
});
