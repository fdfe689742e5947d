/**
 * Whether a namespace denies traffic by default in one direction (ZT-NET-001, -002).
 *
 * Every pod of the namespace, present or future, must be isolated for the direction by
 * a mechanism that does not depend on pod labels, so that traffic is denied unless a
 * rule allows it:
 *
 * 1. AdminNetworkPolicies whose subject covers every pod of the namespace are walked in
 *    evaluation order; the first rule that matches every peer (every pod of every
 *    namespace, and on egress every address) on every port decides: Deny → default
 *    deny; Allow → it voids any default deny; Pass → the NetworkPolicy tier decides.
 * 2. A NetworkPolicy of the namespace with `podSelector: {}` whose (defaulted)
 *    policyTypes include the direction isolates every pod — unless a rule of such a
 *    policy allows every peer on every port (`- {}`), which voids it.
 * 3. The BaselineAdminNetworkPolicy covering the namespace, when its first
 *    match-everything rule is Deny (it applies to every pod no NetworkPolicy isolates).
 *
 * Rules that allow some peers or ports are allowances, judged by other checks.
 */
import type { CheckContext } from '../../engine/types.js';
import { selectorMatches } from '../../model/selectors.js';
import type { JsonPath, Resource } from '../../model/types.js';
import type { CompiledAdminPolicy } from '../../netpol/admin-policy.js';
import type { Direction } from '../../netpol/network-policy.js';
import {
  adminRuleAdmitsEveryone,
  namespaceModel,
  namespacesWithWorkloads,
  namespaceTarget,
  netpolModelOf,
  npRuleAdmitsEveryone,
  portsAreAll,
} from './support.js';

export interface DefaultDenyProblem {
  namespace: string;
  resource: Resource;
  path: JsonPath;
  message: string;
}

function coversNamespace(p: CompiledAdminPolicy, labels: Record<string, string>): boolean {
  const s = p.subject;
  return (
    s.pods.matchesAll && s.namespaces.kind === 'selector' && selectorMatches(s.namespaces.selector, labels)
  );
}

const verb = (d: Direction) => (d === 'ingress' ? 'accepts connections from' : 'can connect to');

export function defaultDenyProblems(ctx: CheckContext, direction: Direction): DefaultDenyProblem[] {
  const model = netpolModelOf(ctx);
  const out: DefaultDenyProblem[] = [];
  const Dir = direction === 'ingress' ? 'Ingress' : 'Egress';
  for (const ns of namespacesWithWorkloads(model)) {
    const labels = { ...(model.namespaceLabels.get(ns) ?? {}), 'kubernetes.io/metadata.name': ns };
    const target = namespaceTarget(ctx, ns);
    if (!target) continue;

    // 1. Admin tier.
    let decided: 'deny' | 'pass' | undefined;
    let voidedBy: { resource: Resource; path: JsonPath; message: string } | undefined;
    for (const p of model.adminPolicies) {
      if (!coversNamespace(p, labels)) continue;
      const r = p[direction].find((x) => adminRuleAdmitsEveryone(x) && portsAreAll(x.ports));
      if (!r) continue;
      if (r.action === 'Deny') decided = 'deny';
      else if (r.action === 'Pass') decided = 'pass';
      else
        voidedBy = {
          resource: p.resource,
          path: r.path,
          message: `AdminNetworkPolicy ${p.name} (priority ${p.priority}) allows ${direction} ${direction === 'ingress' ? 'from' : 'to'} every ${direction === 'ingress' ? 'pod' : 'pod and address'} for every pod of namespace ${ns} (rule "${r.name}"), before any deny: nothing in ${ns} is denied by default`,
        };
      break;
    }
    if (decided === 'deny') continue;
    if (voidedBy) {
      out.push({ namespace: ns, ...voidedBy });
      continue;
    }

    // 2. NetworkPolicy tier.
    const wide = namespaceModel(ctx, ns).networkPolicies.filter((np) => np.podSelector.matchesAll);
    const isolating = wide.filter((np) => (direction === 'ingress' ? np.isolatesIngress : np.isolatesEgress));
    if (isolating.length > 0) {
      let voiding: { np: (typeof isolating)[number]; index: number; path: JsonPath } | undefined;
      for (const np of isolating)
        for (const r of np[direction])
          if (!voiding && npRuleAdmitsEveryone(r) && portsAreAll(r.ports))
            voiding = { np, index: r.index, path: r.path };
      if (!voiding) continue;
      out.push({
        namespace: ns,
        resource: voiding.np.resource,
        path: voiding.path,
        message: `NetworkPolicy ${ns}/${voiding.np.name} isolates every pod of namespace ${ns} for ${direction}, but its ${direction} rule #${voiding.index + 1} allows every ${direction === 'ingress' ? 'source' : 'destination'} on every port, so nothing is denied by default`,
      });
      continue;
    }

    // 3. Baseline tier.
    const base = model.baselinePolicies.find((p) => coversNamespace(p, labels));
    const baseRule = base?.[direction].find((x) => adminRuleAdmitsEveryone(x) && portsAreAll(x.ports));
    if (baseRule?.action === 'Deny') continue;

    // No mechanism. A namespace-wide policy that does not cover this direction is the usual cause.
    const near = wide[0];
    if (near) {
      // Defaults are applied at load; a field the source does not have locates to its parent.
      const at = near.resource.locate(['spec', 'policyTypes']);
      const parent = near.resource.locate(['spec']);
      const explicit = at.line !== parent.line || at.column !== parent.column;
      const types = [near.isolatesIngress ? 'Ingress' : '', near.isolatesEgress ? 'Egress' : ''].filter(
        Boolean,
      );
      out.push({
        namespace: ns,
        resource: near.resource,
        path: explicit ? ['spec', 'policyTypes'] : ['spec'],
        message: explicit
          ? `NetworkPolicy ${ns}/${near.name} selects every pod of namespace ${ns} but its policyTypes [${types.join(', ')}] do not include ${Dir}: a pod that no other policy selects ${verb(direction)} every pod and address`
          : `NetworkPolicy ${ns}/${near.name} selects every pod of namespace ${ns} but does not isolate ${direction}: without policyTypes the API server sets [${types.join(', ')}]${direction === 'egress' ? ' (Egress only when the policy has egress rules)' : ''}; a pod that no other policy selects ${verb(direction)} every pod and address`,
      });
      continue;
    }
    const baseNote =
      baseRule?.action === 'Allow' && base
        ? `; BaselineAdminNetworkPolicy ${base.name} allows everything (rule "${baseRule.name}")`
        : '';
    out.push({
      namespace: ns,
      resource: target.resource,
      path: target.path,
      message: `namespace ${ns} has no default-deny ${direction} policy (a NetworkPolicy with podSelector: {} and policyTypes: [${Dir}] and no ${direction} rules): a pod that no policy selects ${verb(direction)} every pod and address${baseNote}`,
    });
  }
  return out;
}

/** The objects the default-deny checks evaluate: a Namespace object, or a workload standing in for it. */
export function namespaceTargets(ctx: CheckContext): Resource[] {
  const out: Resource[] = [];
  for (const ns of namespacesWithWorkloads(netpolModelOf(ctx))) {
    const t = namespaceTarget(ctx, ns);
    if (t) out.push(t.resource);
  }
  return out;
}
