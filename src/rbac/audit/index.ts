/**
 * Audit-log analyses: least-privilege RBAC generation and unused-permission reports.
 *
 * Public API (stable):
 *
 *   collectAuditLogs(sources: AuditSource[], { subjects?, pendingLimit? }) → Promise<AuditCollection>
 *       Streams audit.k8s.io/v1 Events from JSON lines, EventList documents (one per
 *       line, or pretty-printed over many lines) and JSON arrays, plain or gzip
 *       (recognised by magic bytes). Memory grows with the number of distinct
 *       (identity, request) pairs only. Bad lines, events of the wrong shape and
 *       truncated or corrupt gzip are reported as AuditProblems (file, line or byte
 *       offset) and the rest is read. An AuditSource is { name, open(), reopenable }.
 *   AuditCollector: the same, one source or one event at a time.
 *
 *   generateRbac(collection, GenerateOptions) → GenerateResult
 *       Per subject, Roles/ClusterRoles and bindings covering every request it made.
 *       Options (all widenings off by default): allowedOnly, includeDefaults,
 *       resourceNames, maxResourceNames, widenVerbs, clusterWideAfter, subjects.
 *   renderYaml(result.objects, header?) / renderJson(result.objects)
 *
 *   replay(collection, result, options, authorize) → ReplayFailure[]
 *   kztAuthorizer(objects, { builtinRoles? }) → (user, request) => boolean
 *       The self-check run after every generation (kzt's authorizer, src/rbac/index.ts).
 *
 *   findUnused(collection, rbacIndex) → UnusedReport
 *       Per binding, rule and verb of the manifests: used by an allowed request or not.
 *
 *   formatGenerateSummary / formatUnusedTable / unusedJson: the CLI's text.
 *
 * Building blocks, one concept per file: source.ts (bytes, gzip), json-stream.ts
 * (lines and documents), event.ts (event shape), stages.ts (one count per request),
 * outcome.ts (allowed / denied), normalize.ts (event → RequestAttributes), subject.ts
 * (identity, impersonation), sensitive.ts, widen.ts (placement and widening policy),
 * compact.ts (exact rule merging), emit.ts (objects and YAML/JSON), generate.ts,
 * replay.ts, unused.ts, format.ts.
 */
export {
  type AuditCollection,
  AuditCollector,
  type CollectOptions,
  collectAuditLogs,
  type IdentityUsage,
  type RequestUsage,
} from './collect.js';
export { compactNonResourceGrants, compactResourceGrants } from './compact.js';
export { type EmittedObject, objectName, renderJson, renderYaml } from './emit.js';
export { type AuditEvent, parseAuditEvent } from './event.js';
export { formatGenerateSummary, formatUnusedTable, unusedJson } from './format.js';
export {
  type GenerateOptions,
  type GenerateResult,
  generateRbac,
  type ReviewItem,
  type SubjectResult,
} from './generate.js';
export { describeRequest, requestOf } from './normalize.js';
export { type Outcome, outcomeOf } from './outcome.js';
export type { AuditProblem, AuditProblemCode } from './problems.js';
export { type Authorize, kztAuthorizer, type ReplayFailure, replay } from './replay.js';
export { type SensitiveCategory, sensitiveCategory } from './sensitive.js';
export type { AuditSource } from './source.js';
export { findUnused, type UnusedReport } from './unused.js';
export { EXACT, type WideningOptions } from './widen.js';
