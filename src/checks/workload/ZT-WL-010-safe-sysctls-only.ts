import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-010',
    slug: 'safe-sysctls-only',
    title: 'Pods must set only safe sysctls',
    pillar: 'workload',
    severity: 'medium',
    description:
      'Most kernel parameters are not namespaced: a pod that sets them changes the node for every other pod, and can weaken the network stack or exhaust kernel memory. Only a small "safe" set is isolated per pod. This is the Pod Security Standards baseline control *Sysctls* (check `sysctls`); the safe set grows with versions (v1.0: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start; v1.27 adds net.ipv4.ip_local_reserved_ports; v1.29 the tcp_keepalive_* and tcp_fin_timeout settings; v1.32 tcp_rmem and tcp_wmem; v1.37 tcp_slow_start_after_idle and tcp_notsent_lowat).',
    remediation:
      'Remove the sysctl from `spec.securityContext.sysctls`; if the node really needs it, set it on the nodes (node configuration or a tuned DaemonSet in an exempt, controlled namespace).\n\n```yaml\nspec:\n  securityContext:\n    sysctls:\n      - name: net.ipv4.ip_local_port_range\n        value: "32768 60999"\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_sysctls.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'baseline: Sysctls' },
      { framework: 'nsa-cisa', control: 'Pod security: Pod security enforcement' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'sysctls', relation: 'same' },
      { tool: 'kube-linter', id: 'unsafe-sysctls', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0026', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    sysctls:\n      - name: kernel.msgmax\n        value: "65536"\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    sysctls:\n      - name: net.ipv4.ip_local_port_range\n        value: "32768 60999"\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'sysctls');
  },
});
