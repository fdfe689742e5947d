import { defineCheck } from '../../engine/define-check.js';
import { defaultDenyProblems, namespaceTargets } from './default-deny.js';

const FAIL = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1.0}]}
`;

const PASS = `${FAIL}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

export default defineCheck({
  meta: {
    id: 'ZT-NET-001',
    slug: 'namespace-default-deny-ingress',
    title: 'Namespaces must deny ingress by default',
    pillar: 'segmentation',
    severity: 'high',
    description: `Kubernetes allows all traffic to a pod until a NetworkPolicy selects it for ingress. Without a namespace-wide default deny, every new workload — and every workload whose policy selects the wrong labels — accepts connections from every pod of the cluster and from every address that can route to it. Zero Trust starts from deny: access is granted by explicit rules, never by the absence of one.

A namespace is default-deny for ingress when every pod in it, present or future, is isolated for ingress by a mechanism that does not depend on pod labels:

- a NetworkPolicy with \`podSelector: {}\` whose policyTypes (as the API server defaults them) include \`Ingress\`, unless a rule of such a policy allows every source on every port (\`ingress: [{}]\`), which voids it;
- or an AdminNetworkPolicy whose subject covers every pod of the namespace and whose first rule matching every pod on every port is \`Deny\` (an earlier \`Allow\` of everything voids the namespace's deny; a \`Pass\` hands over to the NetworkPolicy tier);
- or the BaselineAdminNetworkPolicy covering the namespace, when its first rule matching every pod on every port is \`Deny\`.

Namespaces are those holding at least one workload of the input that a policy can select (host-network pods cannot be). The finding is on the Namespace object, on the namespace-wide policy that comes close (wrong policyTypes, an allow-everything rule), or on the first workload when the input has no Namespace object.`,
    remediation: `Add a default deny to the namespace, then allow what each workload needs:

\`\`\`yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
\`\`\`

\`kzt netpol generate --flows F\` writes the default deny and the allow policies from observed traffic.`,
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic',
      'https://network-policy-api.sigs.k8s.io/api-overview/',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Network separation and hardening: NetworkPolicies (default deny)' },
      { framework: 'cis', control: '5.3.2' },
      { framework: 'nist-800-207', control: 'tenet 3' },
    ],
    sources: [
      { tool: 'kubescape', id: 'C-0054', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0260', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: namespaceTargets,
  run(ctx) {
    for (const p of defaultDenyProblems(ctx, 'ingress'))
      ctx.report({ resource: p.resource, path: p.path, message: p.message, key: p.namespace });
  },
});
