/**
 * How the three policy tiers combine, for one direction of one connection (the egress
 * side is decided at the source pod, the ingress side at the destination pod; a
 * connection needs both):
 *
 * 1. AdminNetworkPolicy: ANPs selecting the pod in ascending priority, their rules in
 *    written order; for each port, the first rule that matches decides: Allow (allowed,
 *    no further tier), Deny (dropped), Pass (skip the remaining ANP rules).
 * 2. NetworkPolicy: if any NP isolates the pod in this direction, the ports not decided
 *    by the ANP tier are allowed iff some rule of those NPs allows them.
 * 3. BaselineAdminNetworkPolicy, only when no NP isolates the pod: first matching rule
 *    decides, Allow or Deny.
 * 4. Otherwise allowed.
 *
 * Written once over an algebra of connection sets so the all-pairs engine (interned ids)
 * and the single-pair evaluator (plain sets, with explanations) cannot drift apart.
 */

export interface ConnAlgebra<T> {
  readonly empty: T;
  readonly all: T;
  union(a: T, b: T): T;
  intersect(a: T, b: T): T;
  subtract(a: T, b: T): T;
}

export type FirstMatchAction = 'Allow' | 'Deny' | 'Pass';

/** Ports decided so far by an ordered list of rules (disjoint sets). */
export interface FirstMatchState<T> {
  allow: T;
  deny: T;
  pass: T;
}

export function initialState<T>(alg: ConnAlgebra<T>): FirstMatchState<T> {
  return { allow: alg.empty, deny: alg.empty, pass: alg.empty };
}

/**
 * Applies the next matching rule: it decides the ports it names that no earlier rule
 * decided. Returns the ports it decided (its effect).
 */
export function applyFirstMatch<T>(
  alg: ConnAlgebra<T>,
  state: FirstMatchState<T>,
  action: FirstMatchAction,
  ports: T,
): T {
  const decided = alg.union(alg.union(state.allow, state.deny), state.pass);
  const effect = alg.subtract(ports, decided);
  if (effect === alg.empty) return effect;
  if (action === 'Allow') state.allow = alg.union(state.allow, effect);
  else if (action === 'Deny') state.deny = alg.union(state.deny, effect);
  else state.pass = alg.union(state.pass, effect);
  return effect;
}

export interface TierOutcome<T> {
  /** Allowed by the ANP tier. */
  admin: T;
  /** Allowed by the NetworkPolicy tier (of what the ANP tier left undecided); empty when no NP isolates. */
  networkPolicy: T;
  /** Allowed by BANP rules or by default (of what was left); empty when an NP isolates. */
  baseline: T;
  /** The union: what this direction allows. */
  allowed: T;
}

/**
 * Combines the tiers for one direction.
 * @param admin the ANP fold (undefined: no ANP selects the pod)
 * @param npAllowed the union of allowing NP rules, or undefined when no NP isolates the pod
 * @param baseline the BANP fold (undefined: no BANP selects the pod)
 */
export function combineTiers<T>(
  alg: ConnAlgebra<T>,
  admin: FirstMatchState<T> | undefined,
  npAllowed: T | undefined,
  baseline: FirstMatchState<T> | undefined,
): TierOutcome<T> {
  const adminAllow = admin ? admin.allow : alg.empty;
  const undecided = admin ? alg.subtract(alg.all, alg.union(admin.allow, admin.deny)) : alg.all;
  if (npAllowed !== undefined) {
    const np = alg.intersect(undecided, npAllowed);
    return { admin: adminAllow, networkPolicy: np, baseline: alg.empty, allowed: alg.union(adminAllow, np) };
  }
  const base = baseline ? alg.subtract(undecided, baseline.deny) : undecided;
  return {
    admin: adminAllow,
    networkPolicy: alg.empty,
    baseline: base,
    allowed: alg.union(adminAllow, base),
  };
}
