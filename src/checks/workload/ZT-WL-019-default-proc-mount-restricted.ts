import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-019',
    slug: 'default-proc-mount-restricted',
    title: 'Containers must keep the default /proc masks, even in a user namespace',
    pillar: 'workload',
    severity: 'medium',
    description:
      'From v1.35, baseline tolerates `procMount: Unmasked` in pods that run in a user namespace (`spec.hostUsers: false`). Restricted does not: an unmasked `/proc` still exposes kernel interfaces, and user namespaces are one layer, not a reason to remove another. This is the Pod Security Standards restricted control */proc Mount Type* (check `procMount_restricted`, v1.35 and later), which replaces ZT-WL-008 at the restricted level.',
    remediation:
      'Remove `securityContext.procMount` or set it to `Default`.\n\n```yaml\nsecurityContext:\n  procMount: Default\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_procMount.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'restricted: /proc Mount Type' },
      { framework: 'nsa-cisa', control: 'Pod security: Hardening container environments' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'procMount_restricted', relation: 'same' },
      { tool: 'polaris', id: 'procMount', relation: 'inspired' },
      { tool: 'kube-linter', id: 'unsafe-proc-mount', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0027', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostUsers: false\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        procMount: Unmasked\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostUsers: false\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'procMount_restricted');
  },
});
