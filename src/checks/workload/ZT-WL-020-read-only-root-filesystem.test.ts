import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-020-read-only-root-filesystem.js';

testCheck(check, {
  valid: [
    {
      name: 'every container, init container and ephemeral container is read-only',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - {name: init, image: busybox:1.36, securityContext: {readOnlyRootFilesystem: true}}
  containers:
    - {name: app, image: nginx:1.27, securityContext: {readOnlyRootFilesystem: true}}
  ephemeralContainers:
    - {name: debug, image: busybox:1.36, securityContext: {readOnlyRootFilesystem: true}}
`,
    },
    {
      // Not a single Pod: the tester re-wraps Pods with a YAML 1.2 parser, which reads yes as a string.
      name: 'YAML 1.1 yes is true',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            readOnlyRootFilesystem: yes
`,
    },
    {
      name: 'a Windows pod is out of scope (the field is forbidden there)',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: win}
spec:
  os: {name: windows}
  containers:
    - {name: app, image: mcr.microsoft.com/windows/servercore:ltsc2022}
`,
    },
    {
      name: 'a pod without containers, and containers of the wrong type, do not crash',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: odd}
spec:
  containers: "x"
  initContainers: [5, null, "y"]
`,
    },
    {
      name: 'kinds without pods are not evaluated',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {containers: x}
`,
    },
  ],
  invalid: [
    {
      name: 'missing, false and non-boolean values, in each container kind',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        readOnlyRootFilesystem: false
    - name: ok
      image: nginx:1.27
      securityContext:
        readOnlyRootFilesystem: true
    - name: str
      image: nginx:1.27
      securityContext:
        readOnlyRootFilesystem: "true"
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext: 7
`,
      findings: [
        {
          path: 'spec.initContainers[0].securityContext.readOnlyRootFilesystem',
          line: 7,
          message:
            'Init container "init" does not set securityContext.readOnlyRootFilesystem: true, so its root filesystem is writable',
        },
        {
          path: 'spec.containers[0].securityContext.readOnlyRootFilesystem',
          line: 13,
          message: 'Container "app" sets readOnlyRootFilesystem: false, so its root filesystem is writable',
        },
        {
          path: 'spec.containers[2].securityContext.readOnlyRootFilesystem',
          line: 21,
          message:
            'Container "str" does not set securityContext.readOnlyRootFilesystem: true, so its root filesystem is writable',
        },
        {
          path: 'spec.ephemeralContainers[0].securityContext.readOnlyRootFilesystem',
          line: 25,
          message:
            'Ephemeral container "debug" does not set securityContext.readOnlyRootFilesystem: true, so its root filesystem is writable',
        },
      ],
    },
    {
      name: 'a pod-level securityContext does not count (the field is container-only)',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    readOnlyRootFilesystem: true
  os: {name: linux}
  containers:
    - {name: app, image: nginx:1.27}
`,
      findings: [{ path: 'spec.containers[0].securityContext.readOnlyRootFilesystem', line: 9 }],
    },
    {
      name: 'an unnamed container is named by its position',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - image: nginx:1.27
`,
      findings: [{ message: /^Container "containers\[0\]" does not set/ }],
    },
  ],
});
