import type { Check } from '../../engine/types.js';

/** The monitoring pillar's checks. Keep sorted by id. */
export const monitoringChecks: readonly Check[] = [];
