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
  /** One evaluation per workload for this scan (a Map: the memo lives as long as the scan). */
  evaluations: Map<Workload, PodEvaluation>;
}

function state(memo: Memo, policy: PssPolicy): SharedState {
  return memo(`pss:${policy.level}:${policy.version}`, () => ({
    active: new Set(checksAt(policy)),
    evaluations: new Map<Workload, PodEvaluation>(),
  }));
}

function evaluationIn(s: SharedState, policy: PssPolicy, w: Workload): PodEvaluation {
  let e = s.evaluations.get(w);
  if (!e) {
    e = evaluateWorkload(w, policy);
    s.evaluations.set(w, e);
  }
  return e;
}

/** Whether an upstream check runs at the policy (it exists at the version and is not overridden). */
export function isCheckActive(memo: Memo, policy: PssPolicy, id: CheckId): boolean {
  return state(memo, policy).active.has(id);
}

/** The workload's evaluation, computed once per scan. */
export function sharedEvaluation(memo: Memo, policy: PssPolicy, w: Workload): PodEvaluation {
  return evaluationIn(state(memo, policy), policy, w);
}

/** The violation of one check for a workload, or undefined when the check passes or does not run. */
export function sharedViolation(
  memo: Memo,
  policy: PssPolicy,
  w: Workload,
  id: CheckId,
): PssViolation | undefined {
  const s = state(memo, policy);
  if (!s.active.has(id)) return undefined;
  return evaluationIn(s, policy, w).violations.find((v) => v.check === id);
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
  // The engine gives each check one context per scan: resolve the shared state once per context.
  let s = stateByContext.get(ctx);
  if (!s) {
    s = state((key, compute) => ctx.memo(key, compute), ctx.options.pss);
    stateByContext.set(ctx, s);
  }
  if (!s.active.has(id)) return;
  const violation = evaluationIn(s, ctx.options.pss, w).violations.find((v) => v.check === id);
  if (!violation) return;
  for (const field of violation.fields) {
    const severity = severityOf?.(field);
    if (severity === undefined)
      ctx.report({ resource: w.resource, path: field.path, message: field.message });
    else ctx.report({ resource: w.resource, path: field.path, message: field.message, severity });
  }
}

const stateByContext = new WeakMap<object, SharedState>();
