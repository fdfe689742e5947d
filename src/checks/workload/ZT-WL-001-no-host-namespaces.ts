import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-001',
    slug: 'no-host-namespaces',
    title: "Pods must not share the node's network, PID or IPC namespace",
    pillar: 'workload',
    severity: 'high',
    description:
      "A pod with `hostNetwork`, `hostPID` or `hostIPC` leaves its own namespace and joins the node's: it can sniff and spoof node traffic and reach services bound to the node's loopback (hostNetwork), see and signal every process on the node, read their environment and ptrace them (hostPID), or read other workloads' shared memory (hostIPC). Zero Trust assumes any workload can be compromised; a compromised pod that shares the node's namespaces is a compromised node. This is the Pod Security Standards baseline control *Host Namespaces* (check `hostNamespaces`), evaluated exactly as pod-security-admission does.",
    remediation:
      'Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec (or set them to `false`). Expose ports through a Service instead of the node network; run node agents that truly need the host in a dedicated, tightly controlled namespace with an explicit exemption.\n\n```yaml\nspec:\n  hostNetwork: false\n  hostPID: false\n  hostIPC: false\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_hostNamespaces.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'baseline: Host Namespaces' },
      { framework: 'cis', control: '5.2.3' },
      { framework: 'cis', control: '5.2.4' },
      { framework: 'cis', control: '5.2.5' },
      { framework: 'nsa-cisa', control: 'Pod security: Pod security enforcement' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'hostNamespaces', relation: 'same' },
      { tool: 'kubescape', id: 'C-0038', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0041', relation: 'inspired' },
      { tool: 'polaris', id: 'hostNetworkSet', relation: 'inspired' },
      { tool: 'polaris', id: 'hostPIDSet', relation: 'inspired' },
      { tool: 'polaris', id: 'hostIPCSet', relation: 'inspired' },
      { tool: 'kube-linter', id: 'host-network', relation: 'inspired' },
      { tool: 'kube-linter', id: 'host-pid', relation: 'inspired' },
      { tool: 'kube-linter', id: 'host-ipc', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0008', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0009', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0010', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: node-debugger\nspec:\n  hostPID: true\n  containers:\n    - name: shell\n      image: busybox:1.36\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'hostNamespaces');
  },
});
