/**
 * hostProbesAndHostLifecycle (baseline, v1.34): probes and lifecycle handlers must not
 * set `host`, which would let the kubelet connect to arbitrary addresses on the pod's
 * behalf. Upstream: policy/check_hostProbesAndHostLifecycle.go.
 */
import {
  containersPhrase,
  describeContainer,
  formatSubPath,
  goQuote,
  joinQuote,
  pluralize,
  sortedSet,
} from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

function hostProbesAndHostLifecycle_1_34(pod: PodView): CheckFailure | undefined {
  const bad: string[] = [];
  const hosts: string[] = [];
  const fields: PssField[] = [];
  for (const c of pod.containers) {
    if (c.handlerHosts.length === 0) continue;
    bad.push(c.name);
    for (const h of c.handlerHosts) {
      hosts.push(h.host);
      fields.push({
        path: [...c.path, ...h.subPath],
        message: `${describeContainer(c)} sets ${formatSubPath(h.subPath)}=${goQuote(h.host)}; remove host so the kubelet connects to the pod's own IP`,
        value: h.host,
      });
    }
  }
  if (bad.length === 0) return undefined;
  const list = sortedSet(hosts);
  return {
    reason: 'probe or lifecycle host',
    detail: `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', list.length)} ${joinQuote(list)}`,
    fields,
  };
}

export const hostProbesAndHostLifecycle: PssCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ minimumVersion: 34, check: hostProbesAndHostLifecycle_1_34 }],
};
