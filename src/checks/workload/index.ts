import type { Check } from '../../engine/types.js';

/** The workload pillar's checks. Keep sorted by id. */
export const workloadChecks: readonly Check[] = [];
