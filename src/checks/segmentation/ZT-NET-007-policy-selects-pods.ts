import { defineCheck } from '../../engine/define-check.js';
import { isSelectable } from '../../netpol/model.js';
import { indexOf, selectWorkloads } from '../../netpol/workload-index.js';
import { netpolModelOf, policyResources } from './support.js';

const FAIL = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: api}}
  template:
    metadata: {labels: {app.kubernetes.io/name: api}}
    spec: {containers: [{name: api, image: api:1.0}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
`;

const PASS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: api}}
  template:
    metadata: {labels: {app.kubernetes.io/name: api}}
    spec: {containers: [{name: api, image: api:1.0}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: api}}
  policyTypes: [Ingress]
`;

export default defineCheck({
  meta: {
    id: 'ZT-NET-007',
    slug: 'policy-selects-pods',
    title: 'Policies must select at least one pod',
    pillar: 'segmentation',
    severity: 'low',
    description: `A NetworkPolicy whose \`podSelector\` matches no pod protects nothing: usually a label was renamed (\`app\` → \`app.kubernetes.io/name\`) or the policy was copied to the wrong namespace, and the workload it was written for is left open while the repository looks protected. An AdminNetworkPolicy or BaselineAdminNetworkPolicy whose subject matches no pod is the same mistake at cluster scope.

A NetworkPolicy is reported only when the input holds workloads in its namespace (otherwise kzt cannot know what runs there); an admin policy only when the input holds workloads at all. A policy that selects only host-network pods is reported too: in the Kubernetes model policies do not apply to them.`,
    remediation: `Fix the selector so that it matches the workload's pod labels (the template labels of a Deployment):

\`\`\`yaml
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: api
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Network separation and hardening: NetworkPolicies' },
      { framework: 'cis', control: '5.3.2' },
    ],
    sources: [{ tool: 'kube-score', id: 'networkpolicy-targets-pod', relation: 'inspired' }],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: policyResources,
  run(ctx) {
    const model = netpolModelOf(ctx);
    const index = indexOf(model);
    const byNs = index.byNamespace;
    for (const np of model.networkPolicies) {
      const inNs = byNs.get(np.namespace) ?? [];
      if (inNs.length === 0) continue;
      const selected = index.podsIn(np.namespace, np.podSelector);
      if (selected.some((w) => isSelectable(w, model.profile))) continue;
      ctx.report({
        resource: np.resource,
        path: ['spec', 'podSelector'],
        message:
          selected.length > 0
            ? `NetworkPolicy ${np.namespace}/${np.name} selects only host-network pods (${selected.map((w) => w.display).join(', ')}), which NetworkPolicies do not govern`
            : `NetworkPolicy ${np.namespace}/${np.name} selects no pod: none of the ${inNs.length} workload${inNs.length === 1 ? '' : 's'} of namespace ${np.namespace} in the input has labels matching its podSelector`,
      });
    }
    if (model.workloads.length === 0) return;
    for (const p of [...model.adminPolicies, ...model.baselinePolicies]) {
      if (selectWorkloads(index, p.subject).some((w) => isSelectable(w, model.profile))) continue;
      ctx.report({
        resource: p.resource,
        path: ['spec', 'subject'],
        message: `${p.kind} ${p.name} selects no pod: its subject matches none of the ${model.workloads.length} workloads of the input`,
      });
    }
  },
});
