import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-011',
    slug: 'no-windows-hostprocess',
    title: 'Windows pods must not run as HostProcess containers',
    pillar: 'workload',
    severity: 'critical',
    description:
      "A Windows HostProcess container is not isolated at all: it runs as a process on the node, in the node's network, with the node's file system and, typically, as SYSTEM. It is the Windows equivalent of a privileged container with host namespaces. This is the Pod Security Standards baseline control *HostProcess* (check `windowsHostProcess`), for the pod and every container.",
    remediation:
      'Remove `windowsOptions.hostProcess` (or set it to `false`) at pod and container level; node administration belongs to node management tooling or a dedicated, exempt namespace.\n\n```yaml\nsecurityContext:\n  windowsOptions:\n    hostProcess: false\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_windowsHostProcess.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'baseline: HostProcess' },
      { framework: 'cis', control: '5.2.11' },
      { framework: 'nsa-cisa', control: 'Pod security: Pod security enforcement' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'windowsHostProcess', relation: 'same' },
      { tool: 'polaris', id: 'hostProcess', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0103', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: win-agent\nspec:\n  securityContext:\n    windowsOptions:\n      hostProcess: true\n  hostNetwork: true\n  containers:\n    - name: agent\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: win-app\nspec:\n  containers:\n    - name: app\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'windowsHostProcess');
  },
});
