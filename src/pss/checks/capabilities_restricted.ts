/**
 * capabilities_restricted (restricted, v1.22 and v1.25): every container drops ALL
 * capabilities and may add back only NET_BIND_SERVICE. From v1.25 Windows pods are
 * exempt. Replaces capabilities_baseline. Upstream: policy/check_capabilities_restricted.go.
 */
import { containersPhrase, describeContainer, joinQuote, sortedSet } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

function capabilitiesRestricted_1_22(pod: PodView): CheckFailure | undefined {
  const missingDropAll: string[] = [];
  const adding: string[] = [];
  const forbidden: string[] = [];
  const fields: PssField[] = [];
  for (const c of pod.containers) {
    const caps = c.securityContext?.capabilities;
    if (!caps?.drop.some((d) => d.value === 'ALL')) {
      missingDropAll.push(c.name);
      fields.push({
        path: [...c.path, 'securityContext', 'capabilities', 'drop'],
        message: `${describeContainer(c)} must drop all capabilities: set securityContext.capabilities.drop to ["ALL"]`,
      });
    }
    if (!caps) continue;
    let addedForbidden = false;
    for (const { value, index } of caps.add) {
      if (value === 'NET_BIND_SERVICE') continue;
      addedForbidden = true;
      forbidden.push(value);
      fields.push({
        path: [...c.path, 'securityContext', 'capabilities', 'add', index],
        message: `${describeContainer(c)} adds capability ${joinQuote([value])}; restricted allows adding only NET_BIND_SERVICE`,
        value,
      });
    }
    if (addedForbidden) adding.push(c.name);
  }
  const details: string[] = [];
  if (missingDropAll.length > 0)
    details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length > 0)
    details.push(
      `${containersPhrase(adding)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`,
    );
  if (details.length === 0) return undefined;
  return { reason: 'unrestricted capabilities', detail: details.join('; '), fields };
}

function capabilitiesRestricted_1_25(pod: PodView): CheckFailure | undefined {
  // Windows pods cannot set capabilities (API validation rejects them).
  if (pod.osName === 'windows') return undefined;
  return capabilitiesRestricted_1_22(pod);
}

export const capabilities_restricted: PssCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  versions: [
    { minimumVersion: 22, check: capabilitiesRestricted_1_22, overrides: ['capabilities_baseline'] },
    { minimumVersion: 25, check: capabilitiesRestricted_1_25, overrides: ['capabilities_baseline'] },
  ],
};
