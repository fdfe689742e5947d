import { defineCheck } from '../../engine/define-check.js';
import { BASELINE_CAPABILITIES } from '../../pss/checks/capabilities_baseline.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-018',
    slug: 'drop-all-capabilities',
    title: 'Containers must drop ALL capabilities and add back only NET_BIND_SERVICE',
    pillar: 'workload',
    severity: 'medium',
    description:
      "The runtime's default capability set still includes powers most applications never use (`CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `SETUID`, `SETGID`, `MKNOD`, ...), each one a step in known escape and lateral-movement techniques. Least privilege means starting from none. This is the Pod Security Standards restricted control *Capabilities* (check `capabilities_restricted`, v1.22 and later): every container drops `ALL` and may add only `NET_BIND_SERVICE`; Windows pods are exempt from v1.25. It replaces ZT-WL-003 at the restricted level; adding a capability that baseline forbids as well is reported with high severity.",
    remediation:
      'Drop everything; add back `NET_BIND_SERVICE` only if the process binds a port below 1024.\n\n```yaml\nsecurityContext:\n  capabilities:\n    drop: ["ALL"]\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_capabilities_restricted.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'restricted: Capabilities' },
      { framework: 'cis', control: '5.2.8' },
      { framework: 'cis', control: '5.2.9' },
      { framework: 'cis', control: '5.2.10' },
      { framework: 'nsa-cisa', control: 'Pod security: Pod security enforcement' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'capabilities_restricted', relation: 'same' },
      { tool: 'trivy', id: 'KSV-0003', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0106', relation: 'inspired' },
      { tool: 'kube-linter', id: 'drop-net-raw-capability', relation: 'inspired' },
      { tool: 'polaris', id: 'insecureCapabilities', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0046', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          add: ["NET_ADMIN"]\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: ["ALL"]\n          add: ["NET_BIND_SERVICE"]\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    // Adding a capability baseline forbids too keeps ZT-WL-003's severity.
    reportPssViolation(ctx, workload, 'capabilities_restricted', (f) =>
      f.value !== undefined && !BASELINE_CAPABILITIES.has(f.value) ? 'high' : undefined,
    );
  },
});
