import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-NET-002-namespace-default-deny-egress.js';

const WEB = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: web:1.0}]}
`;
const np = (spec: string, name = 'p') => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
${spec}`;
const NO_DENY =
  'namespace shop has no default-deny egress policy (a NetworkPolicy with podSelector: {} and policyTypes: [Egress] and no egress rules): a pod that no policy selects can connect to every pod and address';

testCheck(check, {
  valid: [
    {
      name: 'podSelector {} with policyTypes [Egress]',
      yaml: `${WEB}${np('  podSelector: {}\n  policyTypes: [Egress]\n')}`,
    },
    {
      name: 'policyTypes omitted but egress rules present: Egress is defaulted in',
      yaml: `${WEB}${np('  podSelector: {}\n  egress: [{ports: [{port: 53, protocol: UDP}]}]\n')}`,
    },
    {
      name: 'an allow-DNS rule to every destination is an allowance, not an allow-all',
      yaml: `${WEB}${np('  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}]\n')}`,
    },
    {
      name: 'AdminNetworkPolicy deny to every pod and 0.0.0.0/0',
      yaml: `${WEB}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-egress}
spec:
  priority: 50
  subject: {namespaces: {}}
  egress: [{name: all, action: Deny, to: [{namespaces: {}}, {networks: [0.0.0.0/0]}]}]
`,
    },
  ],
  invalid: [
    {
      name: 'the classic: podSelector {} without policyTypes and without egress rules isolates ingress only',
      yaml: `${WEB}${np('  podSelector: {}\n', 'default-deny')}`,
      findings: [
        {
          resource: 'NetworkPolicy/default-deny',
          path: 'spec',
          line: 9,
          message:
            'NetworkPolicy shop/default-deny selects every pod of namespace shop but does not isolate egress: without policyTypes the API server sets [Ingress] (Egress only when the policy has egress rules); a pod that no other policy selects can connect to every pod and address',
        },
      ],
    },
    {
      name: 'egress: [{}] allows everything',
      yaml: `${WEB}${np('  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{}]\n', 'open')}`,
      findings: [
        {
          resource: 'NetworkPolicy/open',
          path: 'spec.egress[0]',
          message:
            'NetworkPolicy shop/open isolates every pod of namespace shop for egress, but its egress rule #1 allows every destination on every port, so nothing is denied by default',
        },
      ],
    },
    {
      name: 'an ANP egress deny to every pod leaves the internet open',
      yaml: `${WEB}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-pods}
spec:
  priority: 50
  subject: {namespaces: {}}
  egress: [{name: pods, action: Deny, to: [{namespaces: {}}]}]
`,
      findings: [{ resource: 'Pod/web', path: 'metadata.namespace', message: NO_DENY }],
    },
  ],
});
