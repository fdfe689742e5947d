import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-007-selinux-options-restricted.js';

const engineType = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: podman:5\n      securityContext:\n        seLinuxOptions:\n          type: container_engine_t\n`;

testCheck(check, {
  valid: [
    {
      name: 'container types and a level are allowed',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    seLinuxOptions:\n      type: container_t\n      level: "s0:c1,c2"\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seLinuxOptions:\n          type: container_init_t\n',
    },
    { name: 'container_engine_t is allowed from v1.31', yaml: engineType('v131') },
  ],
  invalid: [
    {
      name: 'a custom type on a container and user and role on the pod',
      yaml: [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        'spec:',
        '  securityContext:',
        '    seLinuxOptions:',
        '      user: system_u',
        '      role: system_r',
        '  containers:',
        '    - name: app',
        '      image: nginx:1.27',
        '      securityContext:',
        '        seLinuxOptions:',
        '          type: spc_t',
        '',
      ].join('\n'),
      findings: [
        {
          path: 'spec.securityContext.seLinuxOptions.user',
          line: 8,
          message: 'pod sets securityContext.seLinuxOptions.user; remove it',
        },
        { path: 'spec.securityContext.seLinuxOptions.role', line: 9 },
        {
          path: 'spec.containers[0].securityContext.seLinuxOptions.type',
          line: 15,
          message:
            'container "app" sets securityContext.seLinuxOptions.type="spc_t"; allowed types are container_t, container_init_t, container_kvm_t, container_engine_t (or leave it unset)',
        },
      ],
    },
    {
      name: 'container_engine_t is forbidden before v1.31',
      options: { pss: { level: 'baseline', version: 'v1.30' } },
      yaml: engineType('v130'),
      findings: [
        {
          path: 'spec.containers[0].securityContext.seLinuxOptions.type',
          line: 11,
          message: /allowed types are container_t, container_init_t, container_kvm_t \(or leave it unset\)$/,
        },
      ],
    },
  ],
});
