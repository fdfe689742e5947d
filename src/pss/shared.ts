/**
 * One PSS evaluation per workload per scan, shared by every catalogue check (ZT-WL-001
 * to ZT-WL-019) through the engine's memo. Structural types only: no engine import.
 */
import type { Workload } from '../model/workloads.js';
import {
  checksAt,
  evaluateWorkload,
  type PodEvaluation,
  type PssPolicy,
  type PssViolation,
} from './evaluate.js';
import type { CheckId } from './types.js';

type Memo = <T>(key: string, compute: () => T) => T;

interface SharedState {
  active: ReadonlySet<CheckId>;
  evaluations: WeakMap<Workload, PodEvaluation>;
}

function state(memo: Memo, policy: PssPolicy): SharedState {
  return memo(`pss:${policy.level}:${policy.version}`, () => ({
    active: new Set(checksAt(policy)),
    evaluations: new WeakMap<Workload, PodEvaluation>(),
  }));
}

/** Whether an upstream check runs at the policy (it exists at the version and is not overridden). */
export function isCheckActive(memo: Memo, policy: PssPolicy, id: CheckId): boolean {
  return state(memo, policy).active.has(id);
}

/** The workload's evaluation, computed once per scan. */
export function sharedEvaluation(memo: Memo, policy: PssPolicy, w: Workload): PodEvaluation {
  const s = state(memo, policy);
  let e = s.evaluations.get(w);
  if (!e) {
    e = evaluateWorkload(w, policy);
    s.evaluations.set(w, e);
  }
  return e;
}

/** The violation of one check for a workload, or undefined when the check passes or does not run. */
export function sharedViolation(
  memo: Memo,
  policy: PssPolicy,
  w: Workload,
  id: CheckId,
): PssViolation | undefined {
  if (!isCheckActive(memo, policy, id)) return undefined;
  return sharedEvaluation(memo, policy, w).violations.find((v) => v.check === id);
}
