import type { Check } from '../../engine/types.js';
import noHostNamespaces from './ZT-WL-001-no-host-namespaces.js';
import noPrivilegedContainers from './ZT-WL-002-no-privileged-containers.js';
import noAddedCapabilities from './ZT-WL-003-no-added-capabilities.js';
import noHostpathVolumes from './ZT-WL-004-no-hostpath-volumes.js';
import noHostPorts from './ZT-WL-005-no-host-ports.js';
import apparmorNotDisabled from './ZT-WL-006-apparmor-not-disabled.js';
import selinuxOptionsRestricted from './ZT-WL-007-selinux-options-restricted.js';
import defaultProcMount from './ZT-WL-008-default-proc-mount.js';
import seccompNotUnconfined from './ZT-WL-009-seccomp-not-unconfined.js';
import safeSysctlsOnly from './ZT-WL-010-safe-sysctls-only.js';
import noWindowsHostprocess from './ZT-WL-011-no-windows-hostprocess.js';
import noProbeOrLifecycleHost from './ZT-WL-012-no-probe-or-lifecycle-host.js';
import restrictedVolumeTypes from './ZT-WL-013-restricted-volume-types.js';
import noPrivilegeEscalation from './ZT-WL-014-no-privilege-escalation.js';
import runAsNonRoot from './ZT-WL-015-run-as-non-root.js';
import noRootUid from './ZT-WL-016-no-root-uid.js';
import seccompProfileRequired from './ZT-WL-017-seccomp-profile-required.js';
import dropAllCapabilities from './ZT-WL-018-drop-all-capabilities.js';
import defaultProcMountRestricted from './ZT-WL-019-default-proc-mount-restricted.js';
import readOnlyRootFilesystem from './ZT-WL-020-read-only-root-filesystem.js';
import noContainerRuntimeSocket from './ZT-WL-021-no-container-runtime-socket.js';
import noMutableImageTag from './ZT-WL-022-no-mutable-image-tag.js';
import requireImageDigest from './ZT-WL-023-require-image-digest.js';
import pullMutableImagesAlways from './ZT-WL-024-pull-mutable-images-always.js';
import readOnlyHostPathMounts from './ZT-WL-025-read-only-host-path-mounts.js';
import requireMemoryLimit from './ZT-WL-026-require-memory-limit.js';
import noSharedProcessNamespace from './ZT-WL-027-no-shared-process-namespace.js';
import namespaceEnforcesPodSecurity from './ZT-WL-028-namespace-enforces-pod-security.js';

/** The workload pillar's checks. Keep sorted by id. */
export const workloadChecks: readonly Check[] = [
  noHostNamespaces,
  noPrivilegedContainers,
  noAddedCapabilities,
  noHostpathVolumes,
  noHostPorts,
  apparmorNotDisabled,
  selinuxOptionsRestricted,
  defaultProcMount,
  seccompNotUnconfined,
  safeSysctlsOnly,
  noWindowsHostprocess,
  noProbeOrLifecycleHost,
  restrictedVolumeTypes,
  noPrivilegeEscalation,
  runAsNonRoot,
  noRootUid,
  seccompProfileRequired,
  dropAllCapabilities,
  defaultProcMountRestricted,
  readOnlyRootFilesystem,
  noContainerRuntimeSocket,
  noMutableImageTag,
  requireImageDigest,
  pullMutableImagesAlways,
  readOnlyHostPathMounts,
  requireMemoryLimit,
  noSharedProcessNamespace,
  namespaceEnforcesPodSecurity,
];
