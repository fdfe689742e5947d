import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-019-default-proc-mount-restricted.js';

const unmasked = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  hostUsers: false\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n      securityContext:\n        procMount: Unmasked\n  containers:\n    - name: app\n      image: nginx:1.27\n`;

testCheck(check, {
  valid: [
    {
      name: 'Default procMount in a user namespace',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostUsers: false\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        procMount: Default\n',
    },
    {
      name: 'the check does not exist before v1.35 (procMount, ZT-WL-008, runs there)',
      options: { pss: { level: 'restricted', version: 'v1.34' } },
      yaml: unmasked('v134'),
    },
    {
      name: 'a restricted-only control: nothing at baseline',
      options: { pss: { level: 'baseline', version: 'latest' } },
      yaml: unmasked('baseline'),
    },
  ],
  invalid: [
    {
      name: 'Unmasked even in a user namespace',
      yaml: unmasked('web'),
      findings: [
        {
          path: 'spec.initContainers[0].securityContext.procMount',
          line: 11,
          message:
            'init container "setup" sets securityContext.procMount="Unmasked", which unmasks /proc; it must be Default or unset',
        },
      ],
    },
  ],
});
