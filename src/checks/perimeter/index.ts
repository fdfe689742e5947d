import type { Check } from '../../engine/types.js';
import ingressTls from './ZT-EDGE-001-ingress-tls.js';
import noPlainHttpWithTls from './ZT-EDGE-002-no-plain-http-with-tls.js';
import noServiceExternalIps from './ZT-EDGE-003-no-service-external-ips.js';
import restrictLoadBalancerSources from './ZT-EDGE-004-restrict-load-balancer-sources.js';
import noNodePortServices from './ZT-EDGE-005-no-node-port-services.js';
import gatewayNoPlainHttp from './ZT-EDGE-006-gateway-no-plain-http.js';

/** The perimeter pillar's checks. Keep sorted by id. */
export const perimeterChecks: readonly Check[] = [
  ingressTls,
  noPlainHttpWithTls,
  noServiceExternalIps,
  restrictLoadBalancerSources,
  noNodePortServices,
  gatewayNoPlainHttp,
];
