/**
 * seccompProfile_baseline (baseline, v1.0 and v1.19): the seccomp profile must not be
 * explicitly Unconfined. Before v1.19 it is read from the alpha annotations, from v1.19
 * from securityContext.seccompProfile.type (pod and containers).
 * Upstream: policy/check_seccompProfile_baseline.go.
 */

import type { JsonPath } from '../../model/types.js';
import { describeContainer, goQuote, joinQuote, pluralize, sortedSet } from '../format.js';
import {
  type PodView,
  type ProfileView,
  SECCOMP_CONTAINER_ANNOTATION_PREFIX,
  SECCOMP_POD_ANNOTATION,
} from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

/** The profile types both levels accept in securityContext.seccompProfile.type. */
export function validSeccompType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function validAnnotationValue(v: string): boolean {
  return v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
}

const ANNOTATION_HINT = 'allowed values are runtime/default, docker/default and localhost/<profile>';

function seccompProfileBaseline_1_0(pod: PodView): CheckFailure | undefined {
  const forbidden: string[] = [];
  const fields: PssField[] = [];
  const consider = (key: string) => {
    const value = pod.annotations.get(key);
    if (value === undefined || validAnnotationValue(value)) return;
    const text = `${key}=${goQuote(value)}`;
    if (forbidden.includes(text)) return;
    forbidden.push(text);
    fields.push({
      path: [...pod.metadataPath, 'annotations', key],
      message: `annotation ${text} sets a forbidden seccomp profile; ${ANNOTATION_HINT}`,
      value,
    });
  };
  consider(SECCOMP_POD_ANNOTATION);
  for (const c of pod.containers) consider(SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name);
  if (forbidden.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', forbidden.length)} ${sortedSet(forbidden).join(', ')}`,
    fields,
  };
}

/** The offending field, or the annotation the API server copied it from. */
function badProfileField(pod: PodView, profile: ProfileView, fieldPath: JsonPath, who: string): PssField {
  const typeText = `securityContext.seccompProfile.type=${goQuote(profile.type)}`;
  if (profile.fromAnnotation !== undefined) {
    const value = pod.annotations.get(profile.fromAnnotation) ?? '';
    return {
      path: [...pod.metadataPath, 'annotations', profile.fromAnnotation],
      message: `annotation ${profile.fromAnnotation}=${goQuote(value)} gives ${who} ${typeText} (the API server copies it to the field); use runtime/default, or set securityContext.seccompProfile.type to RuntimeDefault`,
      value: profile.type,
    };
  }
  return {
    path: fieldPath,
    message: `${who} sets ${typeText}; set it to RuntimeDefault or Localhost`,
    value: profile.type,
  };
}

/**
 * The explicitly bad profiles of a pod (pod level and containers), shared with the
 * restricted check: setters and values as upstream words them, and kzt's fields.
 */
export function explicitlyBadSeccomp(pod: PodView): {
  setters: string[];
  values: string[];
  fields: PssField[];
  podSetValid: boolean;
} {
  const setters: string[] = [];
  const values: string[] = [];
  const fields: PssField[] = [];
  const podProfile: ProfileView | undefined = pod.securityContext?.seccompProfile;
  let podSetValid = false;
  if (podProfile) {
    if (validSeccompType(podProfile.type)) podSetValid = true;
    else {
      setters.push('pod');
      values.push(podProfile.type);
      fields.push(
        badProfileField(
          pod,
          podProfile,
          [...pod.specPath, 'securityContext', 'seccompProfile', 'type'],
          'pod',
        ),
      );
    }
  }
  const bad: string[] = [];
  for (const c of pod.containers) {
    const profile = c.securityContext?.seccompProfile;
    if (!profile || validSeccompType(profile.type)) continue;
    bad.push(c.name);
    values.push(profile.type);
    fields.push(
      badProfileField(
        pod,
        profile,
        [...c.path, 'securityContext', 'seccompProfile', 'type'],
        describeContainer(c),
      ),
    );
  }
  if (bad.length > 0) setters.push(`${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)}`);
  return { setters, values, fields, podSetValid };
}

export function explicitSeccompFailure(bad: { setters: string[]; values: string[]; fields: PssField[] }) {
  return {
    reason: 'seccompProfile',
    detail: `${bad.setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(bad.values))}`,
    fields: bad.fields,
  };
}

function seccompProfileBaseline_1_19(pod: PodView): CheckFailure | undefined {
  const bad = explicitlyBadSeccomp(pod);
  return bad.setters.length === 0 ? undefined : explicitSeccompFailure(bad);
}

export const seccompProfile_baseline: PssCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  versions: [
    { minimumVersion: 0, check: seccompProfileBaseline_1_0 },
    { minimumVersion: 19, check: seccompProfileBaseline_1_19 },
  ],
};
