import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-014',
    slug: 'no-privilege-escalation',
    title: 'Containers must set allowPrivilegeEscalation: false',
    pillar: 'workload',
    severity: 'medium',
    description:
      'Unless `allowPrivilegeEscalation` is `false`, the kernel lets a process gain more privileges than its parent — through setuid/setgid binaries such as `sudo`, or file capabilities — so a compromised non-root process can become root inside the container. Setting it to `false` sets `no_new_privs`. The default allows escalation, so it must be set explicitly on every container. This is the Pod Security Standards restricted control *Privilege Escalation* (check `allowPrivilegeEscalation`, v1.8 and later; Windows pods are exempt from v1.25).',
    remediation:
      'Set it on every container, init container and ephemeral container.\n\n```yaml\ncontainers:\n  - name: app\n    securityContext:\n      allowPrivilegeEscalation: false\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_allowPrivilegeEscalation.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'restricted: Privilege Escalation' },
      { framework: 'cis', control: '5.2.6' },
      { framework: 'nsa-cisa', control: 'Pod security: Pod security enforcement' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'allowPrivilegeEscalation', relation: 'same' },
      { tool: 'kubescape', id: 'C-0016', relation: 'inspired' },
      { tool: 'polaris', id: 'privilegeEscalationAllowed', relation: 'inspired' },
      { tool: 'kube-linter', id: 'privilege-escalation-container', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0001', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        allowPrivilegeEscalation: false\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'allowPrivilegeEscalation');
  },
});
