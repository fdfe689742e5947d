import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-NET-005-no-ingress-from-any-namespace.js';

const ORDERS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: shop}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec: {containers: [{name: orders, image: orders:1.0, ports: [{name: grpc, containerPort: 9000}]}]}
`;
const np = (ingress: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: orders, namespace: shop}
spec:
  podSelector: {matchLabels: {app: orders}}
  ingress:
${ingress}`;
const msg = (rule: string, conn: string) =>
  `NetworkPolicy shop/orders ingress rule #${rule} lets a pod of any namespace, including namespaces created later, connect to shop/orders[Deployment] (${conn}), which is not behind an Ingress, Route, Gateway route, LoadBalancer or NodePort Service`;

testCheck(check, {
  valid: [
    {
      name: 'named namespace and pods',
      yaml: `${ORDERS}${np('    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}, podSelector: {matchLabels: {app: web}}}]\n')}`,
    },
    {
      name: 'every namespace but only pods with a given label',
      yaml: `${ORDERS}${np('    - from: [{namespaceSelector: {}, podSelector: {matchLabels: {role: monitoring}}}]\n')}`,
    },
    { name: 'pods of its own namespace', yaml: `${ORDERS}${np('    - from: [{podSelector: {}}]\n')}` },
    {
      name: 'a rule already reported as open to the internet (ZT-NET-004)',
      yaml: `${ORDERS}${np('    - {}\n')}`,
    },
    {
      name: 'edge-facing through a NodePort Service',
      yaml: `${ORDERS}${np('    - from: [{namespaceSelector: {}}]\n')}---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: shop}
spec: {type: NodePort, selector: {app: orders}, ports: [{port: 9000}]}
`,
    },
  ],
  invalid: [
    {
      name: 'namespaceSelector: {} on one port',
      yaml: `${ORDERS}${np('    - from: [{namespaceSelector: {}}]\n      ports: [{port: grpc}]\n')}`,
      findings: [
        {
          resource: 'NetworkPolicy/orders',
          path: 'spec.ingress[0]',
          line: 16,
          message: msg('1', 'TCP 9000'),
        },
      ],
    },
    {
      name: 'a NotIn selector still matches a namespace nobody labelled',
      yaml: `${ORDERS}${np('    - from: [{namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [untrusted]}]}}]\n      ports: [{port: 9000}, {port: 9090}]\n')}`,
      findings: [{ path: 'spec.ingress[0]', message: msg('1', 'TCP 9000,9090') }],
    },
    {
      name: 'an AdminNetworkPolicy Allow from every namespace',
      yaml: `${ORDERS}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: open}
spec:
  priority: 3
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}
  ingress: [{name: everyone, action: Allow, from: [{namespaces: {}}], ports: [{portNumber: {port: 9000}}]}]
`,
      findings: [
        {
          resource: 'AdminNetworkPolicy/open',
          path: 'spec.ingress[0]',
          message:
            'AdminNetworkPolicy open ingress rule #1 "everyone" lets a pod of any namespace, including namespaces created later, connect to shop/orders[Deployment] (TCP 9000), which is not behind an Ingress, Route, Gateway route, LoadBalancer or NodePort Service',
        },
      ],
    },
  ],
});
