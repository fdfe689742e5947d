import type { Check } from '../../engine/types.js';
import noDefaultServiceAccount from './ZT-ID-001-no-default-service-account.js';
import noUnneededServiceAccountToken from './ZT-ID-002-no-unneeded-service-account-token.js';
import defaultServiceAccountNoAutomount from './ZT-ID-003-default-service-account-no-automount.js';
import noLegacyTokenSecrets from './ZT-ID-004-no-legacy-token-secrets.js';
import rbacWildcardPermissions from './ZT-ID-020-rbac-wildcard-permissions.js';
import rbacPrivilegeEscalation from './ZT-ID-021-rbac-privilege-escalation.js';
import rbacWorkloadCreation from './ZT-ID-022-rbac-workload-creation.js';
import rbacPodAccess from './ZT-ID-023-rbac-pod-access.js';
import rbacNodeAndStorageAccess from './ZT-ID-024-rbac-node-and-storage-access.js';
import rbacSecretsAndTokens from './ZT-ID-025-rbac-secrets-and-tokens.js';
import rbacClusterControl from './ZT-ID-026-rbac-cluster-control.js';
import rbacBroadGroupBindings from './ZT-ID-027-rbac-broad-group-bindings.js';
import rbacDanglingRoleRef from './ZT-ID-028-rbac-dangling-role-ref.js';
import rbacBindingMissingServiceAccount from './ZT-ID-029-rbac-binding-missing-service-account.js';
import rbacDefaultServiceAccountPermissions from './ZT-ID-030-rbac-default-service-account-permissions.js';
import rbacInvalidObjects from './ZT-ID-031-rbac-invalid-objects.js';
import workloadIdentityPrivileges from './ZT-ID-032-workload-identity-privileges.js';
import rbacEscalationToClusterAdmin from './ZT-ID-033-rbac-escalation-to-cluster-admin.js';

/** The identity pillar's checks. Keep sorted by id. */
export const identityChecks: readonly Check[] = [
  noDefaultServiceAccount,
  noUnneededServiceAccountToken,
  defaultServiceAccountNoAutomount,
  noLegacyTokenSecrets,
  rbacWildcardPermissions,
  rbacPrivilegeEscalation,
  rbacWorkloadCreation,
  rbacPodAccess,
  rbacNodeAndStorageAccess,
  rbacSecretsAndTokens,
  rbacClusterControl,
  rbacBroadGroupBindings,
  rbacDanglingRoleRef,
  rbacBindingMissingServiceAccount,
  rbacDefaultServiceAccountPermissions,
  rbacInvalidObjects,
  workloadIdentityPrivileges,
  rbacEscalationToClusterAdmin,
];
