import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-NET-008-named-port-defined.js';

const PODS = `apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec: {containers: [{name: api, image: api:1.0, ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 5353, protocol: UDP}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: web:1.0}]}
`;
const np = (spec: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
${spec}`;

testCheck(check, {
  valid: [
    {
      name: 'ingress named port defined on the selected pod, with its protocol',
      yaml: `${PODS}${np('  podSelector: {matchLabels: {app: api}}\n  ingress: [{ports: [{port: http}, {port: dns, protocol: UDP}]}]\n')}`,
    },
    {
      name: 'egress named port defined on the destination, not the source',
      yaml: `${PODS}${np('  podSelector: {matchLabels: {app: web}}\n  egress: [{to: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: http}]}]\n')}`,
    },
    {
      name: 'destinations not in the input are not judged',
      yaml: `${PODS}${np('  podSelector: {matchLabels: {app: web}}\n  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}], ports: [{port: dns, protocol: UDP}]}]\n')}`,
    },
  ],
  invalid: [
    {
      name: 'a UDP port named without protocol: UDP (defaults to TCP)',
      yaml: `${PODS}${np('  podSelector: {matchLabels: {app: api}}\n  ingress: [{ports: [{port: dns}]}]\n')}`,
      findings: [
        {
          resource: 'NetworkPolicy/p',
          path: 'spec.ingress[0].ports[0].port',
          message:
            'NetworkPolicy shop/p ingress rule #1: no TCP container port named "dns" in the pods the policy selects (shop/api[Pod]); this port entry matches nothing',
        },
      ],
    },
    {
      name: 'egress named port resolved on the wrong side (only the source defines it)',
      yaml: `${PODS}${np('  podSelector: {matchLabels: {app: api}}\n  egress:\n    - to: [{podSelector: {matchLabels: {app: web}}}]\n      ports: [{port: 9000}, {port: http}]\n')}`,
      findings: [
        {
          path: 'spec.egress[0].ports[1].port',
          line: 18,
          message:
            'NetworkPolicy shop/p egress rule #1: no TCP container port named "http" in the destinations the rule selects (shop/web[Pod]); this port entry matches nothing',
        },
      ],
    },
    {
      name: 'AdminNetworkPolicy namedPort',
      yaml: `${PODS}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 1
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}}
  ingress: [{name: metrics, action: Allow, from: [{namespaces: {}}], ports: [{namedPort: metrics}]}]
`,
      findings: [
        {
          resource: 'AdminNetworkPolicy/a',
          path: 'spec.ingress[0].ports[0].namedPort',
          message:
            'AdminNetworkPolicy a ingress rule #1 "metrics": no container port named "metrics" in the pods the policy selects (shop/api[Pod]); this port entry matches nothing',
        },
      ],
    },
  ],
});
