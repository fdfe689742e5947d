import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-006-apparmor-not-disabled.js';

testCheck(check, {
  valid: [
    {
      name: 'RuntimeDefault and Localhost profiles, allowed annotation values (empty included)',
      yaml: [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        '  annotations:',
        '    container.apparmor.security.beta.kubernetes.io/app: runtime/default',
        '    container.apparmor.security.beta.kubernetes.io/sidecar: localhost/k8s-envoy',
        '    container.apparmor.security.beta.kubernetes.io/other: ""',
        'spec:',
        '  securityContext:',
        '    appArmorProfile:',
        '      type: RuntimeDefault',
        '  containers:',
        '    - name: app',
        '      image: nginx:1.27',
        '      securityContext:',
        '        appArmorProfile:',
        '          type: Localhost',
        '          localhostProfile: k8s-nginx',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'Unconfined at pod level, on a container, and through the annotation',
      yaml: [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        '  annotations:',
        '    container.apparmor.security.beta.kubernetes.io/sidecar: unconfined',
        'spec:',
        '  securityContext:',
        '    appArmorProfile:',
        '      type: Unconfined',
        '  containers:',
        '    - name: app',
        '      image: nginx:1.27',
        '      securityContext:',
        '        appArmorProfile: {type: Unconfined}',
        '',
      ].join('\n'),
      findings: [
        {
          path: 'spec.securityContext.appArmorProfile.type',
          line: 10,
          message:
            'pod sets securityContext.appArmorProfile.type="Unconfined"; allowed types are RuntimeDefault and Localhost (or leave it unset)',
        },
        {
          path: 'spec.containers[0].securityContext.appArmorProfile.type',
          line: 15,
          message: /^container "app" sets/,
        },
        {
          path: 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/sidecar"]',
          line: 6,
          message:
            'annotation container.apparmor.security.beta.kubernetes.io/sidecar="unconfined" sets a forbidden AppArmor profile; allowed values are runtime/default and localhost/<profile> (or use securityContext.appArmorProfile)',
        },
      ],
    },
    {
      name: 'from v1.0, at baseline: an unknown annotation value',
      options: { pss: { level: 'baseline', version: 'v1.0' } },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: v10\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: bogus\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      findings: [
        {
          path: 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]',
          line: 6,
          message:
            /^annotation container.apparmor.security.beta.kubernetes.io\/app="bogus" sets a forbidden AppArmor profile/,
        },
      ],
    },
  ],
});
