/**
 * seLinuxOptions (baseline, v1.0 and v1.31): custom SELinux users and roles are
 * disallowed, and the type must be a container type. v1.31 adds container_engine_t.
 * Upstream: policy/check_seLinuxOptions.go.
 */

import type { JsonPath } from '../../model/types.js';
import { containersPhrase, describeContainer, goQuote, joinQuote, pluralize, sortedSet } from '../format.js';
import type { PodView, SELinuxView } from '../pod-view.js';
import type { CheckFailure, CheckFn, PssCheck, PssField } from '../types.js';

const TYPES_1_0: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const TYPES_1_31: ReadonlySet<string> = new Set([...TYPES_1_0, 'container_engine_t']);

function checkWithTypes(allowedTypes: ReadonlySet<string>): CheckFn {
  const allowedText = [...allowedTypes].filter((t) => t !== '').join(', ');
  return (pod: PodView): CheckFailure | undefined => {
    const setters: string[] = [];
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const fields: PssField[] = [];

    /** Checks one seLinuxOptions; `who` names the setter for kzt's messages. */
    const valid = (opts: SELinuxView, at: JsonPath, who: string): boolean => {
      let ok = true;
      if (!allowedTypes.has(opts.type)) {
        ok = false;
        badTypes.push(opts.type);
        fields.push({
          path: [...at, 'type'],
          message: `${who} sets securityContext.seLinuxOptions.type=${goQuote(opts.type)}; allowed types are ${allowedText} (or leave it unset)`,
          value: opts.type,
        });
      }
      if (opts.user !== '') {
        ok = false;
        setUser = true;
        fields.push({
          path: [...at, 'user'],
          message: `${who} sets securityContext.seLinuxOptions.user; remove it`,
          value: opts.user,
        });
      }
      if (opts.role !== '') {
        ok = false;
        setRole = true;
        fields.push({
          path: [...at, 'role'],
          message: `${who} sets securityContext.seLinuxOptions.role; remove it`,
          value: opts.role,
        });
      }
      return ok;
    };

    const podOpts = pod.securityContext?.seLinuxOptions;
    if (podOpts && !valid(podOpts, [...pod.specPath, 'securityContext', 'seLinuxOptions'], 'pod'))
      setters.push('pod');
    const bad: string[] = [];
    for (const c of pod.containers) {
      const opts = c.securityContext?.seLinuxOptions;
      if (opts && !valid(opts, [...c.path, 'securityContext', 'seLinuxOptions'], describeContainer(c)))
        bad.push(c.name);
    }
    if (bad.length > 0) setters.push(containersPhrase(bad));
    if (setters.length === 0) return undefined;

    const data: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length > 0) data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
      fields,
    };
  };
}

export const seLinuxOptions: PssCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { minimumVersion: 0, check: checkWithTypes(TYPES_1_0) },
    { minimumVersion: 31, check: checkWithTypes(TYPES_1_31) },
  ],
};
