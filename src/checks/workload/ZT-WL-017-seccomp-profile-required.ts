import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-017',
    slug: 'seccomp-profile-required',
    title: 'A RuntimeDefault or Localhost seccomp profile must be set',
    pillar: 'workload',
    severity: 'medium',
    description:
      "Without an explicit profile, Kubernetes runs containers `Unconfined` unless the kubelet's `--seccomp-default` is on, so every system call — including those used by most kernel exploits — is available. Zero Trust does not rely on node defaults it cannot see. This is the Pod Security Standards restricted control *Seccomp* (check `seccompProfile_restricted`, v1.19 and later): `seccompProfile.type` must be `RuntimeDefault` or `Localhost`, on the pod or on every container, and never `Unconfined`. Windows pods are exempt from v1.25. It replaces ZT-WL-009 at the restricted level.",
    remediation:
      'Set the runtime default profile once for the pod.\n\n```yaml\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/tutorials/security/seccomp/',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_seccompProfile_restricted.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'restricted: Seccomp' },
      { framework: 'cis', control: '5.7.2' },
      { framework: 'nsa-cisa', control: 'Pod security: Hardening container environments' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'seccompProfile_restricted', relation: 'same' },
      { tool: 'kubescape', id: 'C-0210', relation: 'inspired' },
      { tool: 'kube-score', id: 'container-seccomp-profile', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0030', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'seccompProfile_restricted');
  },
});
