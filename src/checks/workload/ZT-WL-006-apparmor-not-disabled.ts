import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-006',
    slug: 'apparmor-not-disabled',
    title: 'AppArmor must not be disabled or replaced by an unknown profile',
    pillar: 'workload',
    severity: 'medium',
    description:
      'On nodes with AppArmor, the container runtime confines every container with its default profile, which blocks writes to `/proc` and `/sys`, mounts and other escape primitives. Setting the profile to `Unconfined` (or, through the deprecated annotation, to anything but `runtime/default` or `localhost/<profile>`) removes that layer of defence in depth. This is the Pod Security Standards baseline control *AppArmor* (check `appArmorProfile`), read from `securityContext.appArmorProfile` of the pod and of every container and from the `container.apparmor.security.beta.kubernetes.io/*` annotations.',
    remediation:
      'Use the runtime default profile, or a profile you load on the nodes; remove `Unconfined` and the deprecated annotations.\n\n```yaml\nspec:\n  securityContext:\n    appArmorProfile:\n      type: RuntimeDefault\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tutorials/security/apparmor/',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_appArmorProfile.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'baseline: AppArmor' },
      { framework: 'nsa-cisa', control: 'Pod security: Hardening container environments' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'appArmorProfile', relation: 'same' },
      { tool: 'kubescape', id: 'C-0055', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0002', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    appArmorProfile:\n      type: Unconfined\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    appArmorProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'appArmorProfile');
  },
});
