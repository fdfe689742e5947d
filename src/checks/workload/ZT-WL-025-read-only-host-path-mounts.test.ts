import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-025-read-only-host-path-mounts.js';

testCheck(check, {
  valid: [
    {
      name: 'read-only hostPath mounts; writable mounts of other volume types',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: agent}
spec:
  containers:
    - name: agent
      image: agent:1
      volumeMounts:
        - {name: logs, mountPath: /var/log, readOnly: true}
        - {name: tmp, mountPath: /tmp}
        - {name: missing, mountPath: /x}
  volumes:
    - {name: logs, hostPath: {path: /var/log}}
    - {name: tmp, emptyDir: {}}
`,
    },
    {
      name: 'an unmounted hostPath volume has no writable mount; wrong types never crash',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: odd}
spec:
  containers:
    - {name: a, image: x:1, volumeMounts: [5, {name: 7}, {mountPath: /y}]}
    - {name: b, image: x:1, volumeMounts: "x"}
  volumes:
    - {name: logs, hostPath: {path: /var/log}}
    - {hostPath: {path: /etc}}
    - 3
`,
    },
  ],
  invalid: [
    {
      name: 'readOnly absent, false, or not a boolean, in each container kind',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  initContainers:
    - name: setup
      image: agent:1
      volumeMounts:
        - {name: etc, mountPath: /host/etc}
  containers:
    - name: agent
      image: agent:1
      volumeMounts:
        - name: logs
          mountPath: /var/log
          readOnly: false
        - name: logs
          mountPath: /logs2
          readOnly: "true"
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      volumeMounts:
        - {name: nopath, mountPath: /n}
  volumes:
    - {name: etc, hostPath: {path: /etc}}
    - {name: logs, hostPath: {path: /var/log, type: Directory}}
    - {name: nopath, hostPath: {}}
`,
      findings: [
        {
          path: 'spec.initContainers[0].volumeMounts[0].readOnly',
          line: 10,
          message: 'Init container "setup" mounts hostPath volume "etc" (/etc) at /host/etc writable',
        },
        {
          path: 'spec.containers[0].volumeMounts[0].readOnly',
          line: 17,
          message: 'Container "agent" mounts hostPath volume "logs" (/var/log) at /var/log writable',
        },
        {
          path: 'spec.containers[0].volumeMounts[1].readOnly',
          line: 20,
          message: 'Container "agent" mounts hostPath volume "logs" (/var/log) at /logs2 writable',
        },
        {
          path: 'spec.ephemeralContainers[0].volumeMounts[0].readOnly',
          line: 25,
          message: 'Ephemeral container "debug" mounts hostPath volume "nopath" ((no path)) at /n writable',
        },
      ],
    },
  ],
});
