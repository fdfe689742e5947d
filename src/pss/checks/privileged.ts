/**
 * privileged (baseline, v1.0): privileged containers disable most isolation.
 * Upstream: policy/check_privileged.go.
 */
import { containersPhrase, describeContainer } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

function privileged_1_0(pod: PodView): CheckFailure | undefined {
  const bad: string[] = [];
  const fields: PssField[] = [];
  for (const c of pod.containers) {
    if (c.securityContext?.privileged !== true) continue;
    bad.push(c.name);
    fields.push({
      path: [...c.path, 'securityContext', 'privileged'],
      message: `${describeContainer(c)} sets securityContext.privileged=true; remove it or set it to false`,
    });
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'privileged',
    detail: `${containersPhrase(bad)} must not set securityContext.privileged=true`,
    fields,
  };
}

export const privileged: PssCheck = {
  id: 'privileged',
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: privileged_1_0 }],
};
