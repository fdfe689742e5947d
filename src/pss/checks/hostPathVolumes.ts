/**
 * hostPathVolumes (baseline, v1.0): hostPath volumes expose the node's filesystem.
 * Upstream: policy/check_hostPathVolumes.go.
 */
import { goQuote, joinQuote, pluralize } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

function hostPathVolumes_1_0(pod: PodView): CheckFailure | undefined {
  const names: string[] = [];
  const fields: PssField[] = [];
  for (const v of pod.volumes) {
    if (!v.sources.includes('hostPath')) continue;
    names.push(v.name);
    const where = v.hostPathPath === undefined ? '' : ` (${goQuote(v.hostPathPath)})`;
    fields.push({
      path: [...pod.specPath, 'volumes', v.index, 'hostPath'],
      message: `volume ${goQuote(v.name)} mounts a directory of the node${where}; use a persistentVolumeClaim, emptyDir, configMap, secret or projected volume instead`,
      value: 'hostPath',
    });
  }
  if (names.length === 0) return undefined;
  return {
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
    fields,
  };
}

export const hostPathVolumes: PssCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: hostPathVolumes_1_0 }],
};
