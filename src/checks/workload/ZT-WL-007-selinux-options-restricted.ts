import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-007',
    slug: 'selinux-options-restricted',
    title: 'SELinux options must not escape the container domain',
    pillar: 'workload',
    severity: 'medium',
    description:
      'On SELinux nodes every container runs in a confined domain (`container_t`). Setting `seLinuxOptions.type` to another type such as `spc_t` (super-privileged container) or `unconfined_t`, or setting a custom `user` or `role`, takes the container out of that confinement. This is the Pod Security Standards baseline control *SELinux* (check `seLinuxOptions`): the type may only be empty, `container_t`, `container_init_t`, `container_kvm_t` or (from v1.31) `container_engine_t`, and user and role must not be set — at pod level and in every container.',
    remediation:
      'Remove `seLinuxOptions.type`, `user` and `role`, or use one of the container types; keep `level` if you need MCS categories.\n\n```yaml\nsecurityContext:\n  seLinuxOptions:\n    level: "s0:c123,c456"\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_seLinuxOptions.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'baseline: SELinux' },
      { framework: 'nsa-cisa', control: 'Pod security: Hardening container environments' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'seLinuxOptions', relation: 'same' },
      { tool: 'trivy', id: 'KSV-0025', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seLinuxOptions:\n          type: spc_t\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seLinuxOptions:\n          level: "s0:c123,c456"\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'seLinuxOptions');
  },
});
