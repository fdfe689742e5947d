import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-008-default-proc-mount.js';

const BASELINE = { pss: { level: 'baseline', version: 'latest' } } as const;

const unmasked = (name: string, hostUsers?: boolean) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n${hostUsers === undefined ? '' : `  hostUsers: ${hostUsers}\n`}  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        procMount: Unmasked\n`;

testCheck(check, {
  valid: [
    {
      name: 'Default procMount',
      options: BASELINE,
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        procMount: Default\n',
    },
    {
      name: 'baseline v1.35+ allows it in a user namespace',
      options: BASELINE,
      yaml: unmasked('userns', false),
    },
    {
      name: 'at restricted v1.35+ procMount_restricted replaces this check (ZT-WL-019 reports it)',
      yaml: unmasked('restricted'),
    },
  ],
  invalid: [
    {
      name: 'Unmasked at baseline',
      options: BASELINE,
      yaml: unmasked('baseline'),
      findings: [
        {
          path: 'spec.containers[0].securityContext.procMount',
          line: 10,
          message:
            'container "app" sets securityContext.procMount="Unmasked", which unmasks /proc; it must be Default or unset, unless the pod sets spec.hostUsers: false',
        },
      ],
    },
    {
      name: 'before v1.35 a user namespace does not help',
      options: { pss: { level: 'baseline', version: 'v1.34' } },
      yaml: unmasked('userns-134', false),
      findings: [
        {
          path: 'spec.containers[0].securityContext.procMount',
          line: 11,
          message:
            'container "app" sets securityContext.procMount="Unmasked", which unmasks /proc; it must be Default or unset',
        },
      ],
    },
    {
      name: 'at restricted before v1.35 this check still runs',
      options: { pss: { level: 'restricted', version: 'v1.34' } },
      yaml: unmasked('restricted-134'),
      findings: [{ path: 'spec.containers[0].securityContext.procMount' }],
    },
  ],
});
