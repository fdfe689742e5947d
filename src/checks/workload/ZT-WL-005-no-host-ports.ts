import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-005',
    slug: 'no-host-ports',
    title: 'Containers must not bind ports on the node',
    pillar: 'workload',
    severity: 'medium',
    description:
      "A `hostPort` publishes a container directly on the node's IP address, next to the kubelet and other node services. The port is reachable by anything that can reach the node, is easy to miss in reviews of Services and Ingresses, and NetworkPolicy enforcement for host-port traffic depends on the CNI. Zero Trust wants every entry point explicit and policed. This is the Pod Security Standards baseline control *Host Ports* (check `hostPorts`); with `hostNetwork: true` the API server sets hostPort to each containerPort, so those ports are reported too.",
    remediation:
      'Remove `hostPort` (or set it to 0) and expose the container through a Service (ClusterIP, or LoadBalancer/Ingress when it must be public).\n\n```yaml\nports:\n  - containerPort: 8080\n    # no hostPort\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/configuration/overview/#services',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_hostPorts.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'baseline: Host Ports' },
      { framework: 'cis', control: '5.2.13' },
      { framework: 'nsa-cisa', control: 'Pod security: Pod security enforcement' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'hostPorts', relation: 'same' },
      { tool: 'kubescape', id: 'C-0044', relation: 'inspired' },
      { tool: 'polaris', id: 'hostPortSet', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0024', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n          hostPort: 80\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'hostPorts');
  },
});
