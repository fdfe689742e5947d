import type { Check } from '../../engine/types.js';
import noCredentialsInEnv from './ZT-ENC-001-no-credentials-in-env.js';
import noSecretValuesInManifests from './ZT-ENC-002-no-secret-values-in-manifests.js';
import noCredentialsInConfigmaps from './ZT-ENC-003-no-credentials-in-configmaps.js';
import secretsAsFilesNotEnv from './ZT-ENC-004-secrets-as-files-not-env.js';
import encryptSecretsAtRest from './ZT-ENC-005-encrypt-secrets-at-rest.js';
import strictMeshMtls from './ZT-ENC-006-strict-mesh-mtls.js';
import noMeshBypass from './ZT-ENC-007-no-mesh-bypass.js';
import noMeshTlsDisable from './ZT-ENC-008-no-mesh-tls-disable.js';

/** The encryption pillar's checks. Keep sorted by id. */
export const encryptionChecks: readonly Check[] = [
  noCredentialsInEnv,
  noSecretValuesInManifests,
  noCredentialsInConfigmaps,
  secretsAsFilesNotEnv,
  encryptSecretsAtRest,
  strictMeshMtls,
  noMeshBypass,
  noMeshTlsDisable,
];
