/**
 * The vocabulary of the Pod Security Standards library, modelled on
 * k8s.io/pod-security-admission/policy: checks have an id, a level and versioned
 * implementations; a failing check has a reason and a detail, worded as upstream.
 *
 * Beyond upstream, every failure lists the fields that caused it (`fields`), each with
 * its JSON path from the pod root (first segment 'metadata' or 'spec') and a message a
 * person can act on, so reports can point at the exact line.
 */
import type { JsonPath } from '../model/types.js';
import type { PodView } from './pod-view.js';

/** The upstream check ids, exactly as pod-security-admission names them. */
export const CHECK_IDS = [
  'hostNamespaces',
  'privileged',
  'capabilities_baseline',
  'hostPathVolumes',
  'hostPorts',
  'appArmorProfile',
  'seLinuxOptions',
  'procMount',
  'seccompProfile_baseline',
  'sysctls',
  'windowsHostProcess',
  'hostProbesAndHostLifecycle',
  'restrictedVolumes',
  'allowPrivilegeEscalation',
  'runAsNonRoot',
  'runAsUser',
  'seccompProfile_restricted',
  'capabilities_restricted',
  'procMount_restricted',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** `privileged` runs no check; `baseline` and `restricted` are the two levels with checks. */
export type PssLevel = 'privileged' | 'baseline' | 'restricted';
export type CheckLevel = Exclude<PssLevel, 'privileged'>;

/** One offending field of a failed check. */
export interface PssField {
  /** JSON path from the pod root: ['spec', 'containers', 0, 'securityContext', 'privileged']. */
  readonly path: JsonPath;
  /** What is wrong and what is allowed, naming the container and the field. */
  readonly message: string;
  /** The offending value when there is one (a capability, a volume type, a sysctl name, ...). */
  readonly value?: string;
}

/** A failed check, as upstream's CheckResult{Allowed: false} plus the offending fields. */
export interface CheckFailure {
  /** Upstream ForbiddenReason, e.g. `allowPrivilegeEscalation != false`. */
  readonly reason: string;
  /** Upstream ForbiddenDetail, e.g. `container "app" must set securityContext.allowPrivilegeEscalation=false`. */
  readonly detail: string;
  readonly fields: readonly PssField[];
}

/** A check implementation: `undefined` means allowed. Must never throw on any PodView. */
export type CheckFn = (pod: PodView) => CheckFailure | undefined;

export interface VersionedCheck {
  /** The first minor version of 1.x this implementation applies to. */
  readonly minimumVersion: number;
  readonly check: CheckFn;
  /** Baseline checks this (restricted) implementation replaces at the versions it applies to. */
  readonly overrides?: readonly CheckId[];
}

export interface PssCheck {
  readonly id: CheckId;
  readonly level: CheckLevel;
  /** Sorted by minimumVersion; each applies until the next one's minimum version. */
  readonly versions: readonly VersionedCheck[];
}
