import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-011-no-windows-hostprocess.js';

testCheck(check, {
  valid: [
    {
      name: 'hostProcess false and windowsOptions without it',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: win\nspec:\n  securityContext:\n    windowsOptions:\n      hostProcess: false\n  containers:\n    - name: app\n      image: nanoserver:ltsc2022\n      securityContext:\n        windowsOptions:\n          runAsUserName: ContainerUser\n',
    },
  ],
  invalid: [
    {
      name: 'hostProcess on the pod and on a container',
      yaml: [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: win',
        'spec:',
        '  hostNetwork: true',
        '  securityContext:',
        '    windowsOptions:',
        '      hostProcess: true',
        '  containers:',
        '    - name: agent',
        '      image: nanoserver:ltsc2022',
        '      securityContext:',
        '        windowsOptions:',
        '          hostProcess: true',
        '',
      ].join('\n'),
      findings: [
        {
          path: 'spec.securityContext.windowsOptions.hostProcess',
          line: 9,
          message:
            'pod sets securityContext.windowsOptions.hostProcess=true, which runs it as a process on the Windows node; remove it or set it to false',
        },
        {
          path: 'spec.containers[0].securityContext.windowsOptions.hostProcess',
          line: 15,
          message: /^container "agent" sets securityContext.windowsOptions.hostProcess=true/,
        },
      ],
    },
    {
      name: 'from v1.0, at baseline',
      options: { pss: { level: 'baseline', version: 'v1.0' } },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: v10\nspec:\n  initContainers:\n    - name: setup\n      image: nanoserver:ltsc2022\n      securityContext:\n        windowsOptions: {hostProcess: true}\n  containers:\n    - name: app\n      image: nanoserver:ltsc2022\n',
      findings: [{ path: 'spec.initContainers[0].securityContext.windowsOptions.hostProcess', line: 10 }],
    },
  ],
});
