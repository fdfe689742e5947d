import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-EDGE-005-no-node-port-services.js';

testCheck(check, {
  valid: [
    {
      name: 'ClusterIP (also defaulted), LoadBalancer, ExternalName, headless',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: a}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: b}
spec: {type: LoadBalancer, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: c}
spec: {type: ExternalName, externalName: db.example.com}
---
apiVersion: v1
kind: Service
metadata: {name: d}
spec: {clusterIP: None, ports: [{port: 80}]}
`,
    },
  ],
  invalid: [
    {
      name: 'explicit and allocated node ports',
      yaml: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  ports:
    - {port: 80, nodePort: 30080}
    - {port: 53, protocol: UDP}
`,
      findings: [
        {
          path: 'spec.type',
          line: 6,
          message:
            'Service "web" is of type NodePort: 30080/TCP (port 80), an allocated port for 53/UDP open on every node\'s addresses',
        },
      ],
    },
    {
      name: 'no ports',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: empty}
spec: {type: NodePort, ports: "x"}
`,
      findings: [
        {
          path: 'spec.type',
          line: 4,
          message: `Service "empty" is of type NodePort: node ports open on every node's addresses`,
        },
      ],
    },
  ],
});
