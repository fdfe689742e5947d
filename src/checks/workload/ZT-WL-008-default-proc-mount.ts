import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-008',
    slug: 'default-proc-mount',
    title: 'Containers must keep the default /proc masks',
    pillar: 'workload',
    severity: 'medium',
    description:
      'The container runtime masks and makes read-only sensitive parts of `/proc` (kernel keys, `sysrq-trigger`, timer and scheduler debug files). `procMount: Unmasked` removes those masks, exposing kernel interfaces that help an attacker escape or read node information. This is the Pod Security Standards baseline control */proc Mount Type* (check `procMount`). From v1.35, baseline allows it for pods that run in a user namespace (`spec.hostUsers: false`), where the masks matter less; at the restricted level (v1.35 and later) ZT-WL-019 replaces this check and forbids it everywhere.',
    remediation:
      'Remove `securityContext.procMount` or set it to `Default`.\n\n```yaml\nsecurityContext:\n  procMount: Default\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_procMount.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'baseline: /proc Mount Type' },
      { framework: 'nsa-cisa', control: 'Pod security: Hardening container environments' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'procMount', relation: 'same' },
      { tool: 'polaris', id: 'procMount', relation: 'inspired' },
      { tool: 'kube-linter', id: 'unsafe-proc-mount', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0027', relation: 'inspired' },
    ],
  },
  examples: {
    // At the default level (restricted, v1.35 and later) ZT-WL-019 reports these containers instead.
    fail: [],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        procMount: Default\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'procMount');
  },
});
