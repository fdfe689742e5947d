/**
 * One connection, evaluated directly from the policies, with the reasons: for each
 * direction and tier, which policies select the pod, which of their rules match the
 * peer, and which ports each rule decided. `kzt netpol explain` prints this; the
 * all-pairs engine (connectivity.ts) computes the same allowed sets on equivalence
 * classes, and the tests check that they agree.
 */
import type { SourceLocation } from '../model/types.js';
import type { AdminPeer, CompiledAdminPolicy } from './admin-policy.js';
import {
  INGRESS_CONTROLLER_SELECTABLE,
  ipSetMatchesWorkload,
  isSelectable,
  type NetpolModel,
  networkPolicySelects,
  selectionMatchesWorkload,
} from './model.js';
import type { CompiledNetworkPolicy, Direction, NpPeer } from './network-policy.js';
import { resolvePorts } from './port-spec.js';
import { ALL_CONNS, CONN_SET_ALGEBRA, type ConnSet, NO_CONNS } from './ports.js';
import { type PodSelection, selectionMatches } from './selection.js';
import { applyFirstMatch, combineTiers, type FirstMatchAction, initialState } from './tiers.js';
import type { Peer, WorkloadPeer } from './workloads.js';

export interface RuleMatch {
  readonly policy: CompiledNetworkPolicy | CompiledAdminPolicy;
  readonly direction: Direction;
  /** 0-based rule index in spec.ingress / spec.egress. */
  readonly ruleIndex: number;
  /** ANP/BANP rule name. */
  readonly ruleName: string | undefined;
  readonly action: FirstMatchAction;
  /** The ports the rule names, for this destination. */
  readonly ports: ConnSet;
  /** The ports this rule decided (ANP/BANP: not decided by an earlier rule; NP: all of `ports`). */
  readonly effect: ConnSet;
  readonly location: SourceLocation;
}

export interface DirectionResult {
  readonly direction: Direction;
  /** The pod whose policies decide this direction (destination for ingress, source for egress). */
  readonly subject: WorkloadPeer | undefined;
  /** False when no policy can apply: an external or ingress-controller side, or a hostNetwork pod (k8s). */
  readonly enforced: boolean;
  readonly admin: {
    readonly policies: readonly CompiledAdminPolicy[];
    readonly matches: readonly RuleMatch[];
    readonly allowed: ConnSet;
    readonly denied: ConnSet;
    readonly passed: ConnSet;
  };
  readonly networkPolicy: {
    /** NPs that select the pod and isolate it in this direction. */
    readonly isolating: readonly CompiledNetworkPolicy[];
    readonly matches: readonly RuleMatch[];
    /** Union of the matching rules' ports (before the ANP tier is taken into account). */
    readonly ruleUnion: ConnSet;
  };
  readonly baseline: {
    /** Whether the baseline tier was consulted (no NP isolates the pod). */
    readonly consulted: boolean;
    readonly policies: readonly CompiledAdminPolicy[];
    readonly matches: readonly RuleMatch[];
    readonly denied: ConnSet;
  };
  /** What each tier contributed to `allowed`. */
  readonly allowedByAdmin: ConnSet;
  readonly allowedByNetworkPolicy: ConnSet;
  /** Allowed by BANP Allow rules or by default (no tier denied). */
  readonly allowedByBaselineOrDefault: ConnSet;
  readonly allowed: ConnSet;
}

export interface PairResult {
  readonly src: Peer;
  readonly dst: Peer;
  readonly egress: DirectionResult;
  readonly ingress: DirectionResult;
  /** Both directions allow it (and, from the ingress controller, the destination exposes it). */
  readonly allowed: ConnSet;
  /** For the ingress controller: the ports Ingress/Route objects expose on the destination. */
  readonly exposure?: ConnSet;
}

/** Whether a pod-selecting peer matches the other side. */
function selectionMatchesPeer(model: NetpolModel, sel: PodSelection, other: Peer): boolean {
  if (other.type === 'workload') return selectionMatchesWorkload(model, sel, other);
  if (other.type === 'ingress-controller') return selectionMatches(sel, INGRESS_CONTROLLER_SELECTABLE);
  return false;
}

function ipSetMatchesPeer(model: NetpolModel, set: readonly number[], other: Peer): boolean {
  if (other.type === 'external') {
    // The whole range must be inside (atoms always are either inside or outside).
    for (let i = 0; i < set.length; i += 2)
      if (other.first >= set[i]! && other.last <= set[i + 1]!) return true;
    return false;
  }
  if (other.type === 'workload') return ipSetMatchesWorkload(model.profile, set, other);
  return false;
}

export function npPeerMatches(model: NetpolModel, peer: NpPeer, other: Peer): boolean {
  if (peer.kind === 'pods') return selectionMatchesPeer(model, peer.selection, other);
  if (peer.kind === 'ipBlock') return ipSetMatchesPeer(model, peer.set, other);
  return false;
}

export function adminPeerMatches(model: NetpolModel, peer: AdminPeer, other: Peer): boolean {
  if (peer.kind === 'pods') return selectionMatchesPeer(model, peer.selection, other);
  if (peer.kind === 'networks') return ipSetMatchesPeer(model, peer.set, other);
  return false;
}

function unenforced(direction: Direction, subject: WorkloadPeer | undefined): DirectionResult {
  return {
    direction,
    subject,
    enforced: false,
    admin: { policies: [], matches: [], allowed: NO_CONNS, denied: NO_CONNS, passed: NO_CONNS },
    networkPolicy: { isolating: [], matches: [], ruleUnion: NO_CONNS },
    baseline: { consulted: false, policies: [], matches: [], denied: NO_CONNS },
    allowedByAdmin: NO_CONNS,
    allowedByNetworkPolicy: NO_CONNS,
    allowedByBaselineOrDefault: ALL_CONNS,
    allowed: ALL_CONNS,
  };
}

/** Evaluates one direction at `subject` for traffic with `other` (dstPorts: where named ports resolve). */
export function evaluateDirection(
  model: NetpolModel,
  direction: Direction,
  subject: Peer,
  other: Peer,
  dst: Peer,
): DirectionResult {
  if (subject.type !== 'workload') return unenforced(direction, undefined);
  if (!isSelectable(subject, model.profile)) return unenforced(direction, subject);
  const alg = CONN_SET_ALGEBRA;
  const dstPorts = dst.type === 'workload' ? dst.ports : null;

  const admins = model.adminPolicies.filter((p) => selectionMatchesWorkload(model, p.subject, subject));
  const adminState = initialState(alg);
  const adminMatches: RuleMatch[] = [];
  for (const p of admins) {
    for (const r of p[direction]) {
      if (!r.peers.some((peer) => adminPeerMatches(model, peer, other))) continue;
      const ports = resolvePorts(r.ports, dstPorts);
      const effect = applyFirstMatch(alg, adminState, r.action, ports);
      adminMatches.push({
        policy: p,
        direction,
        ruleIndex: r.index,
        ruleName: r.name,
        action: r.action,
        ports,
        effect,
        location: p.resource.locate(r.path),
      });
    }
  }

  const isolating = model.networkPolicies.filter(
    (np) =>
      (direction === 'ingress' ? np.isolatesIngress : np.isolatesEgress) &&
      networkPolicySelects(model, np, subject),
  );
  const npMatches: RuleMatch[] = [];
  let ruleUnion = NO_CONNS;
  for (const np of isolating) {
    for (const r of np[direction]) {
      if (r.peers !== null && !r.peers.some((peer) => npPeerMatches(model, peer, other))) continue;
      const ports = resolvePorts(r.ports, dstPorts);
      ruleUnion = alg.union(ruleUnion, ports);
      npMatches.push({
        policy: np,
        direction,
        ruleIndex: r.index,
        ruleName: undefined,
        action: 'Allow',
        ports,
        effect: ports,
        location: np.resource.locate(r.path),
      });
    }
  }

  const consulted = isolating.length === 0;
  const baselines = consulted
    ? model.baselinePolicies.filter((p) => selectionMatchesWorkload(model, p.subject, subject))
    : [];
  const baseState = initialState(alg);
  const baseMatches: RuleMatch[] = [];
  for (const p of baselines) {
    for (const r of p[direction]) {
      if (!r.peers.some((peer) => adminPeerMatches(model, peer, other))) continue;
      const ports = resolvePorts(r.ports, dstPorts);
      const effect = applyFirstMatch(alg, baseState, r.action, ports);
      baseMatches.push({
        policy: p,
        direction,
        ruleIndex: r.index,
        ruleName: r.name,
        action: r.action,
        ports,
        effect,
        location: p.resource.locate(r.path),
      });
    }
  }

  const outcome = combineTiers(
    alg,
    admins.length ? adminState : undefined,
    isolating.length ? ruleUnion : undefined,
    baselines.length ? baseState : undefined,
  );
  return {
    direction,
    subject,
    enforced: true,
    admin: {
      policies: admins,
      matches: adminMatches,
      allowed: adminState.allow,
      denied: adminState.deny,
      passed: adminState.pass,
    },
    networkPolicy: { isolating, matches: npMatches, ruleUnion },
    baseline: { consulted, policies: baselines, matches: baseMatches, denied: baseState.deny },
    allowedByAdmin: outcome.admin,
    allowedByNetworkPolicy: outcome.networkPolicy,
    allowedByBaselineOrDefault: outcome.baseline,
    allowed: outcome.allowed,
  };
}

/** Evaluates the connection from `src` to `dst`. */
export function evaluatePair(model: NetpolModel, src: Peer, dst: Peer): PairResult {
  const egress = evaluateDirection(model, 'egress', src, dst, dst);
  const ingress = evaluateDirection(model, 'ingress', dst, src, dst);
  let allowed = CONN_SET_ALGEBRA.intersect(egress.allowed, ingress.allowed);
  if (src.type === 'ingress-controller') {
    const exposure = (dst.type === 'workload' && model.exposure.get(dst.index)) || NO_CONNS;
    allowed = CONN_SET_ALGEBRA.intersect(allowed, exposure);
    return { src, dst, egress, ingress, allowed, exposure };
  }
  return { src, dst, egress, ingress, allowed };
}
