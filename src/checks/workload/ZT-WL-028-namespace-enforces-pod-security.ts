import { defineCheck } from '../../engine/define-check.js';
import { isRecord, stringMap } from '../../model/types.js';
import { ENFORCE_LEVEL_LABEL, enforcePolicyOf } from '../../pss/namespace-policy.js';

/**
 * Namespaces that run the control plane need privileged pods; their enforce level is
 * reported at low severity rather than ignored, so the choice stays visible.
 */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

const LEVEL_ORDER = { privileged: 0, baseline: 1, restricted: 2 } as const;

export default defineCheck({
  meta: {
    id: 'ZT-WL-028',
    slug: 'namespace-enforces-pod-security',
    title: 'Namespaces must enforce a Pod Security Standard',
    pillar: 'workload',
    severity: 'medium',
    description: `Pod Security Admission only blocks what a namespace asks it to: the \`${ENFORCE_LEVEL_LABEL}\` label. Without it (or with \`privileged\`), the API server admits any pod into the namespace — privileged containers, host namespaces, hostPath mounts — however carefully today's manifests are written, so a stolen deploy credential or a compromised controller can start a pod that owns the node. Zero Trust means the platform refuses what policy forbids, rather than trusting every author to comply.

kzt reports a Namespace of the input that has no enforce label (medium), enforces \`privileged\` (high), enforces a weaker level than the one kzt is configured with (low), or carries an invalid label value (high: the API server rejects the Namespace). A cluster-wide default in the API server's AdmissionConfiguration is not visible in manifests; if you use one, suppress this check with that reason. \`kube-system\`, \`kube-public\` and \`kube-node-lease\` are reported at low severity, because control-plane pods often need privileges.`,
    remediation: `Label the namespace with the level its workloads meet, and pin the version you tested:

\`\`\`yaml
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
    pod-security.kubernetes.io/warn: restricted
\`\`\`

\`kzt pss DIR --level restricted\` shows which workloads would be denied before you switch.`,
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/',
    ],
    frameworks: [
      { framework: 'cis', control: '5.2.1' },
      { framework: 'nsa-cisa', control: 'Pod security: enforce Pod Security Standards' },
      { framework: 'nist-800-207', control: 'tenet 6 (dynamic policy enforcement before access)' },
      { framework: 'pss', control: 'enforce' },
    ],
    sources: [],
  },
  examples: {
    fail: ['apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n  labels:\n    team: payments\n'],
    pass: [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n',
    ],
  },
  target: 'resources',
  kinds: ['/Namespace'],
  check(ns, ctx) {
    const meta = isRecord(ns.object.metadata) ? ns.object.metadata : {};
    const labels = stringMap(meta.labels);
    const policy = enforcePolicyOf(labels);
    const system = SYSTEM_NAMESPACES.has(ns.ref.name);
    const labelPath = ['metadata', 'labels', ENFORCE_LEVEL_LABEL];
    for (const e of policy.errors) {
      ctx.report({
        resource: ns,
        path: ['metadata', 'labels', e.label],
        message: e.message,
        severity: 'high',
        key: e.label,
      });
    }
    if (policy.errors.length > 0) return;
    if (policy.level === undefined) {
      ctx.report({
        resource: ns,
        path: isRecord(meta.labels) ? ['metadata', 'labels'] : ['metadata'],
        message: `namespace ${ns.ref.name} has no ${ENFORCE_LEVEL_LABEL} label, so Pod Security Admission admits any pod into it (unless a cluster-wide default applies)`,
        ...(system ? { severity: 'low' as const } : {}),
      });
      return;
    }
    if (policy.level === 'privileged') {
      ctx.report({
        resource: ns,
        path: labelPath,
        message: `namespace ${ns.ref.name} enforces the privileged Pod Security level, which admits any pod`,
        severity: system ? 'low' : 'high',
      });
      return;
    }
    const wanted = ctx.options.pss.level;
    if (LEVEL_ORDER[policy.level] < LEVEL_ORDER[wanted]) {
      ctx.report({
        resource: ns,
        path: labelPath,
        message: `namespace ${ns.ref.name} enforces ${policy.level}, weaker than the ${wanted} level kzt checks workloads against`,
        severity: 'low',
      });
    }
  },
});
