import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-003',
    slug: 'no-added-capabilities',
    title: 'Containers must not add capabilities beyond the default set',
    pillar: 'workload',
    severity: 'high',
    description:
      "Linux capabilities split root's power; adding one such as `SYS_ADMIN`, `NET_ADMIN`, `NET_RAW`, `SYS_PTRACE` or `SYS_MODULE` hands a container a large part of it back (mounting filesystems, rewriting the network, loading kernel modules), which is how most container escapes start. Zero Trust grants the least privilege needed. This is the Pod Security Standards baseline control *Capabilities* (check `capabilities_baseline`): only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT may be added. At the restricted level (v1.22 and later) it is replaced by ZT-WL-018, which is stricter.",
    remediation:
      'Remove the capability from `securityContext.capabilities.add`; better, drop everything and add back only what the process needs.\n\n```yaml\nsecurityContext:\n  capabilities:\n    drop: ["ALL"]\n    add: ["NET_BIND_SERVICE"]   # only if it binds a port below 1024\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_capabilities_baseline.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'baseline: Capabilities' },
      { framework: 'cis', control: '5.2.8' },
      { framework: 'cis', control: '5.2.9' },
      { framework: 'nsa-cisa', control: 'Pod security: Pod security enforcement' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'capabilities_baseline', relation: 'same' },
      { tool: 'kubescape', id: 'C-0046', relation: 'inspired' },
      { tool: 'polaris', id: 'dangerousCapabilities', relation: 'inspired' },
      { tool: 'polaris', id: 'insecureCapabilities', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0022', relation: 'inspired' },
    ],
  },
  examples: {
    // At the default level (restricted) ZT-WL-018 reports these containers instead; see the tests for baseline cases.
    fail: [],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          add: ["NET_BIND_SERVICE"]\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'capabilities_baseline');
  },
});
