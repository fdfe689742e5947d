/**
 * seccompProfile_restricted (restricted, v1.19 and v1.25): a seccomp profile must be set,
 * to RuntimeDefault or Localhost, at pod level or on every container. From v1.25 Windows
 * pods (spec.os.name: windows) are exempt. Replaces seccompProfile_baseline.
 * Upstream: policy/check_seccompProfile_restricted.go.
 */
import { containersPhrase, describeContainer } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';
import { explicitlyBadSeccomp, explicitSeccompFailure } from './seccompProfile_baseline.js';

function seccompProfileRestricted_1_19(pod: PodView): CheckFailure | undefined {
  const bad = explicitlyBadSeccomp(pod);
  if (bad.setters.length > 0) return explicitSeccompFailure(bad);
  if (bad.podSetValid) return undefined;
  // No valid pod-level profile: every container must set its own.
  const implicit: string[] = [];
  const fields: PssField[] = [];
  for (const c of pod.containers) {
    if (c.securityContext?.seccompProfile) continue;
    implicit.push(c.name);
    fields.push({
      path: [...c.path, 'securityContext', 'seccompProfile', 'type'],
      message: `${describeContainer(c)} has no seccomp profile; set securityContext.seccompProfile.type to RuntimeDefault (or Localhost) on the container or on the pod`,
    });
  }
  if (implicit.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    fields,
  };
}

function seccompProfileRestricted_1_25(pod: PodView): CheckFailure | undefined {
  // Windows pods cannot set a seccomp profile (API validation rejects it).
  if (pod.osName === 'windows') return undefined;
  return seccompProfileRestricted_1_19(pod);
}

export const seccompProfile_restricted: PssCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: [
    { minimumVersion: 19, check: seccompProfileRestricted_1_19, overrides: ['seccompProfile_baseline'] },
    { minimumVersion: 25, check: seccompProfileRestricted_1_25, overrides: ['seccompProfile_baseline'] },
  ],
};
