/**
 * The check registry, as upstream's policy/registry.go builds it: for each level and
 * minor version, the implementation of each check that applies, with restricted checks
 * replacing the baseline checks they override at that version, in upstream's order
 * (baseline ids sorted, then restricted ids sorted) so aggregated messages match.
 */
import { allowPrivilegeEscalation } from './checks/allowPrivilegeEscalation.js';
import { appArmorProfile } from './checks/appArmorProfile.js';
import { capabilities_baseline } from './checks/capabilities_baseline.js';
import { capabilities_restricted } from './checks/capabilities_restricted.js';
import { hostNamespaces } from './checks/hostNamespaces.js';
import { hostPathVolumes } from './checks/hostPathVolumes.js';
import { hostPorts } from './checks/hostPorts.js';
import { hostProbesAndHostLifecycle } from './checks/hostProbesAndHostLifecycle.js';
import { privileged } from './checks/privileged.js';
import { procMount } from './checks/procMount.js';
import { procMount_restricted } from './checks/procMount_restricted.js';
import { restrictedVolumes } from './checks/restrictedVolumes.js';
import { runAsNonRoot } from './checks/runAsNonRoot.js';
import { runAsUser } from './checks/runAsUser.js';
import { seccompProfile_baseline } from './checks/seccompProfile_baseline.js';
import { seccompProfile_restricted } from './checks/seccompProfile_restricted.js';
import { seLinuxOptions } from './checks/seLinuxOptions.js';
import { sysctls } from './checks/sysctls.js';
import { windowsHostProcess } from './checks/windowsHostProcess.js';
import { goCompare } from './format.js';
import type { CheckFn, CheckId, PssCheck, PssLevel, VersionedCheck } from './types.js';

export const PSS_CHECKS: readonly PssCheck[] = [
  hostNamespaces,
  privileged,
  capabilities_baseline,
  hostPathVolumes,
  hostPorts,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  seccompProfile_baseline,
  sysctls,
  windowsHostProcess,
  hostProbesAndHostLifecycle,
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompProfile_restricted,
  capabilities_restricted,
  procMount_restricted,
];

export function pssCheck(id: CheckId): PssCheck {
  const c = PSS_CHECKS.find((x) => x.id === id);
  if (!c) throw new Error(`unknown Pod Security Standards check ${id}`);
  return c;
}

/** The newest minor version any check has an implementation for; newer requests are clamped to it. */
export const NEWEST_MINOR: number = Math.max(
  ...PSS_CHECKS.map((c) => c.versions[c.versions.length - 1]!.minimumVersion),
);

export interface ActiveCheck {
  readonly id: CheckId;
  readonly check: CheckFn;
}

/** The implementation of a check that applies at a minor version, if the check exists there. */
function versionAt(check: PssCheck, minor: number): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const v of check.versions) if (v.minimumVersion <= minor) found = v;
  return found;
}

const byId = (a: PssCheck, b: PssCheck) => goCompare(a.id, b.id);
const BASELINE = PSS_CHECKS.filter((c) => c.level === 'baseline').sort(byId);
const RESTRICTED = PSS_CHECKS.filter((c) => c.level === 'restricted').sort(byId);

const cache = new Map<string, readonly ActiveCheck[]>();

/**
 * The checks to run at a level and (already clamped) minor version, in upstream order.
 * `privileged` runs none.
 */
export function activeChecks(level: PssLevel, minor: number): readonly ActiveCheck[] {
  const key = `${level}:${minor}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out: ActiveCheck[] = [];
  if (level !== 'privileged') {
    const restricted = level === 'restricted' ? RESTRICTED.map((c) => [c, versionAt(c, minor)] as const) : [];
    const overridden = new Set<CheckId>();
    for (const [, v] of restricted) for (const id of v?.overrides ?? []) overridden.add(id);
    for (const c of BASELINE) {
      const v = versionAt(c, minor);
      if (v && !overridden.has(c.id)) out.push({ id: c.id, check: v.check });
    }
    for (const [c, v] of restricted) if (v) out.push({ id: c.id, check: v.check });
  }
  cache.set(key, out);
  return out;
}

/**
 * The restricted check that replaces a baseline check at a level and minor version
 * (e.g. capabilities_baseline → capabilities_restricted at restricted from v1.22).
 */
export function replacedBy(level: PssLevel, minor: number, id: CheckId): CheckId | undefined {
  if (level !== 'restricted') return undefined;
  return RESTRICTED.find((c) => versionAt(c, minor)?.overrides?.includes(id))?.id;
}
