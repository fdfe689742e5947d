import type { Check } from '../../engine/types.js';
import noDefaultServiceAccount from './ZT-ID-001-no-default-service-account.js';
import noUnneededServiceAccountToken from './ZT-ID-002-no-unneeded-service-account-token.js';
import defaultServiceAccountNoAutomount from './ZT-ID-003-default-service-account-no-automount.js';
import noLegacyTokenSecrets from './ZT-ID-004-no-legacy-token-secrets.js';

/** The identity pillar's checks. Keep sorted by id. */
export const identityChecks: readonly Check[] = [
  noDefaultServiceAccount,
  noUnneededServiceAccountToken,
  defaultServiceAccountNoAutomount,
  noLegacyTokenSecrets,
];
