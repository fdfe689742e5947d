import { defineCheck } from '../../engine/define-check.js';
import { asArray, isRecord } from '../../model/types.js';

const FAIL = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - {port: 80, targetPort: 8080}
  externalIPs:
    - 203.0.113.10
`;

const PASS = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - {port: 80, targetPort: 8080}
`;

export default defineCheck({
  meta: {
    id: 'ZT-EDGE-003',
    slug: 'no-service-external-ips',
    title: 'Services must not set externalIPs',
    pillar: 'perimeter',
    severity: 'medium',
    description: `\`spec.externalIPs\` makes kube-proxy on every node capture traffic addressed to those IPs and send it to the Service, for any IP the author chooses — including addresses of other services inside or outside the cluster. This is CVE-2020-8554: anyone allowed to create or update Services in any namespace can intercept (man-in-the-middle) traffic of the whole cluster to such an address. Kubernetes has no fix other than forbidding the field (the \`DenyServiceExternalIPs\` admission plugin, or a policy).

Zero Trust does not let a namespace tenant redirect other tenants' traffic. Unless the cluster relies on externalIPs and admission restricts who may set them and to which addresses, the field should not be used.`,
    remediation: `Expose the Service with \`type: LoadBalancer\` (or through an Ingress/Gateway) instead, and enable the \`DenyServiceExternalIPs\` admission plugin on the API server:

\`\`\`yaml
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: [203.0.113.0/24]
\`\`\``,
    references: [
      'https://github.com/kubernetes/kubernetes/issues/97076',
      'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips',
      'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips',
    ],
    frameworks: [
      { framework: 'nist-800-207', control: 'tenet 2' },
      { framework: 'nsa-cisa', control: 'Network separation and hardening' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['/Service'],
  check(resource, ctx) {
    const spec = resource.object.spec;
    if (!isRecord(spec)) return;
    const ips = asArray(spec.externalIPs).filter((ip): ip is string => typeof ip === 'string' && ip !== '');
    if (ips.length === 0) return;
    const shown =
      ips.length > 5 ? `${ips.slice(0, 5).join(', ')} and ${ips.length - 5} more` : ips.join(', ');
    ctx.report({
      resource,
      path: ['spec', 'externalIPs'],
      message: `Service "${resource.ref.name}" sets externalIPs (${shown}): kube-proxy on every node captures traffic to ${ips.length === 1 ? 'that address' : 'those addresses'} (CVE-2020-8554)`,
    });
  },
});
