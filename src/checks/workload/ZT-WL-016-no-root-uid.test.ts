import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-016-no-root-uid.js';

const root = (name: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n${extra}  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsUser: 0\n`;

testCheck(check, {
  valid: [
    {
      name: 'non-zero UIDs',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsUser: 10001\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsUser: 1000\n',
    },
    {
      name: 'the check does not exist before v1.23',
      options: { pss: { level: 'restricted', version: 'v1.22' } },
      yaml: root('v122'),
    },
    { name: 'pods in a user namespace are exempt from v1.35', yaml: root('userns', '  hostUsers: false\n') },
    {
      name: 'a restricted-only control: nothing at baseline',
      options: { pss: { level: 'baseline', version: 'latest' } },
      yaml: root('baseline'),
    },
  ],
  invalid: [
    {
      name: 'root on a container',
      yaml: root('web'),
      findings: [
        {
          path: 'spec.containers[0].securityContext.runAsUser',
          line: 10,
          message: 'container "app" sets securityContext.runAsUser=0 (root); use a non-zero UID, e.g. 10001',
        },
      ],
    },
    {
      name: 'root at pod level, written 0.0 (the API server reads it as 0)',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsUser: 0.0\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      findings: [
        {
          path: 'spec.securityContext.runAsUser',
          line: 7,
          message: 'pod sets securityContext.runAsUser=0 (root); use a non-zero UID, e.g. 10001',
        },
      ],
    },
  ],
});
