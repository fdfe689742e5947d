/**
 * runAsNonRoot (restricted, v1.0 and v1.35): containers must run as non-root: the pod
 * sets runAsNonRoot=true, or every container does, and nothing sets it to false. From
 * v1.35 pods in a user namespace (spec.hostUsers: false) are exempt.
 * Upstream: policy/check_runAsNonRoot.go.
 */
import { containersPhrase, describeContainer } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

function runAsNonRoot_1_0(pod: PodView): CheckFailure | undefined {
  const setters: string[] = [];
  const explicitFields: PssField[] = [];
  const podValue = pod.securityContext?.runAsNonRoot;
  if (podValue === false) {
    setters.push('pod');
    explicitFields.push({
      path: [...pod.specPath, 'securityContext', 'runAsNonRoot'],
      message: 'pod sets securityContext.runAsNonRoot=false; set it to true',
    });
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  const implicitFields: PssField[] = [];
  for (const c of pod.containers) {
    const value = c.securityContext?.runAsNonRoot;
    if (value === false) {
      explicit.push(c.name);
      explicitFields.push({
        path: [...c.path, 'securityContext', 'runAsNonRoot'],
        message: `${describeContainer(c)} sets securityContext.runAsNonRoot=false; set it to true`,
      });
    } else if (value === undefined && podValue !== true) {
      implicit.push(c.name);
      implicitFields.push({
        path: [...c.path, 'securityContext', 'runAsNonRoot'],
        message: `${describeContainer(c)} may run as root: set securityContext.runAsNonRoot=true on it, or on the pod (spec.securityContext.runAsNonRoot)`,
      });
    }
  }
  if (explicit.length > 0) setters.push(containersPhrase(explicit));
  if (setters.length > 0) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
      fields: explicitFields,
    };
  }
  if (implicit.length === 0) return undefined;
  return {
    reason: 'runAsNonRoot != true',
    detail: `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`,
    fields: implicitFields,
  };
}

function runAsNonRoot_1_35(pod: PodView): CheckFailure | undefined {
  // In a user namespace, root in the container is an unprivileged user on the node.
  if (pod.hostUsers === false) return undefined;
  return runAsNonRoot_1_0(pod);
}

export const runAsNonRoot: PssCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    { minimumVersion: 0, check: runAsNonRoot_1_0 },
    { minimumVersion: 35, check: runAsNonRoot_1_35 },
  ],
};
