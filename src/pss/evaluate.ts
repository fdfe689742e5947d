/**
 * Evaluating pods against a Pod Security Standards level and version.
 *
 * API:
 * - `evaluatePod({metadata, spec}, {level, version})` → `PodEvaluation`: `allowed`, the
 *   level, the requested and the effective (clamped) version, the violations in upstream
 *   order — each `{check, reason, detail, fields}` with fields' paths from the pod root
 *   ('metadata' | 'spec' first) — and the fields the API server would refuse to decode.
 * - `evaluateWorkload(workload, policy)`: the same for the pod of any pod-bearing object
 *   (model/workloads.ts), with paths from the resource root.
 * - `forbiddenReason`, `forbiddenDetail`, `denialMessage`: upstream's aggregated wording,
 *   e.g. `violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (...)`.
 *
 * Pure and cheap: one decoding pass, then only the checks of the level/version run.
 * Never throws on pod content; throws InvalidPssPolicyError for an invalid level/version.
 */
import type { Workload } from '../model/workloads.js';
import { decodePod, type FieldProblem, type PodView } from './pod-view.js';
import { type ActiveCheck, activeChecks, NEWEST_MINOR } from './registry.js';
import type { CheckFailure, CheckId, PssLevel } from './types.js';
import { effectiveMinor, InvalidPssVersionError, parseVersion } from './version.js';

export interface PssPolicy {
  level: PssLevel;
  /** 'latest' or 'v1.N'. */
  version: string;
}

export interface PssViolation extends CheckFailure {
  readonly check: CheckId;
}

export interface PodEvaluation {
  readonly allowed: boolean;
  readonly level: PssLevel;
  /** The version as requested ('latest', 'v1.40'). Upstream's messages name this one. */
  readonly requestedVersion: string;
  /** The version whose checks ran: the requested one clamped to the newest known ('v1.37'). */
  readonly version: string;
  readonly violations: readonly PssViolation[];
  /** Fields of the wrong JSON type: the API server would reject the object; evaluated as absent. */
  readonly problems: readonly FieldProblem[];
}

export class InvalidPssPolicyError extends Error {
  override readonly name = 'InvalidPssPolicyError';
}

export const PSS_LEVELS: readonly PssLevel[] = ['privileged', 'baseline', 'restricted'];

export function isPssLevel(v: unknown): v is PssLevel {
  return v === 'privileged' || v === 'baseline' || v === 'restricted';
}

interface CompiledPolicy {
  level: PssLevel;
  requestedVersion: string;
  version: string;
  checks: readonly ActiveCheck[];
}

const compiled = new Map<string, CompiledPolicy>();

/** Validates and resolves a policy once; cached, so evaluating many pods costs one map lookup. */
function compile(policy: PssPolicy): CompiledPolicy {
  const key = `${policy.level}:${policy.version}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  if (!isPssLevel(policy.level)) {
    throw new InvalidPssPolicyError(
      `invalid Pod Security Standards level ${JSON.stringify(policy.level)}: expected privileged, baseline or restricted`,
    );
  }
  let minor: number;
  try {
    minor = effectiveMinor(parseVersion(policy.version), NEWEST_MINOR);
  } catch (err) {
    if (err instanceof InvalidPssVersionError) throw new InvalidPssPolicyError(err.message);
    throw err;
  }
  const out: CompiledPolicy = {
    level: policy.level,
    requestedVersion: policy.version,
    version: `v1.${minor}`,
    checks: activeChecks(policy.level, minor),
  };
  if (compiled.size > 1000) compiled.clear(); // bounded: keys come from user input
  compiled.set(key, out);
  return out;
}

/** Throws InvalidPssPolicyError when the level or version is invalid. */
export function validatePolicy(policy: PssPolicy): void {
  compile(policy);
}

/** The check ids that run at a policy, in upstream order (overridden baseline checks excluded). */
export function checksAt(policy: PssPolicy): readonly CheckId[] {
  return compile(policy).checks.map((c) => c.id);
}

/** The version whose checks run for a policy: 'v1.37' for 'latest' today. */
export function effectiveVersion(policy: PssPolicy): string {
  return compile(policy).version;
}

function run(view: PodView, policy: PssPolicy): PodEvaluation {
  const p = compile(policy);
  const violations: PssViolation[] = [];
  for (const { id, check } of p.checks) {
    const failure = check(view);
    if (failure) violations.push({ check: id, ...failure });
  }
  return {
    allowed: violations.length === 0,
    level: p.level,
    requestedVersion: p.requestedVersion,
    version: p.version,
    violations,
    problems: view.problems,
  };
}

/** Evaluates a pod given as its metadata and spec (plain JSON, possibly hostile). */
export function evaluatePod(pod: { metadata?: unknown; spec?: unknown }, policy: PssPolicy): PodEvaluation {
  return run(decodePod(pod?.metadata, pod?.spec), policy);
}

/**
 * Evaluates the pod of a pod-bearing object (a Pod, or a workload's template), with
 * every path from the resource root (e.g. spec.template.spec.containers[0]...).
 */
export function evaluateWorkload(w: Workload, policy: PssPolicy): PodEvaluation {
  return run(decodePod(w.podMetadata, w.spec, { metadata: w.podMetadataPath, spec: w.specPath }), policy);
}

/** Upstream AggregateCheckResult.ForbiddenReason: the reasons joined by ", ". */
export function forbiddenReason(violations: readonly PssViolation[]): string {
  return violations.map((v) => v.reason || 'unknown forbidden reason').join(', ');
}

/** Upstream AggregateCheckResult.ForbiddenDetail: `reason (detail), reason (detail)`. */
export function forbiddenDetail(violations: readonly PssViolation[]): string {
  return violations
    .map((v) => {
      const reason = v.reason || 'unknown forbidden reason';
      return v.detail === '' ? reason : `${reason} (${v.detail})`;
    })
    .join(', ');
}

/** The admission denial: `violates PodSecurity "restricted:latest": ...`; '' when allowed. */
export function denialMessage(e: PodEvaluation): string {
  if (e.allowed) return '';
  return `violates PodSecurity "${e.level}:${e.requestedVersion}": ${forbiddenDetail(e.violations)}`;
}
