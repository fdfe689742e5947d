import type { Check } from '../../engine/types.js';
import readOnlyRootFilesystem from './ZT-WL-020-read-only-root-filesystem.js';
import noContainerRuntimeSocket from './ZT-WL-021-no-container-runtime-socket.js';
import noMutableImageTag from './ZT-WL-022-no-mutable-image-tag.js';
import requireImageDigest from './ZT-WL-023-require-image-digest.js';
import pullMutableImagesAlways from './ZT-WL-024-pull-mutable-images-always.js';

/** The workload pillar's checks. Keep sorted by id. */
export const workloadChecks: readonly Check[] = [
  readOnlyRootFilesystem,
  noContainerRuntimeSocket,
  noMutableImageTag,
  requireImageDigest,
  pullMutableImagesAlways,
];
