import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-027-no-shared-process-namespace.js';

testCheck(check, {
  valid: [
    {
      name: 'false, absent, a string, or a single container',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  shareProcessNamespace: false
  containers: [{name: a, image: x:1}, {name: b, image: x:1}]
---
apiVersion: v1
kind: Pod
metadata: {name: b}
spec:
  shareProcessNamespace: "true"
  containers: [{name: a, image: x:1}, {name: b, image: x:1}]
---
apiVersion: v1
kind: Pod
metadata: {name: c}
spec:
  shareProcessNamespace: true
  containers: [{name: only, image: x:1}]
`,
    },
  ],
  invalid: [
    {
      name: 'an application and its sidecar, with an init container',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  shareProcessNamespace: true
  initContainers:
    - {name: init, image: x:1}
  containers:
    - {name: api, image: x:1}
    - {name: istio-proxy, image: istio/proxyv2:1.24.0}
`,
      findings: [
        {
          path: 'spec.shareProcessNamespace',
          line: 6,
          message:
            'The pod shares one process namespace between containers "init", "api" and "istio-proxy": each can read the others\' environment, memory and files through /proc',
        },
      ],
    },
  ],
});
