import { defineCheck } from '../../engine/define-check.js';
import { hostCovered, ingressHosts, ingressTls } from '../../model/ingress.js';
import { quoteList } from '../../model/secrets-heuristics.js';
import { isRecord, stringMap } from '../../model/types.js';

const FAIL = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {number: 80}}
`;

const PASS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  ingressClassName: nginx
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {number: 80}}
`;

/** Annotations with which cloud controllers terminate TLS from certificates outside spec.tls. */
const OUT_OF_BAND_TLS = [
  'alb.ingress.kubernetes.io/certificate-arn',
  'ingress.gcp.kubernetes.io/pre-shared-cert',
  'networking.gke.io/managed-certificates',
  'appgw.ingress.kubernetes.io/appgw-ssl-certificate',
];

export default defineCheck({
  meta: {
    id: 'ZT-EDGE-001',
    slug: 'ingress-tls',
    title: 'Ingresses must serve every host over TLS',
    pillar: 'perimeter',
    severity: 'high',
    description: `An Ingress host without TLS is served over plain HTTP: credentials, session cookies and data cross the network readable and modifiable by anyone on the path. Zero Trust assumes the network is hostile, inside and out, so every connection is encrypted and the server authenticated — whatever "internal" network it seems to be on.

Each host routed by the Ingress (each rule's \`host\`; rules without a host and the default backend count as "every host") must be covered by \`spec.tls\`: an entry listing the host exactly, or a wildcard \`*.example.com\` matching exactly one more label. A TLS entry without \`hosts\` applies to every host. An Ingress with no \`spec.tls\` is reported once; otherwise each uncovered host is reported at its rule. Ingresses whose controller terminates TLS from certificates configured by annotation (AWS ALB \`certificate-arn\`, GKE pre-shared or managed certificates, Azure Application Gateway) are not reported.`,
    remediation: `Add a TLS entry for each host (cert-manager can issue and renew the certificate):

\`\`\`yaml
metadata:
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
\`\`\`

Then make sure plain HTTP is redirected or refused (ZT-EDGE-002).`,
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
      'https://cert-manager.io/docs/usage/ingress/',
    ],
    frameworks: [
      { framework: 'nist-800-207', control: 'tenet 2' },
      { framework: 'nsa-cisa', control: 'Network separation and hardening: encrypt traffic with TLS' },
      { framework: 'soc2', control: 'CC6.7' },
      { framework: 'hipaa', control: '164.312(e)(1)' },
      { framework: 'gdpr', control: 'Art. 32(1)(a)' },
    ],
    sources: [
      { tool: 'kubescape', id: 'C-0263', relation: 'inspired' },
      { tool: 'polaris', id: 'tlsSettingsMissing', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['networking.k8s.io/Ingress', 'extensions/Ingress'],
  check(resource, ctx) {
    const annotations = isRecord(resource.object.metadata)
      ? stringMap(resource.object.metadata.annotations)
      : {};
    if (OUT_OF_BAND_TLS.some((a) => (annotations[a] ?? '') !== '')) return;
    const hosts = ingressHosts(resource);
    if (hosts.length === 0) return;
    const tls = ingressTls(resource);
    const label = (h: string) => (h === '' ? 'every host (rule without host or default backend)' : `"${h}"`);
    if (tls.length === 0) {
      const named = hosts.filter((h) => h.host !== '').map((h) => h.host);
      const all = hosts.some((h) => h.host === '');
      const what = all
        ? named.length > 0
          ? `every host, including ${quoteList(named)},`
          : 'every host'
        : `${named.length === 1 ? 'host' : 'hosts'} ${quoteList(named)}`;
      ctx.report({
        resource,
        path: ['spec', 'tls'],
        message: `Ingress "${resource.ref.name}" has no TLS configuration, so it serves ${what} over plain HTTP`,
      });
      return;
    }
    for (const h of hosts) {
      if (hostCovered(tls, h.host)) continue;
      ctx.report({
        resource,
        path: h.path,
        key: h.host,
        message: `Ingress "${resource.ref.name}" routes ${label(h.host)} but no spec.tls entry covers it, so it is served over plain HTTP`,
      });
    }
  },
});
