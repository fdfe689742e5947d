/**
 * allowPrivilegeEscalation (restricted, v1.8 and v1.25): every container must set
 * allowPrivilegeEscalation=false (unset means allowed, so it must be explicit). From
 * v1.25 Windows pods are exempt. Upstream: policy/check_allowPrivilegeEscalation.go.
 */
import { containersPhrase, describeContainer } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

function allowPrivilegeEscalation_1_8(pod: PodView): CheckFailure | undefined {
  const bad: string[] = [];
  const fields: PssField[] = [];
  for (const c of pod.containers) {
    const value = c.securityContext?.allowPrivilegeEscalation;
    if (value === false) continue;
    bad.push(c.name);
    fields.push({
      path: [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
      message:
        value === true
          ? `${describeContainer(c)} sets securityContext.allowPrivilegeEscalation=true; set it to false`
          : `${describeContainer(c)} must set securityContext.allowPrivilegeEscalation=false (unset allows setuid binaries to gain privileges)`,
    });
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
    fields,
  };
}

function allowPrivilegeEscalation_1_25(pod: PodView): CheckFailure | undefined {
  // Windows pods cannot set allowPrivilegeEscalation (API validation rejects it).
  if (pod.osName === 'windows') return undefined;
  return allowPrivilegeEscalation_1_8(pod);
}

export const allowPrivilegeEscalation: PssCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    { minimumVersion: 8, check: allowPrivilegeEscalation_1_8 },
    { minimumVersion: 25, check: allowPrivilegeEscalation_1_25 },
  ],
};
