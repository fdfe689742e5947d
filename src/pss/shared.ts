/**
 * One PSS evaluation per workload per scan, shared by every catalogue check (ZT-WL-001
 * to ZT-WL-019) through the engine's memo. Structural types only: no engine import.
 */
import type { JsonPath } from '../model/types.js';
import type { Workload } from '../model/workloads.js';
import {
  checksAt,
  evaluateWorkload,
  type PodEvaluation,
  type PssPolicy,
  type PssViolation,
} from './evaluate.js';
import type { CheckId, PssField } from './types.js';

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

/** The part of the engine's CheckContext the catalogue checks use (structural: no engine import). */
export interface PssCheckContext<S extends string> {
  readonly options: { readonly pss: PssPolicy };
  memo<T>(key: string, compute: () => T): T;
  report(finding: {
    resource: Workload['resource'];
    path?: JsonPath;
    message: string;
    severity?: S;
    key?: string;
  }): void;
}

/**
 * Reports one finding per offending field of a check's violation for a workload, with
 * the field's path from the resource root. `severityOf` may raise or lower the severity
 * of a field (e.g. a hostPath volume found by restrictedVolumes).
 */
export function reportPssViolation<S extends string>(
  ctx: PssCheckContext<S>,
  w: Workload,
  id: CheckId,
  severityOf?: (field: PssField) => S | undefined,
): void {
  const violation = sharedViolation(ctx.memo.bind(ctx), ctx.options.pss, w, id);
  if (!violation) return;
  for (const field of violation.fields) {
    const severity = severityOf?.(field);
    ctx.report({
      resource: w.resource,
      path: field.path,
      message: field.message,
      ...(severity === undefined ? {} : { severity }),
    });
  }
}
