import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-003-no-added-capabilities.js';

const BASELINE = { pss: { level: 'baseline', version: 'latest' } } as const;

const addsSysAdmin = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          add:\n            - SYS_ADMIN\n            - NET_BIND_SERVICE\n            - NET_RAW\n`;

testCheck(check, {
  valid: [
    {
      name: 'capabilities of the default set are allowed at baseline',
      options: BASELINE,
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          add: [CHOWN, SETUID, SETGID, NET_BIND_SERVICE, KILL]\n',
    },
    {
      name: 'at restricted (v1.22+) capabilities_restricted replaces this check (ZT-WL-018 reports it)',
      yaml: addsSysAdmin('restricted'),
    },
    {
      name: 'capabilities.add of the wrong type is evaluated as absent',
      options: BASELINE,
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          add: ALL\n',
    },
  ],
  invalid: [
    {
      name: 'one finding per capability outside the default set',
      options: BASELINE,
      yaml: addsSysAdmin('baseline'),
      findings: [
        {
          path: 'spec.containers[0].securityContext.capabilities.add[0]',
          line: 12,
          message:
            'container "app" adds capability "SYS_ADMIN"; baseline allows adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT',
        },
        { path: 'spec.containers[0].securityContext.capabilities.add[2]', line: 14, message: /"NET_RAW"/ },
      ],
    },
    {
      name: 'at restricted v1.21, before capabilities_restricted exists',
      options: { pss: { level: 'restricted', version: 'v1.21' } },
      yaml: addsSysAdmin('restricted-121'),
      findings: [
        { path: 'spec.containers[0].securityContext.capabilities.add[0]' },
        { path: 'spec.containers[0].securityContext.capabilities.add[2]' },
      ],
    },
  ],
});
