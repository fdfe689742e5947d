/**
 * hostPorts (baseline, v1.0): host ports bypass Services and NetworkPolicy-aware routing
 * and pin pods to nodes. Upstream: policy/check_hostPorts.go.
 */
import { containersPhrase, describeContainer, pluralize, sortedSet } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

function hostPorts_1_0(pod: PodView): CheckFailure | undefined {
  const bad: string[] = [];
  const ports: string[] = [];
  const fields: PssField[] = [];
  for (const c of pod.containers) {
    let valid = true;
    for (const p of c.hostPorts) {
      if (p.hostPort === 0) continue;
      valid = false;
      ports.push(String(p.hostPort));
      fields.push({
        path: [...c.path, 'ports', p.index, 'hostPort'],
        message: p.defaulted
          ? `${describeContainer(c)} gets hostPort ${p.hostPort} on ports[${p.index}] because the pod uses hostNetwork (the API server sets hostPort to containerPort); remove hostNetwork and expose the port through a Service`
          : `${describeContainer(c)} sets hostPort ${p.hostPort} on ports[${p.index}]; remove hostPort (or set it to 0) and expose the port through a Service`,
        value: String(p.hostPort),
      });
    }
    if (!valid) bad.push(c.name);
  }
  if (bad.length === 0) return undefined;
  // Upstream sorts the ports as strings (sets.String), so "10000" comes before "80".
  const list = sortedSet(ports);
  return {
    reason: 'hostPort',
    detail: `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`,
    fields,
  };
}

export const hostPorts: PssCheck = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: hostPorts_1_0 }],
};
