import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-EDGE-004-restrict-load-balancer-sources.js';

const LB = (meta: string, spec = '') => `apiVersion: v1
kind: Service
metadata:
  name: lb
${meta}spec:
  type: LoadBalancer
${spec}  ports: [{port: 443}]
`;

testCheck(check, {
  valid: [
    { name: 'restricted by the field', yaml: LB('', '  loadBalancerSourceRanges: [203.0.113.0/24]\n') },
    {
      name: 'restricted by the annotation (with spaces)',
      yaml: LB(
        '  annotations:\n    service.beta.kubernetes.io/load-balancer-source-ranges: " 10.0.0.0/8 , 192.168.0.0/16 "\n',
      ),
    },
    {
      name: 'the field wins over an open annotation',
      yaml: LB(
        '  annotations:\n    service.beta.kubernetes.io/load-balancer-source-ranges: 0.0.0.0/0\n',
        '  loadBalancerSourceRanges: [10.0.0.0/8]\n',
      ),
    },
    {
      name: 'GKE internal',
      yaml: LB('  annotations:\n    networking.gke.io/load-balancer-type: Internal\n'),
    },
    {
      name: 'GCE legacy internal',
      yaml: LB('  annotations:\n    cloud.google.com/load-balancer-type: internal\n'),
    },
    {
      name: 'Azure internal',
      yaml: LB('  annotations:\n    service.beta.kubernetes.io/azure-load-balancer-internal: "true"\n'),
    },
    {
      name: 'AWS legacy internal with the old 0.0.0.0/0 value',
      yaml: LB('  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-internal: 0.0.0.0/0\n'),
    },
    {
      name: 'AWS Load Balancer Controller: scheme defaults to internal',
      yaml: LB('  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-type: external\n'),
    },
    {
      name: 'AWS Load Balancer Controller by loadBalancerClass',
      yaml: LB('', '  loadBalancerClass: service.k8s.aws/nlb\n'),
    },
    {
      name: 'other Service types',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: c}
spec: {type: ClusterIP, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: d}
spec: [1]
`,
    },
  ],
  invalid: [
    {
      name: 'nothing restricts it',
      yaml: LB(''),
      findings: [
        {
          path: 'spec.loadBalancerSourceRanges',
          line: 5,
          message:
            'LoadBalancer Service "lb" (443/TCP) accepts connections from any address: neither spec.loadBalancerSourceRanges nor the load-balancer-source-ranges annotation restricts it',
        },
      ],
    },
    {
      name: 'the field lists ::/0',
      yaml: LB('', '  loadBalancerSourceRanges: [10.0.0.0/8, "::/0"]\n'),
      findings: [
        {
          path: 'spec.loadBalancerSourceRanges',
          line: 7,
          message:
            'LoadBalancer Service "lb" (443/TCP) accepts connections from any address: spec.loadBalancerSourceRanges includes ::/0',
        },
      ],
    },
    {
      name: 'the annotation lists 0.0.0.0/0; an empty field does not override it',
      yaml: LB(
        '  annotations:\n    service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8,0.0.0.0/0"\n',
        '  loadBalancerSourceRanges: []\n',
      ),
      findings: [
        {
          path: 'metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]',
          line: 6,
          message:
            'LoadBalancer Service "lb" (443/TCP) accepts connections from any address: the load-balancer-source-ranges annotation includes 0.0.0.0/0',
        },
      ],
    },
    {
      name: 'AWS Load Balancer Controller with an internet-facing scheme',
      yaml: LB(
        '  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-type: external\n    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing\n',
      ),
      findings: [
        { path: 'spec.loadBalancerSourceRanges', line: 8, message: /accepts connections from any address/ },
      ],
    },
    {
      name: 'aws-load-balancer-internal: "false" is not internal',
      yaml: LB('  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-internal: "false"\n'),
      findings: [{ path: 'spec.loadBalancerSourceRanges', message: /neither spec.loadBalancerSourceRanges/ }],
    },
  ],
});
