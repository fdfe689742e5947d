import { defineCheck } from '../../engine/define-check.js';
import { containerLabel, containersCached, newContainersCache } from '../../model/container-text.js';
import type { Inventory } from '../../model/inventory.js';
import { asArray, isRecord } from '../../model/types.js';

const FAIL = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:1.4.2
          resources:
            requests: {cpu: 100m, memory: 128Mi}
`;

const PASS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:1.4.2
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
`;

function hasMemory(list: unknown): boolean {
  if (!isRecord(list)) return false;
  const m = list.memory;
  return (typeof m === 'string' && m.trim() !== '') || typeof m === 'number';
}

/**
 * Namespaces whose LimitRange gives containers a default memory limit at admission:
 * a `type: Container` item with `default.memory`, or with `max.memory` (the API
 * defaults `default` to `max`, SetDefaults_LimitRangeItem).
 */
function namespacesWithDefaultMemoryLimit(inventory: Inventory): Map<string, string> {
  const out = new Map<string, string>();
  for (const lr of inventory.ofKind('', 'LimitRange')) {
    const spec = lr.object.spec;
    if (!isRecord(spec)) continue;
    for (const item of asArray(spec.limits)) {
      if (!isRecord(item) || item.type !== 'Container') continue;
      if (hasMemory(item.default) || hasMemory(item.max)) {
        out.set(lr.ref.namespace ?? 'default', lr.ref.name);
        break;
      }
    }
  }
  return out;
}

export default defineCheck({
  meta: {
    id: 'ZT-WL-026',
    slug: 'require-memory-limit',
    title: 'Containers must have a memory limit',
    pillar: 'workload',
    severity: 'low',
    description: `Memory is not compressible: a container without a memory limit can take all of its node's memory — through a leak, a bug, or an attacker who feeds it large inputs — and the kernel's out-of-memory killer and the kubelet's evictions then hit other workloads on that node. In a shared cluster one tenant's unbounded container is a denial-of-service against the others. Zero Trust assumes any workload may be hostile; bounding what it can consume contains the blast radius (the NSA/CISA hardening guide's resource policies).

Every container and init container is checked (ephemeral containers cannot have resources). A container is not reported when its limit comes from elsewhere, as the API server would apply it: a pod-level \`spec.resources.limits.memory\` (Pod Level Resources), or a LimitRange in the namespace with a \`Container\` item whose \`default.memory\` — or \`max.memory\`, to which the default is set when absent — gives containers a limit at admission. CPU limits are deliberately not required: CPU is throttled, not exhausted, and CPU limits often cause latency without protecting neighbours.`,
    remediation: `Set a memory limit sized from observed usage (requests equal to the limit give the Guaranteed QoS class):

\`\`\`yaml
resources:
  requests: {memory: 256Mi}
  limits: {memory: 256Mi}
\`\`\`

or give the namespace a default:

\`\`\`yaml
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: shop}
spec:
  limits:
    - type: Container
      default: {memory: 512Mi}
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
      'https://kubernetes.io/docs/concepts/policy/limit-range/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/assign-pod-level-resources/',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Pod security: resource policies' },
      { framework: 'soc2', control: 'A1.1' },
    ],
    sources: [
      { tool: 'polaris', id: 'memoryLimitsMissing', relation: 'inspired' },
      { tool: 'kube-score', id: 'container-resources', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0004', relation: 'inspired' },
      { tool: 'kube-linter', id: 'unset-memory-requirements', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0018', relation: 'inspired' },
      { tool: 'checkov', id: 'CKV_K8S_13', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    const podResources = workload.spec.resources;
    if (isRecord(podResources) && hasMemory(podResources.limits)) return;
    const defaults = ctx.memo('namespaces-with-default-memory-limit', () =>
      namespacesWithDefaultMemoryLimit(ctx.inventory),
    );
    if (defaults.has(workload.resource.ref.namespace ?? 'default')) return;
    for (const c of containersCached(ctx.memo('containers-of', newContainersCache), workload, [
      'initContainers',
      'containers',
    ])) {
      const r = c.container.resources;
      if (isRecord(r) && hasMemory(r.limits)) continue;
      ctx.report({
        resource: workload.resource,
        path: [...c.path, 'resources', 'limits', 'memory'],
        message: `${containerLabel(c)} has no memory limit, so it can take all of its node's memory`,
      });
    }
  },
});
