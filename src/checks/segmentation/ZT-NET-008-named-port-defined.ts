import { defineCheck } from '../../engine/define-check.js';
import { isSelectable } from '../../netpol/model.js';
import type { PortSpec } from '../../netpol/port-spec.js';
import type { PodSelection } from '../../netpol/selection.js';
import { indexOf, selectWorkloads } from '../../netpol/workload-index.js';
import type { WorkloadPeer } from '../../netpol/workloads.js';
import { netpolModelOf, policyLabel, policyResources, ruleName } from './support.js';

const FAIL = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api:1.0, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
    - ports: [{port: https}]
`;

const PASS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api:1.0, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
    - ports: [{port: http}]
`;

function defines(w: WorkloadPeer, p: Extract<PortSpec, { kind: 'named' }>): boolean {
  return w.ports.some((c) => c.name === p.name && (p.protocol === undefined || c.protocol === p.protocol));
}

export default defineCheck({
  meta: {
    id: 'ZT-NET-008',
    slug: 'named-port-defined',
    title: 'Named ports in policy rules must be defined by the pods they apply to',
    pillar: 'segmentation',
    severity: 'medium',
    description: `A named port (\`port: http\`) resolves against the **destination** pod's container ports with that name *and protocol*: for an ingress rule, the pods the policy selects; for an egress rule, the pods the rule's peers select. When no such pod defines it, the port entry matches nothing: the traffic the rule was meant to allow is denied (an outage waiting for the next deploy), or the entry silently does nothing next to others. The usual causes are a renamed container port, a \`UDP\` port named in a rule without \`protocol: UDP\`, or a name resolved on the wrong side (the source's ports, as some CNIs got wrong).

Reported per port entry, for NetworkPolicy rules and AdminNetworkPolicy/BaselineAdminNetworkPolicy \`namedPort\`s, when the pods the name resolves on are in the input and none of them defines it; a rule whose destinations are not in the input is not judged.`,
    remediation: `Use a name the destination pods declare (with the same protocol), or the port number:

\`\`\`yaml
ingress:
  - ports:
      - port: http        # containerPort 8080 named "http" in the pod template
        protocol: TCP
\`\`\``,
    references: [
      'https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec',
      'https://network-policy-api.sigs.k8s.io/reference/spec/#policy.networking.k8s.io/v1alpha1.AdminNetworkPolicyPort',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Network separation and hardening: NetworkPolicies' },
      { framework: 'cis', control: '5.3.2' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: policyResources,
  run(ctx) {
    const model = netpolModelOf(ctx);
    const index = indexOf(model);
    // The selectable workloads any of the selections matches, in model order.
    const matchedBy = (sels: PodSelection[]): readonly WorkloadPeer[] => {
      const found = new Set<WorkloadPeer>();
      for (const s of sels)
        for (const w of selectWorkloads(index, s)) if (isSelectable(w, model.profile)) found.add(w);
      return [...found].sort((a, b) => a.index - b.index);
    };
    const check = (
      policy: Parameters<typeof policyLabel>[0],
      rule: {
        direction: 'ingress' | 'egress';
        index: number;
        name?: string;
        ports: readonly PortSpec[] | null;
        path: readonly (string | number)[];
      },
      destinations: readonly WorkloadPeer[],
      named: 'port' | 'namedPort',
    ) => {
      if (destinations.length === 0 || !rule.ports) return;
      rule.ports.forEach((p, j) => {
        if (p.kind !== 'named' || destinations.some((w) => defines(w, p))) return;
        const proto = p.protocol ? `${p.protocol} ` : '';
        const whose =
          rule.direction === 'ingress'
            ? `the pods the policy selects (${destinations
                .map((w) => w.display)
                .slice(0, 3)
                .join(', ')}${destinations.length > 3 ? ', ...' : ''})`
            : `the destinations the rule selects (${destinations
                .map((w) => w.display)
                .slice(0, 3)
                .join(', ')}${destinations.length > 3 ? ', ...' : ''})`;
        ctx.report({
          resource: policy.resource,
          path: [...rule.path, 'ports', j, named],
          key: `${rule.direction}:${rule.index}:${j}`,
          message: `${policyLabel(policy)} ${ruleName({ direction: rule.direction, ruleIndex: rule.index, ruleName: rule.name })}: no ${proto}container port named "${p.name}" in ${whose}; this port entry matches nothing`,
        });
      });
    };
    for (const np of model.networkPolicies) {
      const subjects = index.podsIn(np.namespace, np.podSelector);
      for (const r of np.ingress) check(np, r, subjects, 'port');
      if (subjects.length === 0) continue;
      for (const r of np.egress) {
        if (!r.ports?.some((p) => p.kind === 'named')) continue;
        const dsts =
          r.peers === null
            ? model.workloads
            : matchedBy(r.peers.flatMap((p) => (p.kind === 'pods' ? [p.selection] : [])));
        check(np, r, dsts, 'port');
      }
    }
    for (const p of [...model.adminPolicies, ...model.baselinePolicies]) {
      const subjects = selectWorkloads(index, p.subject).filter((w) => isSelectable(w, model.profile));
      if (subjects.length === 0) continue;
      for (const r of p.ingress) check(p, r, subjects, 'namedPort');
      for (const r of p.egress) {
        if (!r.ports?.some((x) => x.kind === 'named')) continue;
        check(p, r, matchedBy(r.peers.flatMap((x) => (x.kind === 'pods' ? [x.selection] : []))), 'namedPort');
      }
    }
  },
});
