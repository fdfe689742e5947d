/**
 * Pod Security Standards, exactly as k8s.io/pod-security-admission evaluates them,
 * for every version from v1.0 to the newest. See evaluate.ts for the API.
 */
export {
  checksAt,
  denialMessage,
  effectiveVersion,
  evaluatePod,
  evaluateWorkload,
  forbiddenDetail,
  forbiddenReason,
  InvalidPssPolicyError,
  isPssLevel,
  type PodEvaluation,
  PSS_LEVELS,
  type PssPolicy,
  type PssViolation,
  validatePolicy,
} from './evaluate.js';
export {
  ENFORCE_LEVEL_LABEL,
  ENFORCE_VERSION_LABEL,
  enforcePolicyOf,
  type LabelError,
  type NamespaceEnforcePolicy,
} from './namespace-policy.js';
export { decodePod, type FieldProblem, type PodView } from './pod-view.js';
export { activeChecks, NEWEST_MINOR, PSS_CHECKS, pssCheck, replacedBy } from './registry.js';
export {
  isCheckActive,
  type PssCheckContext,
  reportPssViolation,
  sharedEvaluation,
  sharedViolation,
} from './shared.js';
export {
  CHECK_IDS,
  type CheckId,
  type CheckLevel,
  type PssCheck,
  type PssField,
  type PssLevel,
} from './types.js';
export {
  formatVersion,
  InvalidPssVersionError,
  isValidVersion,
  type PssVersion,
  parseVersion,
} from './version.js';
