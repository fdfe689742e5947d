import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-012',
    slug: 'no-probe-or-lifecycle-host',
    title: 'Probes and lifecycle hooks must not target another host',
    pillar: 'workload',
    severity: 'medium',
    description:
      "The kubelet runs HTTP and TCP probes and lifecycle hooks from the node. Setting `host` on them makes the kubelet connect wherever the pod author says — other pods, node-local services, cloud metadata endpoints — from the node's network identity, past the pod's NetworkPolicy: a server-side request forgery through the kubelet. This is the Pod Security Standards baseline control *Host Probes / Lifecycle Hooks* (check `hostProbesAndHostLifecycle`, v1.34 and later): `host` must be empty in livenessProbe, readinessProbe, startupProbe and lifecycle postStart/preStop `httpGet` and `tcpSocket`.",
    remediation:
      "Remove `host` so the kubelet connects to the pod's own IP; to check a virtual host, set an HTTP `Host` header instead.\n\n```yaml\nlivenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n    httpHeaders:\n      - name: Host\n        value: app.example.com\n```",
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_hostProbesAndHostLifecycle.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'baseline: Host Probes / Lifecycle Hooks' },
      { framework: 'nsa-cisa', control: 'Pod security: Pod security enforcement' },
    ],
    sources: [{ tool: 'pod-security-admission', id: 'hostProbesAndHostLifecycle', relation: 'same' }],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      livenessProbe:\n        httpGet:\n          host: 169.254.169.254\n          path: /latest/meta-data/\n          port: 80\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      livenessProbe:\n        httpGet:\n          path: /healthz\n          port: 80\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'hostProbesAndHostLifecycle');
  },
});
