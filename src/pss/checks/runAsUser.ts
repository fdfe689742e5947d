/**
 * runAsUser (restricted, v1.23 and v1.35): runAsUser must not be 0 (root), at pod or
 * container level. From v1.35 pods in a user namespace (spec.hostUsers: false) are exempt.
 * Upstream: policy/check_runAsUser.go.
 */
import { containersPhrase, describeContainer } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

const HINT = 'use a non-zero UID, e.g. 10001';

function runAsUser_1_23(pod: PodView): CheckFailure | undefined {
  const setters: string[] = [];
  const fields: PssField[] = [];
  if (pod.securityContext?.runAsUser === 0) {
    setters.push('pod');
    fields.push({
      path: [...pod.specPath, 'securityContext', 'runAsUser'],
      message: `pod sets securityContext.runAsUser=0 (root); ${HINT}`,
    });
  }
  const bad: string[] = [];
  for (const c of pod.containers) {
    if (c.securityContext?.runAsUser !== 0) continue;
    bad.push(c.name);
    fields.push({
      path: [...c.path, 'securityContext', 'runAsUser'],
      message: `${describeContainer(c)} sets securityContext.runAsUser=0 (root); ${HINT}`,
    });
  }
  if (bad.length > 0) setters.push(containersPhrase(bad));
  if (setters.length === 0) return undefined;
  return { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0`, fields };
}

function runAsUser_1_35(pod: PodView): CheckFailure | undefined {
  if (pod.hostUsers === false) return undefined;
  return runAsUser_1_23(pod);
}

export const runAsUser: PssCheck = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { minimumVersion: 23, check: runAsUser_1_23 },
    { minimumVersion: 35, check: runAsUser_1_35 },
  ],
};
