/**
 * appArmorProfile (baseline, v1.0): overriding or disabling the default AppArmor profile
 * is disallowed — through securityContext.appArmorProfile.type (pod, containers) or the
 * deprecated container.apparmor.security.beta.kubernetes.io/* annotations.
 * Upstream: policy/check_appArmorProfile.go.
 *
 * The wording of the annotation detail (`key="value", ...`) is upstream's; for the fields
 * upstream's wording follows the seccomp check, which we reproduce.
 */
import { describeContainer, goCompare, goQuote, joinQuote, pluralize, sortedSet } from '../format.js';
import type { PodView, ProfileView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedType(profile: ProfileView | undefined): boolean {
  return profile === undefined || profile.type === 'RuntimeDefault' || profile.type === 'Localhost';
}

/** Empty, runtime/default or localhost/<profile>. */
function allowedAnnotationValue(v: string): boolean {
  return v === '' || v === 'runtime/default' || v.startsWith('localhost/');
}

const FIELD_HINT = 'allowed types are RuntimeDefault and Localhost (or leave it unset)';

function appArmorProfile_1_0(pod: PodView): CheckFailure | undefined {
  const setters: string[] = [];
  const badTypes: string[] = [];
  const fields: PssField[] = [];
  const podProfile = pod.securityContext?.appArmorProfile;
  if (!allowedType(podProfile)) {
    setters.push('pod');
    badTypes.push(podProfile!.type);
    fields.push({
      path: [...pod.specPath, 'securityContext', 'appArmorProfile', 'type'],
      message: `pod sets securityContext.appArmorProfile.type=${goQuote(podProfile!.type)}; ${FIELD_HINT}`,
      value: podProfile!.type,
    });
  }
  const badContainers: string[] = [];
  for (const c of pod.containers) {
    const profile = c.securityContext?.appArmorProfile;
    if (allowedType(profile)) continue;
    badContainers.push(c.name);
    badTypes.push(profile!.type);
    fields.push({
      path: [...c.path, 'securityContext', 'appArmorProfile', 'type'],
      message: `${describeContainer(c)} sets securityContext.appArmorProfile.type=${goQuote(profile!.type)}; ${FIELD_HINT}`,
      value: profile!.type,
    });
  }
  if (badContainers.length > 0)
    setters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`);

  const annotations: string[] = [];
  for (const [key, value] of pod.annotations) {
    if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX) || allowedAnnotationValue(value)) continue;
    annotations.push(`${key}=${goQuote(value)}`);
    fields.push({
      path: [...pod.metadataPath, 'annotations', key],
      message: `annotation ${key}=${goQuote(value)} sets a forbidden AppArmor profile; allowed values are runtime/default and localhost/<profile> (or use securityContext.appArmorProfile)`,
      value,
    });
  }
  if (setters.length === 0 && annotations.length === 0) return undefined;
  annotations.sort(goCompare);
  const types = sortedSet(badTypes);
  const parts: string[] = [];
  if (setters.length > 0)
    parts.push(
      `${setters.join(' and ')} must not set securityContext.appArmorProfile.type to ${joinQuote(types)}`,
    );
  if (annotations.length > 0) parts.push(annotations.join(', '));
  return {
    reason: pluralize(
      'forbidden AppArmor profile',
      'forbidden AppArmor profiles',
      types.length + annotations.length,
    ),
    detail: parts.join('; '),
    fields,
  };
}

export const appArmorProfile: PssCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: appArmorProfile_1_0 }],
};
