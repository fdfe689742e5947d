import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-005-no-host-ports.js';

testCheck(check, {
  valid: [
    {
      name: 'containerPort only, and hostPort 0',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n        - containerPort: 443\n          hostPort: 0\n',
    },
  ],
  invalid: [
    {
      name: 'host ports on a container and an init container',
      yaml: [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        'spec:',
        '  initContainers:',
        '    - name: setup',
        '      image: busybox:1.36',
        '      ports:',
        '        - containerPort: 9000',
        '          hostPort: 9000',
        '  containers:',
        '    - name: app',
        '      image: nginx:1.27',
        '      ports:',
        '        - containerPort: 80',
        '        - containerPort: 443',
        '          hostPort: 8443',
        '',
      ].join('\n'),
      findings: [
        {
          path: 'spec.initContainers[0].ports[0].hostPort',
          line: 11,
          message:
            'init container "setup" sets hostPort 9000 on ports[0]; remove hostPort (or set it to 0) and expose the port through a Service',
        },
        {
          path: 'spec.containers[0].ports[1].hostPort',
          line: 18,
          message: /sets hostPort 8443 on ports\[1\]/,
        },
      ],
    },
    {
      name: 'with hostNetwork the API server sets hostPort to containerPort',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: true\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n',
      findings: [
        {
          path: 'spec.containers[0].ports[0].hostPort',
          line: 11,
          message:
            'container "app" gets hostPort 80 on ports[0] because the pod uses hostNetwork (the API server sets hostPort to containerPort); remove hostNetwork and expose the port through a Service',
        },
      ],
    },
    {
      name: 'from v1.0, at baseline',
      options: { pss: { level: 'baseline', version: 'v1.0' } },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: v10\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 53\n          hostPort: 53\n',
      findings: [
        { path: 'spec.containers[0].ports[0].hostPort', line: 11, message: /sets hostPort 53 on ports\[0\]/ },
      ],
    },
  ],
});
