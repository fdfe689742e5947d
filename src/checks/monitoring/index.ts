import type { Check } from '../../engine/types.js';
import auditNoSecretContents from './ZT-MON-001-audit-no-secret-contents.js';
import auditSecretAccess from './ZT-MON-002-audit-secret-access.js';

/** The monitoring pillar's checks. Keep sorted by id. */
export const monitoringChecks: readonly Check[] = [auditNoSecretContents, auditSecretAccess];
