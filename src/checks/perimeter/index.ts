import type { Check } from '../../engine/types.js';

/** The perimeter pillar's checks. Keep sorted by id. */
export const perimeterChecks: readonly Check[] = [];
