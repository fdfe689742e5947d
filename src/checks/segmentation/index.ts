import type { Check } from '../../engine/types.js';
import namespaceDefaultDenyIngress from './ZT-NET-001-namespace-default-deny-ingress.js';
import namespaceDefaultDenyEgress from './ZT-NET-002-namespace-default-deny-egress.js';
import workloadSelectedByPolicy from './ZT-NET-003-workload-selected-by-policy.js';
import noIngressFromInternet from './ZT-NET-004-no-ingress-from-internet.js';
import noIngressFromAnyNamespace from './ZT-NET-005-no-ingress-from-any-namespace.js';
import noAllowAllEgress from './ZT-NET-006-no-allow-all-egress.js';
import policySelectsPods from './ZT-NET-007-policy-selects-pods.js';
import namedPortDefined from './ZT-NET-008-named-port-defined.js';
import egressAllowsDns from './ZT-NET-009-egress-allows-dns.js';
import namespaceSelectorMatches from './ZT-NET-010-namespace-selector-matches.js';
import adminPolicyPriorityUnique from './ZT-NET-011-admin-policy-priority-unique.js';
import limitBlastRadius from './ZT-NET-012-limit-blast-radius.js';

/** The segmentation pillar's checks. Keep sorted by id. */
export const segmentationChecks: readonly Check[] = [
  namespaceDefaultDenyIngress,
  namespaceDefaultDenyEgress,
  workloadSelectedByPolicy,
  noIngressFromInternet,
  noIngressFromAnyNamespace,
  noAllowAllEgress,
  policySelectsPods,
  namedPortDefined,
  egressAllowsDns,
  namespaceSelectorMatches,
  adminPolicyPriorityUnique,
  limitBlastRadius,
];
