import { defineCheck } from '../../engine/define-check.js';
import { isSelectable } from '../../netpol/model.js';
import { indexOf, selectWorkloads } from '../../netpol/workload-index.js';
import {
  adminRuleAdmitsEveryone,
  evaluateAt,
  listNames,
  netpolModelOf,
  npRuleAdmitsEveryone,
  policyLabel,
  policyResources,
  portsAreAll,
  ruleName,
  UNKNOWN_POD,
} from './support.js';

const FAIL = `apiVersion: apps/v1
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
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  egress:
    - {}
`;

const PASS = `apiVersion: apps/v1
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
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  egress:
    - to: [{podSelector: {matchLabels: {app: api}}}]
      ports: [{port: 8080}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-NET-006',
    slug: 'no-allow-all-egress',
    title: 'Egress rules must not allow every destination on every port',
    pillar: 'segmentation',
    severity: 'medium',
    description: `An egress rule with no \`to\` and no \`ports\` (\`egress: [{}]\`), or one whose peers cover every pod of every namespace and \`0.0.0.0/0\` on every port, allows the selected pods to connect anywhere: it undoes egress isolation while looking like a policy. A compromised workload can then scan the cluster, reach the cloud metadata service and exfiltrate data.

kzt reports such a rule (NetworkPolicy, or AdminNetworkPolicy/BaselineAdminNetworkPolicy \`Allow\`) when it selects at least one workload of the input for which the exact engine says the rule actually allows traffic — an allow-all that a higher-priority AdminNetworkPolicy Deny overrides completely is not reported.`,
    remediation: `List the destinations the workload calls (and DNS):

\`\`\`yaml
egress:
  - to: [{podSelector: {matchLabels: {app: api}}}]
    ports: [{port: 8080}]
  - to:
      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
        podSelector: {matchLabels: {k8s-app: kube-dns}}
    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-egress-traffic',
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
    const model = netpolModelOf(ctx);
    const index = indexOf(model);
    for (const np of model.networkPolicies) {
      const rules = np.egress.filter((r) => npRuleAdmitsEveryone(r) && portsAreAll(r.ports));
      if (rules.length === 0) continue;
      const subjects = index
        .podsIn(np.namespace, np.podSelector)
        .filter((w) => isSelectable(w, model.profile));
      for (const r of rules) {
        const effective = subjects.filter((w) => {
          const d = evaluateAt(ctx, 'egress', w, UNKNOWN_POD);
          return (
            d.networkPolicy.matches.some((m) => m.policy === np && m.ruleIndex === r.index) &&
            !isNone(d.allowedByNetworkPolicy)
          );
        });
        if (effective.length === 0) continue;
        ctx.report({
          resource: np.resource,
          path: r.path,
          key: `egress:${r.index}`,
          message: `${policyLabel(np)} ${ruleName({ direction: 'egress', ruleIndex: r.index })} allows every destination on every port to ${listNames(effective.map((w) => w.display))}`,
        });
      }
    }
    for (const p of [...model.adminPolicies, ...model.baselinePolicies]) {
      for (const r of p.egress) {
        if (r.action !== 'Allow' || !adminRuleAdmitsEveryone(r) || !portsAreAll(r.ports)) continue;
        const effective = selectWorkloads(index, p.subject).filter((w) => {
          if (!isSelectable(w, model.profile)) return false;
          const d = evaluateAt(ctx, 'egress', w, UNKNOWN_POD);
          return [...d.admin.matches, ...d.baseline.matches].some(
            (m) => m.policy === p && m.ruleIndex === r.index && !isNone(m.effect),
          );
        });
        if (effective.length === 0) continue;
        ctx.report({
          resource: p.resource,
          path: r.path,
          key: `egress:${r.index}`,
          message: `${policyLabel(p)} ${ruleName({ direction: 'egress', ruleIndex: r.index, ruleName: r.name })} allows every pod and address on every port to ${listNames(effective.map((w) => w.display))}`,
        });
      }
    }
  },
});

function isNone(c: { TCP: readonly number[]; UDP: readonly number[]; SCTP: readonly number[] }): boolean {
  return c.TCP.length === 0 && c.UDP.length === 0 && c.SCTP.length === 0;
}
