/**
 * sysctls (baseline, v1.0, v1.27, v1.29, v1.32, v1.37): only namespaced, isolated
 * ("safe") sysctls may be set; each version widens the safe set.
 * Upstream: policy/check_sysctls.go.
 */
import { goQuote } from '../format.js';
import type { PodView } from '../pod-view.js';
import type { CheckFailure, CheckFn, PssCheck, PssField } from '../types.js';

const SAFE_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SAFE_1_27 = [...SAFE_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SAFE_1_29 = [
  ...SAFE_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SAFE_1_32 = [...SAFE_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SAFE_1_37 = [...SAFE_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctlsCheck(safeList: readonly string[]): CheckFn {
  const safe = new Set(safeList);
  const safeText = safeList.join(', ');
  return (pod: PodView): CheckFailure | undefined => {
    const forbidden: string[] = [];
    const fields: PssField[] = [];
    for (const { value: name, index } of pod.securityContext?.sysctls ?? []) {
      if (safe.has(name)) continue;
      forbidden.push(name);
      fields.push({
        path: [...pod.specPath, 'securityContext', 'sysctls', index, 'name'],
        message: `pod sets sysctl ${goQuote(name)}, which is not in the safe set; allowed: ${safeText}`,
        value: name,
      });
    }
    if (forbidden.length === 0) return undefined;
    // Upstream lists them unsorted and unquoted, in order, duplicates included.
    return { reason: 'forbidden sysctls', detail: forbidden.join(', '), fields };
  };
}

export const sysctls: PssCheck = {
  id: 'sysctls',
  level: 'baseline',
  versions: [
    { minimumVersion: 0, check: sysctlsCheck(SAFE_1_0) },
    { minimumVersion: 27, check: sysctlsCheck(SAFE_1_27) },
    { minimumVersion: 29, check: sysctlsCheck(SAFE_1_29) },
    { minimumVersion: 32, check: sysctlsCheck(SAFE_1_32) },
    { minimumVersion: 37, check: sysctlsCheck(SAFE_1_37) },
  ],
};
