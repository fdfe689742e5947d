/**
 * hostNamespaces (baseline, v1.0): sharing the host's network, PID or IPC namespace
 * must be disallowed. Upstream: policy/check_hostNamespaces.go.
 */
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

const NAMESPACES = [
  ['hostNetwork', "the node's network: it can bind node ports and reach node-local services"],
  ['hostPID', "the node's processes: it can see, signal and ptrace them"],
  ['hostIPC', "the node's shared memory and IPC objects"],
] as const;

function hostNamespaces_1_0(pod: PodView): CheckFailure | undefined {
  const set: string[] = [];
  const fields: PssField[] = [];
  for (const [field, what] of NAMESPACES) {
    if (!pod[field]) continue;
    set.push(`${field}=true`);
    fields.push({
      path: [...pod.specPath, field],
      message: `pod sets ${field}=true and shares ${what}; remove ${field} or set it to false`,
      value: field,
    });
  }
  if (set.length === 0) return undefined;
  return { reason: 'host namespaces', detail: set.join(', '), fields };
}

export const hostNamespaces: PssCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: hostNamespaces_1_0 }],
};
