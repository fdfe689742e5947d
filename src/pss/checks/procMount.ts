/**
 * procMount (baseline, v1.0 and v1.35): the default /proc masks must stay in place.
 * From v1.35 baseline allows any procMount when the pod runs in a user namespace
 * (spec.hostUsers: false); procMount_restricted takes that back at restricted.
 * Upstream: policy/check_procMount.go.
 */
import { containersPhrase, describeContainer, goQuote, joinQuote, sortedSet } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, CheckFn, PssCheck, PssField } from '../types.js';

/** The shared procMount rule; `relaxForUserNamespace` allows anything when spec.hostUsers is false. */
export function procMountRule(relaxForUserNamespace: boolean): CheckFn {
  const hint = relaxForUserNamespace
    ? 'it must be Default or unset, unless the pod sets spec.hostUsers: false'
    : 'it must be Default or unset';
  return (pod: PodView): CheckFailure | undefined => {
    if (relaxForUserNamespace && pod.hostUsers === false) return undefined;
    const bad: string[] = [];
    const types: string[] = [];
    const fields: PssField[] = [];
    for (const c of pod.containers) {
      const procMount = c.securityContext?.procMount;
      if (procMount === undefined || procMount === 'Default') continue;
      bad.push(c.name);
      types.push(procMount);
      fields.push({
        path: [...c.path, 'securityContext', 'procMount'],
        message: `${describeContainer(c)} sets securityContext.procMount=${goQuote(procMount)}, which unmasks /proc; ${hint}`,
        value: procMount,
      });
    }
    if (bad.length === 0) return undefined;
    return {
      reason: 'procMount',
      detail: `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`,
      fields,
    };
  };
}

export const procMount: PssCheck = {
  id: 'procMount',
  level: 'baseline',
  versions: [
    { minimumVersion: 0, check: procMountRule(false) },
    { minimumVersion: 35, check: procMountRule(true) },
  ],
};
