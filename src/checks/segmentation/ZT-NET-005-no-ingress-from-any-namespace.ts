import { defineCheck } from '../../engine/define-check.js';
import { openIngressOf } from './open-ingress.js';
import { policyResources } from './support.js';

const FAIL = `apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: shop}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec: {containers: [{name: orders, image: orders:1.0, ports: [{name: grpc, containerPort: 9000}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: orders, namespace: shop}
spec:
  podSelector: {matchLabels: {app: orders}}
  ingress:
    - from: [{namespaceSelector: {}}]
      ports: [{port: grpc}]
`;

const PASS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: shop}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec: {containers: [{name: orders, image: orders:1.0, ports: [{name: grpc, containerPort: 9000}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: orders, namespace: shop}
spec:
  podSelector: {matchLabels: {app: orders}}
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
          podSelector: {matchLabels: {app: frontend}}
      ports: [{port: grpc}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-NET-005',
    slug: 'no-ingress-from-any-namespace',
    title: 'Internal workloads must not accept connections from every namespace',
    pillar: 'segmentation',
    severity: 'medium',
    description: `\`namespaceSelector: {}\` selects every namespace — including ones created tomorrow by another team, a CI job or an attacker with namespace-create rights. A rule that admits every pod of every namespace makes the workload's reachability depend on everything else in the cluster, which is the opposite of least privilege and the path attackers use to move laterally after compromising any one pod.

kzt asks the exact engine whether a pod **without labels in a namespace the input does not contain** could open a connection to the workload; if an explicit rule allows it (a NetworkPolicy rule, an AdminNetworkPolicy or BaselineAdminNetworkPolicy Allow), the rule is reported with the workloads and ports it opens. Selectors that exclude some namespaces (\`NotIn\`, \`DoesNotExist\`) still match a namespace nobody labelled, and are reported. Rules already reported by ZT-NET-004 (open to the internet) are not repeated. Edge-facing workloads (behind an Ingress, Route or Gateway route, or a LoadBalancer/NodePort Service) are exempt.`,
    remediation: `Name the namespaces, by the label the control plane sets, and the pods:

\`\`\`yaml
ingress:
  - from:
      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
        podSelector: {matchLabels: {app: frontend}}
    ports: [{port: grpc}]
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Network separation and hardening: NetworkPolicies' },
      { framework: 'cis', control: '5.3.2' },
      { framework: 'nist-800-207', control: 'tenet 3' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: policyResources,
  run(ctx) {
    for (const f of openIngressOf(ctx).anyNamespace)
      ctx.report({ resource: f.resource, path: f.path, key: f.key, message: f.message });
  },
});
