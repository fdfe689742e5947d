import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-015',
    slug: 'run-as-non-root',
    title: 'Containers must be required to run as non-root',
    pillar: 'workload',
    severity: 'medium',
    description:
      "Many images run as root by default. Root in a container shares the node's UID 0 (without user namespaces), so any kernel or runtime bug, writable host mount or added capability becomes node root. `runAsNonRoot: true` makes the kubelet refuse to start a container whose user is 0. This is the Pod Security Standards restricted control *Running as Non-root* (check `runAsNonRoot`): the pod must set it, or every container must, and nothing may set it to `false`. From v1.35 pods in a user namespace (`spec.hostUsers: false`) are exempt.",
    remediation:
      "Set it once for the pod (and make sure the image's user is not root, or set `runAsUser`).\n\n```yaml\nspec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n```",
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_runAsNonRoot.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'restricted: Running as Non-root' },
      { framework: 'cis', control: '5.2.7' },
      { framework: 'nsa-cisa', control: 'Pod security: Non-root containers' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'runAsNonRoot', relation: 'same' },
      { tool: 'kubescape', id: 'C-0013', relation: 'inspired' },
      { tool: 'polaris', id: 'runAsRootAllowed', relation: 'inspired' },
      { tool: 'kube-linter', id: 'run-as-non-root', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0012', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'runAsNonRoot');
  },
});
