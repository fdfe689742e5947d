import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-002',
    slug: 'no-privileged-containers',
    title: 'Containers must not run privileged',
    pillar: 'workload',
    severity: 'critical',
    description:
      "A privileged container gets every capability, every device of the node and no seccomp, AppArmor or SELinux confinement: root in it is root on the node, and escaping is a matter of mounting the node's disk. Zero Trust limits the blast radius of every workload; a privileged container has none. This is the Pod Security Standards baseline control *Privileged Containers* (check `privileged`), for containers, init containers and ephemeral containers.",
    remediation:
      'Remove `securityContext.privileged` (or set it to `false`) and grant only the specific capability the workload needs, if any.\n\n```yaml\ncontainers:\n  - name: app\n    securityContext:\n      privileged: false\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_privileged.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'baseline: Privileged Containers' },
      { framework: 'cis', control: '5.2.2' },
      { framework: 'nsa-cisa', control: 'Pod security: Pod security enforcement' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'privileged', relation: 'same' },
      { tool: 'kubescape', id: 'C-0057', relation: 'inspired' },
      { tool: 'polaris', id: 'runAsPrivileged', relation: 'inspired' },
      { tool: 'kube-score', id: 'container-security-context-privileged', relation: 'inspired' },
      { tool: 'kube-linter', id: 'privileged-container', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0017', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: false\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'privileged');
  },
});
