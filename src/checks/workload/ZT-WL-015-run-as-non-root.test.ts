import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-015-run-as-non-root.js';

const userNamespace = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  hostUsers: false\n  containers:\n    - name: app\n      image: nginx:1.27\n`;

testCheck(check, {
  valid: [
    {
      name: 'set at pod level',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    },
    {
      name: 'set on every container',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n      securityContext: {runAsNonRoot: true}\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext: {runAsNonRoot: true}\n',
    },
    { name: 'pods in a user namespace are exempt from v1.35', yaml: userNamespace('userns-latest') },
    {
      name: 'a restricted-only control: nothing at baseline',
      options: { pss: { level: 'baseline', version: 'latest' } },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: baseline\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    },
  ],
  invalid: [
    {
      name: 'not set anywhere: each container must set it',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n    - name: sidecar\n      image: envoy:1.30\n      securityContext:\n        runAsNonRoot: true\n',
      findings: [
        {
          path: 'spec.containers[0].securityContext.runAsNonRoot',
          line: 7,
          message:
            'container "app" may run as root: set securityContext.runAsNonRoot=true on it, or on the pod (spec.securityContext.runAsNonRoot)',
        },
      ],
    },
    {
      name: 'explicit false on a container overrides the pod',
      yaml: [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        'spec:',
        '  securityContext:',
        '    runAsNonRoot: true',
        '  containers:',
        '    - name: app',
        '      image: nginx:1.27',
        '      securityContext:',
        '        runAsNonRoot: false',
        '',
      ].join('\n'),
      findings: [
        {
          path: 'spec.containers[0].securityContext.runAsNonRoot',
          line: 12,
          message: 'container "app" sets securityContext.runAsNonRoot=false; set it to true',
        },
      ],
    },
    {
      name: 'a user namespace does not exempt before v1.35',
      options: { pss: { level: 'restricted', version: 'v1.34' } },
      yaml: userNamespace('userns-134'),
      findings: [{ path: 'spec.containers[0].securityContext.runAsNonRoot', line: 8 }],
    },
  ],
});
