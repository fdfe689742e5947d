import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-NET-004-no-ingress-from-internet.js';

const ORDERS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: shop}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec: {containers: [{name: orders, image: orders:1.0, ports: [{name: grpc, containerPort: 9000}]}]}
`;
const np = (ingress: string, name = 'orders') => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
  podSelector: {matchLabels: {app: orders}}
  ingress:
${ingress}`;
const SUFFIX = 'which is not behind an Ingress, Route, Gateway route, LoadBalancer or NodePort Service';

testCheck(check, {
  valid: [
    {
      name: 'named callers',
      yaml: `${ORDERS}${np('    - from: [{podSelector: {matchLabels: {app: web}}}]\n')}`,
    },
    { name: 'a partner CIDR', yaml: `${ORDERS}${np('    - from: [{ipBlock: {cidr: 203.0.113.0/24}}]\n')}` },
    {
      name: 'private ranges only',
      yaml: `${ORDERS}${np('    - from: [{ipBlock: {cidr: 10.0.0.0/8}}, {ipBlock: {cidr: 192.168.0.0/16}}]\n')}`,
    },
    {
      name: 'edge-facing through a LoadBalancer Service',
      yaml: `${ORDERS}${np('    - {}\n')}---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: shop}
spec: {type: LoadBalancer, selector: {app: orders}, ports: [{port: 443, targetPort: 9000}]}
`,
    },
    {
      name: 'edge-facing through an Ingress',
      yaml: `${ORDERS}${np('    - {}\n')}---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: shop}
spec: {selector: {app: orders}, ports: [{name: grpc, port: 9000}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: orders, namespace: shop}
spec:
  rules: [{host: orders.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: orders, port: {number: 9000}}}}]}}]
`,
    },
    {
      name: 'edge-facing through a Gateway API HTTPRoute',
      yaml: `${ORDERS}${np('    - {}\n')}---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: shop}
spec: {selector: {app: orders}, ports: [{port: 9000}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: orders, namespace: shop}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  rules: [{backendRefs: [{name: orders, port: 9000}]}]
`,
    },
    { name: 'no policy at all: ZT-NET-003 reports it', yaml: ORDERS },
    {
      name: 'a broad block cut below half of the public space by except',
      yaml: `${ORDERS}${np('    - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [0.0.0.0/1]}}]\n')}`,
    },
  ],
  invalid: [
    {
      name: 'an AdminNetworkPolicy Deny of every namespace does not cover addresses',
      yaml: `${ORDERS}${np('    - {}\n')}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny}
spec:
  priority: 1
  subject: {namespaces: {}}
  ingress: [{name: all, action: Deny, from: [{namespaces: {}}]}]
`,
      findings: [
        {
          path: 'spec.ingress[0]',
          message: `NetworkPolicy shop/orders ingress rule #1 lets every public IPv4 address connect to shop/orders[Deployment] (All Connections), ${SUFFIX}`,
        },
      ],
    },
    {
      name: 'a rule without from',
      yaml: `${ORDERS}${np('    - ports: [{port: grpc}]\n')}`,
      findings: [
        {
          resource: 'NetworkPolicy/orders',
          path: 'spec.ingress[0]',
          line: 16,
          message: `NetworkPolicy shop/orders ingress rule #1 lets every public IPv4 address connect to shop/orders[Deployment] (TCP 9000), ${SUFFIX}`,
        },
      ],
    },
    {
      name: '0.0.0.0/0 except a private range, on two rules: reported on each',
      yaml: `${ORDERS}${np('    - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]\n      ports: [{port: 9000}]\n    - from: [{ipBlock: {cidr: 0.0.0.0/1}}, {ipBlock: {cidr: 128.0.0.0/1}}]\n      ports: [{port: 9001}]\n')}`,
      findings: [
        {
          path: 'spec.ingress[0]',
          message: `NetworkPolicy shop/orders ingress rule #1 lets every public IPv4 address connect to shop/orders[Deployment] (TCP 9000), ${SUFFIX}`,
        },
        {
          path: 'spec.ingress[1]',
          message: `NetworkPolicy shop/orders ingress rule #2 lets every public IPv4 address connect to shop/orders[Deployment] (TCP 9001), ${SUFFIX}`,
        },
      ],
    },
    {
      name: 'more than half of the public space counts, with the share',
      yaml: `${ORDERS}${np('    - from: [{ipBlock: {cidr: 0.0.0.0/1}}]\n')}`,
      findings: [
        {
          path: 'spec.ingress[0]',
          message: `NetworkPolicy shop/orders ingress rule #1 lets 56% of the public IPv4 addresses connect to shop/orders[Deployment] (All Connections), ${SUFFIX}`,
        },
      ],
    },
    {
      name: 'a ClusterIP Service does not make a workload edge-facing',
      yaml: `${ORDERS}${np('    - {}\n')}---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: shop}
spec: {selector: {app: orders}, ports: [{port: 9000}]}
`,
      findings: [
        {
          path: 'spec.ingress[0]',
          message: `NetworkPolicy shop/orders ingress rule #1 lets every public IPv4 address connect to shop/orders[Deployment] (All Connections), ${SUFFIX}`,
        },
      ],
    },
  ],
});
