/**
 * capabilities_baseline (baseline, v1.0): adding capabilities beyond the container
 * runtime's default set is disallowed. Upstream: policy/check_capabilities_baseline.go.
 */
import { containersPhrase, describeContainer, joinQuote, sortedSet } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

/** The capabilities baseline allows in securityContext.capabilities.add (Docker's defaults minus NET_RAW). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const ALLOWED_TEXT = [...BASELINE_CAPABILITIES].join(', ');

function capabilitiesBaseline_1_0(pod: PodView): CheckFailure | undefined {
  const bad: string[] = [];
  const forbidden: string[] = [];
  const fields: PssField[] = [];
  for (const c of pod.containers) {
    const caps = c.securityContext?.capabilities;
    if (!caps) continue;
    let valid = true;
    for (const { value, index } of caps.add) {
      if (BASELINE_CAPABILITIES.has(value)) continue;
      valid = false;
      forbidden.push(value);
      fields.push({
        path: [...c.path, 'securityContext', 'capabilities', 'add', index],
        message: `${describeContainer(c)} adds capability ${joinQuote([value])}; baseline allows adding only ${ALLOWED_TEXT}`,
        value,
      });
    }
    if (!valid) bad.push(c.name);
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`,
    fields,
  };
}

export const capabilities_baseline: PssCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: capabilitiesBaseline_1_0 }],
};
