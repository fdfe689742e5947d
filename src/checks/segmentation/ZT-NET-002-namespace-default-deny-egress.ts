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
---
# Without policyTypes, a policy with no egress rules isolates ingress only.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
`;

const PASS = `apiVersion: v1
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
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

export default defineCheck({
  meta: {
    id: 'ZT-NET-002',
    slug: 'namespace-default-deny-egress',
    title: 'Namespaces must deny egress by default',
    pillar: 'segmentation',
    severity: 'medium',
    description: `A pod that no NetworkPolicy isolates for egress can open connections to every pod of the cluster and to every address on the internet. That is how a compromised workload moves laterally, reaches the cloud metadata endpoint, downloads tooling and exfiltrates data. Zero Trust limits what each workload may call, not only who may call it.

The classic mistake: a "default deny" written as \`podSelector: {}\` without \`policyTypes\` and without egress rules isolates **ingress only**, because the API server defaults \`policyTypes\` to \`[Ingress]\` and adds \`Egress\` only when the policy has egress rules. kzt applies that defaulting and says so.

A namespace is default-deny for egress when every pod in it, present or future, is isolated for egress without depending on pod labels: a NetworkPolicy with \`podSelector: {}\` whose policyTypes include \`Egress\` (not voided by an \`egress: [{}]\` rule of such a policy), an AdminNetworkPolicy covering the namespace whose first rule matching every pod and every address (\`networks: [0.0.0.0/0]\`) on every port is \`Deny\`, or such a BaselineAdminNetworkPolicy. Rules that allow some destinations (DNS, for instance) are allowances; ZT-NET-009 checks that DNS is one of them.`,
    remediation: `Isolate egress for the whole namespace, and allow DNS and what each workload calls:

\`\`\`yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}
      ports:
        - {protocol: UDP, port: 53}
        - {protocol: TCP, port: 53}
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic',
      'https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Network separation and hardening: NetworkPolicies (default deny)' },
      { framework: 'cis', control: '5.3.2' },
      { framework: 'nist-800-207', control: 'tenet 3' },
    ],
    sources: [{ tool: 'kubescape', id: 'C-0260', relation: 'inspired' }],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: namespaceTargets,
  run(ctx) {
    for (const p of defaultDenyProblems(ctx, 'egress'))
      ctx.report({ resource: p.resource, path: p.path, message: p.message, key: p.namespace });
  },
});
