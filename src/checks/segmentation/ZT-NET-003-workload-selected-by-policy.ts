import { defineCheck } from '../../engine/define-check.js';
import { isSelectable } from '../../netpol/model.js';
import { coverageOf, netpolModelOf, workloadResource, workloadResources } from './support.js';

const FAIL = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api:1.0}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
`;

const PASS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api:1.0}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress, Egress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}]
      ports: [{port: 8080}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-NET-003',
    slug: 'workload-selected-by-policy',
    title: 'Every workload must be selected by a policy in each direction',
    pillar: 'segmentation',
    severity: 'medium',
    description: `Isolation is per pod and per direction. A pod that no NetworkPolicy selects for ingress accepts connections from every pod and address; one that none selects for egress can connect anywhere. Namespace-wide default denies (ZT-NET-001, ZT-NET-002) cover future pods; this check names each workload of the input that is open today, direction by direction, so nothing is left to the default.

A workload counts as selected for a direction when a NetworkPolicy of its namespace selects its pods and has that direction in its policyTypes (defaulted as the API server does), or when an AdminNetworkPolicy or the BaselineAdminNetworkPolicy selects it and has rules for that direction. Host-network pods are not reported: policies cannot select them (ZT-WL-001 reports host networking).`,
    remediation: `Give the workload a policy for both directions, or add namespace-wide default denies:

\`\`\`yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress, Egress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}]
      ports: [{port: 8080}]
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Network separation and hardening: NetworkPolicies' },
      { framework: 'cis', control: '5.3.2' },
      { framework: 'nist-800-207', control: 'tenet 3' },
    ],
    sources: [
      { tool: 'kube-score', id: 'pod-networkpolicy', relation: 'inspired' },
      { tool: 'kube-linter', id: 'non-isolated-pod', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0260', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: workloadResources,
  run(ctx) {
    const model = netpolModelOf(ctx);
    const coverage = coverageOf(ctx);
    for (const w of model.workloads) {
      if (!isSelectable(w, model.profile)) continue;
      const open: string[] = [];
      for (const direction of ['ingress', 'egress'] as const)
        if (!coverage.networkPolicies[direction][w.index] && !coverage.admin[direction][w.index])
          open.push(direction);
      if (open.length === 0) continue;
      const what =
        open.length === 2
          ? 'ingress or egress: it accepts connections from, and connects to, every pod and address'
          : open[0] === 'ingress'
            ? 'ingress: it accepts connections from every pod and address'
            : 'egress: it can connect to every pod and address';
      ctx.report({
        resource: workloadResource(w),
        path: ['metadata', 'name'],
        key: `${w.display}:${open.join('+')}`,
        message: `${w.display} is selected by no policy for ${what}`,
      });
    }
  },
});
