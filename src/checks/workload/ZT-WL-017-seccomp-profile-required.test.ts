import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-017-seccomp-profile-required.js';

const none = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n`;

testCheck(check, {
  valid: [
    {
      name: 'RuntimeDefault at pod level, Localhost on a container',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seccompProfile:\n          type: Localhost\n          localhostProfile: profiles/app.json\n',
    },
    {
      name: 'the pod annotation runtime/default counts (the API server copies it to the field)',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    },
    {
      name: 'Windows pods are exempt from v1.25',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: win\nspec:\n  os: {name: windows}\n  containers:\n    - name: app\n      image: nanoserver:ltsc2022\n',
    },
    {
      name: 'the check does not exist before v1.19',
      options: { pss: { level: 'restricted', version: 'v1.18' } },
      yaml: none('v118'),
    },
    {
      name: 'a restricted-only control: nothing at baseline',
      options: { pss: { level: 'baseline', version: 'latest' } },
      yaml: none('baseline'),
    },
  ],
  invalid: [
    {
      name: 'no profile anywhere',
      yaml: none('web'),
      findings: [
        {
          path: 'spec.containers[0].securityContext.seccompProfile.type',
          line: 7,
          message:
            'container "app" has no seccomp profile; set securityContext.seccompProfile.type to RuntimeDefault (or Localhost) on the container or on the pod',
        },
      ],
    },
    {
      name: 'Unconfined on a container despite a valid pod profile',
      yaml: [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        'spec:',
        '  securityContext:',
        '    seccompProfile: {type: RuntimeDefault}',
        '  containers:',
        '    - name: app',
        '      image: nginx:1.27',
        '      securityContext:',
        '        seccompProfile:',
        '          type: Unconfined',
        '',
      ].join('\n'),
      findings: [
        {
          path: 'spec.containers[0].securityContext.seccompProfile.type',
          line: 13,
          message:
            'container "app" sets securityContext.seccompProfile.type="Unconfined"; set it to RuntimeDefault or Localhost',
        },
      ],
    },
  ],
});
