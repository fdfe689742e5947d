import { defineCheck } from '../../engine/define-check.js';
import type { AdminRule, CompiledAdminPolicy } from '../../netpol/admin-policy.js';
import { adminPeerMatches } from '../../netpol/evaluate.js';
import { selectionMatchesWorkload } from '../../netpol/model.js';
import { resolvePorts } from '../../netpol/port-spec.js';
import { CONN_SET_ALGEBRA } from '../../netpol/ports.js';
import type { Peer, WorkloadPeer } from '../../netpol/workloads.js';
import { netpolModelOf, UNKNOWN_POD } from './support.js';

const POLICIES = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: allow-monitoring}
spec:
  priority: 10
  subject: {namespaces: {}}
  ingress:
    - name: from-monitoring
      action: Allow
      from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-cross-namespace}
spec:
  priority: PRIORITY
  subject: {namespaces: {}}
  ingress:
    - name: deny-all
      action: Deny
      from: [{namespaces: {}}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: web:1.0}]}
`;

const FAIL = POLICIES.replace('PRIORITY', '10');
const PASS = POLICIES.replace('PRIORITY', '20');

/** A pair of rules of the two policies that can match the same traffic with different actions. */
function conflict(
  a: CompiledAdminPolicy,
  b: CompiledAdminPolicy,
  peers: readonly Peer[],
  model: Parameters<typeof adminPeerMatches>[0],
): { ra: AdminRule; rb: AdminRule; peer: Peer } | undefined {
  for (const direction of ['ingress', 'egress'] as const)
    for (const ra of a[direction])
      for (const rb of b[direction]) {
        if (ra.action === rb.action) continue;
        // Named ports may resolve to anything: treat them as overlapping.
        const named = [ra.ports, rb.ports].some((p) => p?.some((x) => x.kind === 'named'));
        if (
          !named &&
          CONN_SET_ALGEBRA.intersect(resolvePorts(ra.ports, null), resolvePorts(rb.ports, null)) ===
            CONN_SET_ALGEBRA.empty
        )
          continue;
        const peer = peers.find(
          (p) =>
            ra.peers.some((x) => adminPeerMatches(model, x, p)) &&
            rb.peers.some((x) => adminPeerMatches(model, x, p)),
        );
        if (peer) return { ra, rb, peer };
      }
  return undefined;
}

export default defineCheck({
  meta: {
    id: 'ZT-NET-011',
    slug: 'admin-policy-priority-unique',
    title: 'Overlapping AdminNetworkPolicies must not share a priority',
    pillar: 'segmentation',
    severity: 'medium',
    description: `AdminNetworkPolicies are evaluated in ascending \`priority\`; for two policies with the **same** priority the API says the order is undefined ("the implementation can apply any of the matching policies"). When both select the same pods and have rules with different actions (Allow, Deny, Pass) for the same peers and ports, whether that traffic is allowed depends on the CNI, its version, even on the order objects were created — the opposite of a verifiable policy. (netpol-analyzer refuses such input; kzt reports it and analyses the policies in name order.)

Reported on the later policy (by name) of each pair with equal priority that select a common workload of the input and have, in the same direction, rules with different actions whose peers match a common pod (of the input, or a pod of any namespace) or address and whose ports overlap. Equal priorities that cannot change any verdict are not reported.`,
    remediation: `Give each AdminNetworkPolicy its own priority, lower numbers for what must win:

\`\`\`yaml
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-cross-namespace}
spec:
  priority: 20   # allow-monitoring keeps 10 and is evaluated first
\`\`\``,
    references: [
      'https://network-policy-api.sigs.k8s.io/api-overview/#adminnetworkpolicy-priority',
      'https://network-policy-api.sigs.k8s.io/reference/spec/#policy.networking.k8s.io/v1alpha1.AdminNetworkPolicySpec',
    ],
    frameworks: [{ framework: 'nist-800-207', control: 'tenet 4' }],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: (ctx) => [...ctx.inventory.ofKind('policy.networking.k8s.io', 'AdminNetworkPolicy')],
  run(ctx) {
    const model = netpolModelOf(ctx);
    const anps = model.adminPolicies;
    // Peers to test rules on: the workloads, an unlabelled pod of every namespace the input or
    // the policies name, a pod of a namespace nobody names, and every address range.
    const names = new Set<string>(ctx.inventory.namespaces());
    for (const p of anps)
      for (const r of [...p.ingress, ...p.egress])
        for (const peer of r.peers)
          if (peer.kind === 'pods' && peer.selection.namespaces.kind === 'selector')
            for (const req of peer.selection.namespaces.selector.requirements)
              if (req.key === 'kubernetes.io/metadata.name' && req.operator === 'In')
                for (const v of req.values) names.add(v);
    const probes: Peer[] = [...names]
      .sort()
      .map((ns): WorkloadPeer => ({ ...UNKNOWN_POD, namespace: ns, display: `a pod of namespace ${ns}` }));
    const peers: Peer[] = [...model.workloads, ...probes, UNKNOWN_POD, ...model.destinationAtoms];
    for (let i = 0; i < anps.length; i++)
      for (let j = i + 1; j < anps.length && anps[j]!.priority === anps[i]!.priority; j++) {
        const a = anps[i]!;
        const b = anps[j]!;
        const shared = model.workloads.filter(
          (w) =>
            selectionMatchesWorkload(model, a.subject, w) && selectionMatchesWorkload(model, b.subject, w),
        );
        if (shared.length === 0) continue;
        const c = conflict(a, b, peers, model);
        if (!c) continue;
        const more = shared.length > 1 ? ` (and ${shared.length - 1} more)` : '';
        ctx.report({
          resource: b.resource,
          path: ['spec', 'priority'],
          key: a.name,
          message: `AdminNetworkPolicies ${a.name} and ${b.name} both have priority ${a.priority} and both select ${shared[0]!.display}${more}; their ${c.ra.direction} rules "${c.ra.name}" (${c.ra.action}) and "${c.rb.name}" (${c.rb.action}) both match ${c.peer.display}: the order is undefined, so implementations may decide differently (kzt evaluates ${a.name} first, by name)`,
        });
      }
  },
});
