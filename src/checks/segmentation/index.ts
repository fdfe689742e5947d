import type { Check } from '../../engine/types.js';

/** The segmentation pillar's checks. Keep sorted by id. */
export const segmentationChecks: readonly Check[] = [];
