import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-009',
    slug: 'seccomp-not-unconfined',
    title: 'Seccomp must not be disabled',
    pillar: 'workload',
    severity: 'medium',
    description:
      "Seccomp filters the system calls a container may make; the runtime's default profile blocks dozens that are rarely needed and often abused in kernel exploits (`keyctl`, `unshare`, `ptrace` of other processes, ...). Setting the profile to `Unconfined` removes that filter. This is the Pod Security Standards baseline control *Seccomp* (check `seccompProfile_baseline`): from v1.19 `securityContext.seccompProfile.type` (pod and containers) must not be `Unconfined`; before v1.19 the `seccomp.security.alpha.kubernetes.io` annotations are checked. The API server copies those annotations to the field, so an `unconfined` annotation fails too. At the restricted level (v1.19 and later) ZT-WL-017 replaces this check and also requires a profile.",
    remediation:
      'Use the runtime default profile (or a Localhost profile loaded on the nodes).\n\n```yaml\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tutorials/security/seccomp/',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_seccompProfile_baseline.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'baseline: Seccomp' },
      { framework: 'cis', control: '5.7.2' },
      { framework: 'nsa-cisa', control: 'Pod security: Hardening container environments' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'seccompProfile_baseline', relation: 'same' },
      { tool: 'trivy', id: 'KSV-0104', relation: 'inspired' },
    ],
  },
  examples: {
    // At the default level (restricted) ZT-WL-017 reports Unconfined profiles instead; see the tests for baseline cases.
    fail: [],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'seccompProfile_baseline');
  },
});
