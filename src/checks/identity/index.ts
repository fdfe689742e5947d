import type { Check } from '../../engine/types.js';

/** The identity pillar's checks. Keep sorted by id. */
export const identityChecks: readonly Check[] = [];
