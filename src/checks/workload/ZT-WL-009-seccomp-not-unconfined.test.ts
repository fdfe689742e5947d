import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-009-seccomp-not-unconfined.js';

const BASELINE = { pss: { level: 'baseline', version: 'latest' } } as const;
const BASELINE_1_18 = { pss: { level: 'baseline', version: 'v1.18' } } as const;

const unconfinedPod = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  securityContext:\n    seccompProfile:\n      type: Unconfined\n  containers:\n    - name: app\n      image: nginx:1.27\n`;

testCheck(check, {
  valid: [
    {
      name: 'no profile is fine at baseline',
      options: BASELINE,
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    },
    {
      name: 'annotations with allowed values before v1.19',
      options: BASELINE_1_18,
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: docker/default\n    container.seccomp.security.alpha.kubernetes.io/app: localhost/profile.json\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    },
    {
      name: 'at restricted seccompProfile_restricted replaces this check (ZT-WL-017 reports it)',
      yaml: unconfinedPod('restricted'),
    },
    {
      name: 'a field set on the container wins over its annotation (the API server copies only to absent fields)',
      options: BASELINE,
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    container.seccomp.security.alpha.kubernetes.io/app: unconfined\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n',
    },
  ],
  invalid: [
    {
      name: 'Unconfined at pod level',
      options: BASELINE,
      yaml: unconfinedPod('baseline'),
      findings: [
        {
          path: 'spec.securityContext.seccompProfile.type',
          line: 8,
          message:
            'pod sets securityContext.seccompProfile.type="Unconfined"; set it to RuntimeDefault or Localhost',
        },
      ],
    },
    {
      name: 'an unconfined annotation is copied to the field by the API server',
      options: BASELINE,
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    container.seccomp.security.alpha.kubernetes.io/app: unconfined\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      findings: [
        {
          path: 'metadata.annotations["container.seccomp.security.alpha.kubernetes.io/app"]',
          line: 6,
          message:
            'annotation container.seccomp.security.alpha.kubernetes.io/app="unconfined" gives container "app" securityContext.seccompProfile.type="Unconfined" (the API server copies it to the field); use runtime/default, or set securityContext.seccompProfile.type to RuntimeDefault',
        },
      ],
    },
    {
      name: 'before v1.19 the annotations are checked',
      options: BASELINE_1_18,
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: unconfined\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      findings: [
        {
          path: 'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
          line: 6,
          message:
            'annotation seccomp.security.alpha.kubernetes.io/pod="unconfined" sets a forbidden seccomp profile; allowed values are runtime/default, docker/default and localhost/<profile>',
        },
      ],
    },
  ],
});
