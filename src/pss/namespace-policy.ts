/**
 * The enforce policy of a namespace from its labels, as pod-security-admission reads
 * them (api/helpers.go PolicyToEvaluate): `pod-security.kubernetes.io/enforce` and
 * `pod-security.kubernetes.io/enforce-version`. An invalid value is an error (the API
 * server rejects such a Namespace) and, as upstream, falls back to `restricted` for the
 * level and `latest` for the version.
 */
import { isPssLevel } from './evaluate.js';
import type { PssLevel } from './types.js';
import { isValidVersion } from './version.js';

export const ENFORCE_LEVEL_LABEL = 'pod-security.kubernetes.io/enforce';
export const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

export interface LabelError {
  label: string;
  value: string;
  message: string;
}

export interface NamespaceEnforcePolicy {
  /** undefined when the label is absent. */
  level: PssLevel | undefined;
  version: string | undefined;
  errors: LabelError[];
}

export function enforcePolicyOf(labels: Readonly<Record<string, string>>): NamespaceEnforcePolicy {
  const errors: LabelError[] = [];
  let level: PssLevel | undefined;
  let version: string | undefined;
  const rawLevel = Object.hasOwn(labels, ENFORCE_LEVEL_LABEL) ? labels[ENFORCE_LEVEL_LABEL] : undefined;
  if (rawLevel !== undefined) {
    if (isPssLevel(rawLevel)) level = rawLevel;
    else {
      level = 'restricted';
      errors.push({
        label: ENFORCE_LEVEL_LABEL,
        value: rawLevel,
        message: `${ENFORCE_LEVEL_LABEL}=${JSON.stringify(rawLevel)} is not a level (privileged, baseline, restricted); the API server rejects this Namespace, and pod-security-admission would enforce restricted`,
      });
    }
  }
  const rawVersion = Object.hasOwn(labels, ENFORCE_VERSION_LABEL) ? labels[ENFORCE_VERSION_LABEL] : undefined;
  if (rawVersion !== undefined) {
    if (isValidVersion(rawVersion)) version = rawVersion;
    else {
      version = 'latest';
      errors.push({
        label: ENFORCE_VERSION_LABEL,
        value: rawVersion,
        message: `${ENFORCE_VERSION_LABEL}=${JSON.stringify(rawVersion)} is not a version (latest or v1.N); the API server rejects this Namespace, and pod-security-admission would enforce latest`,
      });
    }
  }
  return { level, version, errors };
}
