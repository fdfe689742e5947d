import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-016',
    slug: 'no-root-uid',
    title: 'Containers must not set runAsUser: 0',
    pillar: 'workload',
    severity: 'high',
    description:
      '`runAsUser: 0` explicitly runs the container as root, overriding the image and defeating `runAsNonRoot` (the kubelet refuses to start such a container when `runAsNonRoot` is true, so it usually means root was chosen on purpose). Root in a container is root on the node unless user namespaces are used. This is the Pod Security Standards restricted control *Running as Non-root user* (check `runAsUser`, v1.23 and later); from v1.35 pods in a user namespace (`spec.hostUsers: false`) are exempt.',
    remediation:
      'Run as a non-zero UID that owns what the process needs to write.\n\n```yaml\nsecurityContext:\n  runAsUser: 10001\n  runAsNonRoot: true\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_runAsUser.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'restricted: Running as Non-root user' },
      { framework: 'cis', control: '5.2.7' },
      { framework: 'nsa-cisa', control: 'Pod security: Non-root containers' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'runAsUser', relation: 'same' },
      { tool: 'trivy', id: 'KSV-0105', relation: 'inspired' },
      { tool: 'kube-score', id: 'container-security-context-user-group-id', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsUser: 0\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsUser: 10001\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'runAsUser');
  },
});
