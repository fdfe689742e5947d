/**
 * windowsHostProcess (baseline, v1.0): Windows HostProcess containers run with full
 * access to the Windows node. Upstream: policy/check_windowsHostProcess.go.
 */
import { containersPhrase, describeContainer } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, PssCheck, PssField } from '../types.js';

const HINT = 'remove it or set it to false';

function windowsHostProcess_1_0(pod: PodView): CheckFailure | undefined {
  const setters: string[] = [];
  const fields: PssField[] = [];
  if (pod.securityContext?.hostProcess === true) {
    setters.push('pod');
    fields.push({
      path: [...pod.specPath, 'securityContext', 'windowsOptions', 'hostProcess'],
      message: `pod sets securityContext.windowsOptions.hostProcess=true, which runs it as a process on the Windows node; ${HINT}`,
    });
  }
  const bad: string[] = [];
  for (const c of pod.containers) {
    if (c.securityContext?.hostProcess !== true) continue;
    bad.push(c.name);
    fields.push({
      path: [...c.path, 'securityContext', 'windowsOptions', 'hostProcess'],
      message: `${describeContainer(c)} sets securityContext.windowsOptions.hostProcess=true, which runs it as a process on the Windows node; ${HINT}`,
    });
  }
  if (bad.length > 0) setters.push(containersPhrase(bad));
  if (setters.length === 0) return undefined;
  return {
    reason: 'hostProcess',
    detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    fields,
  };
}

export const windowsHostProcess: PssCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: windowsHostProcess_1_0 }],
};
