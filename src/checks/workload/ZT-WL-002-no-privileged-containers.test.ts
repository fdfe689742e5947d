import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-002-no-privileged-containers.js';

testCheck(check, {
  valid: [
    {
      name: 'privileged false and unset',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: false\n    - name: sidecar\n      image: envoy:1.30\n',
    },
    {
      name: 'a securityContext of the wrong type is evaluated as absent',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext: 5\n',
    },
  ],
  invalid: [
    {
      name: 'init, regular and ephemeral containers are all checked',
      yaml: [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        'spec:',
        '  initContainers:',
        '    - name: setup',
        '      image: busybox:1.36',
        '      securityContext:',
        '        privileged: true',
        '  containers:',
        '    - name: app',
        '      image: nginx:1.27',
        '      securityContext: {privileged: true}',
        '  ephemeralContainers:',
        '    - name: debug',
        '      image: busybox:1.36',
        '      securityContext:',
        '        privileged: true',
        '',
      ].join('\n'),
      findings: [
        {
          path: 'spec.initContainers[0].securityContext.privileged',
          line: 10,
          message:
            'init container "setup" sets securityContext.privileged=true; remove it or set it to false',
        },
        {
          path: 'spec.containers[0].securityContext.privileged',
          line: 14,
          message: 'container "app" sets securityContext.privileged=true; remove it or set it to false',
        },
        {
          path: 'spec.ephemeralContainers[0].securityContext.privileged',
          line: 19,
          message: /^ephemeral container "debug" sets/,
        },
      ],
    },
    {
      name: 'at baseline v1.0',
      options: { pss: { level: 'baseline', version: 'v1.0' } },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n',
      findings: [{ path: 'spec.containers[0].securityContext.privileged', line: 10 }],
    },
  ],
});
