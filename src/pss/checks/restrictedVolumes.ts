/**
 * restrictedVolumes (restricted, v1.0): only volume types that do not reach outside the
 * pod's own data are allowed. Replaces hostPathVolumes (hostPath is one of the
 * restricted types). Upstream: policy/check_restrictedVolumes.go.
 */
import { goQuote, joinQuote, pluralize, sortedSet } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

/** Volume sources restricted allows. */
export const ALLOWED_VOLUME_SOURCES: ReadonlySet<string> = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** Restricted sources in the order upstream's switch names them (the first present one wins). */
const RESTRICTED_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;

const ALLOWED_TEXT = [...ALLOWED_VOLUME_SOURCES].join(', ');

function restrictedVolumes_1_0(pod: PodView): CheckFailure | undefined {
  const bad: string[] = [];
  const types: string[] = [];
  const fields: PssField[] = [];
  for (const v of pod.volumes) {
    if (v.sources.some((s) => ALLOWED_VOLUME_SOURCES.has(s))) continue;
    bad.push(v.name);
    const type = RESTRICTED_SOURCES.find((s) => v.sources.includes(s)) ?? 'unknown';
    types.push(type);
    fields.push({
      path:
        type === 'unknown'
          ? [...pod.specPath, 'volumes', v.index]
          : [...pod.specPath, 'volumes', v.index, type],
      message:
        type === 'unknown'
          ? `volume ${goQuote(v.name)} has no volume source restricted allows; use one of ${ALLOWED_TEXT}`
          : `volume ${goQuote(v.name)} uses the restricted volume type ${type}; use one of ${ALLOWED_TEXT}`,
      value: type,
    });
  }
  if (bad.length === 0) return undefined;
  const list = sortedSet(types);
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', list.length)} ${joinQuote(list)}`,
    fields,
  };
}

export const restrictedVolumes: PssCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  versions: [{ minimumVersion: 0, check: restrictedVolumes_1_0, overrides: ['hostPathVolumes'] }],
};
