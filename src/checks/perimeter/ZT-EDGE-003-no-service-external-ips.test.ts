import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-EDGE-003-no-service-external-ips.js';

testCheck(check, {
  valid: [
    {
      name: 'no externalIPs, an empty list, wrong types',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: a}
spec: {selector: {app: a}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: b}
spec: {externalIPs: []}
---
apiVersion: v1
kind: Service
metadata: {name: c}
spec: {externalIPs: "1.2.3.4"}
---
apiVersion: v1
kind: Service
metadata: {name: d}
spec: 5
`,
    },
  ],
  invalid: [
    {
      name: 'one address',
      yaml: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports: [{port: 80}]
  externalIPs:
    - 203.0.113.10
`,
      findings: [
        {
          path: 'spec.externalIPs',
          line: 7,
          message:
            'Service "web" sets externalIPs (203.0.113.10): kube-proxy on every node captures traffic to that address (CVE-2020-8554)',
        },
      ],
    },
    {
      name: 'several addresses, IPv6 included',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  externalIPs: [10.0.0.1, "2001:db8::1", 10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5, 7]
`,
      findings: [
        {
          path: 'spec.externalIPs',
          line: 5,
          message:
            'Service "web" sets externalIPs (10.0.0.1, 2001:db8::1, 10.0.0.2, 10.0.0.3, 10.0.0.4 and 1 more): kube-proxy on every node captures traffic to those addresses (CVE-2020-8554)',
        },
      ],
    },
  ],
});
