import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-014-no-privilege-escalation.js';

const windows = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  os:\n    name: windows\n  containers:\n    - name: app\n      image: nanoserver:ltsc2022\n`;
const unset = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n`;

testCheck(check, {
  valid: [
    {
      name: 'false on every container',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n      securityContext: {allowPrivilegeEscalation: false}\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext: {allowPrivilegeEscalation: false}\n',
    },
    { name: 'Windows pods are exempt from v1.25', yaml: windows('win-latest') },
    {
      name: 'the check does not exist before v1.8',
      options: { pss: { level: 'restricted', version: 'v1.7' } },
      yaml: unset('v17'),
    },
    {
      name: 'a restricted-only control: nothing at baseline',
      options: { pss: { level: 'baseline', version: 'latest' } },
      yaml: unset('baseline'),
    },
  ],
  invalid: [
    {
      name: 'unset on one container, true on an ephemeral one',
      yaml: [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        'spec:',
        '  containers:',
        '    - name: app',
        '      image: nginx:1.27',
        '  ephemeralContainers:',
        '    - name: debug',
        '      image: busybox:1.36',
        '      securityContext:',
        '        allowPrivilegeEscalation: true',
        '',
      ].join('\n'),
      findings: [
        {
          path: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
          line: 7,
          message:
            'container "app" must set securityContext.allowPrivilegeEscalation=false (unset allows setuid binaries to gain privileges)',
        },
        {
          path: 'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation',
          line: 13,
          message:
            'ephemeral container "debug" sets securityContext.allowPrivilegeEscalation=true; set it to false',
        },
      ],
    },
    {
      name: 'Windows pods are not exempt before v1.25',
      options: { pss: { level: 'restricted', version: 'v1.24' } },
      yaml: windows('win-124'),
      findings: [{ path: 'spec.containers[0].securityContext.allowPrivilegeEscalation', line: 9 }],
    },
  ],
});
