import type { Check } from '../../engine/types.js';

/** The encryption pillar's checks. Keep sorted by id. */
export const encryptionChecks: readonly Check[] = [];
