import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-012-no-probe-or-lifecycle-host.js';

const probes = (name: string) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  containers:',
    '    - name: app',
    '      image: nginx:1.27',
    '      livenessProbe:',
    '        httpGet:',
    '          host: 169.254.169.254',
    '          port: 80',
    '      lifecycle:',
    '        preStop:',
    '          tcpSocket:',
    '            host: db.internal',
    '            port: 5432',
    '      readinessProbe:',
    '        tcpSocket:',
    '          host: ""',
    '          port: 80',
    '',
  ].join('\n');

testCheck(check, {
  valid: [
    {
      name: 'the check does not exist before v1.34',
      options: { pss: { level: 'baseline', version: 'v1.33' } },
      yaml: probes('v133'),
    },
    {
      name: 'probes without host',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      startupProbe:\n        httpGet:\n          path: /ready\n          port: 80\n',
    },
  ],
  invalid: [
    {
      name: 'hosts in a probe and a lifecycle hook (an empty host is fine)',
      yaml: probes('latest'),
      findings: [
        {
          path: 'spec.containers[0].livenessProbe.httpGet.host',
          line: 11,
          message:
            'container "app" sets livenessProbe.httpGet.host="169.254.169.254"; remove host so the kubelet connects to the pod\'s own IP',
        },
        {
          path: 'spec.containers[0].lifecycle.preStop.tcpSocket.host',
          line: 16,
          message: /^container "app" sets lifecycle.preStop.tcpSocket.host="db.internal"/,
        },
      ],
    },
  ],
});
