import { defineCheck } from '../../engine/define-check.js';
import { ingressController, ingressTls } from '../../model/ingress.js';
import type { Inventory } from '../../model/inventory.js';
import { isRecord, type Resource, stringMap } from '../../model/types.js';

const FAIL = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/ssl-redirect: "false"
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

const PASS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    kubernetes.io/ingress.allow-http: "false"
spec:
  ingressClassName: gce
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

const NGINX_REDIRECT = 'nginx.ingress.kubernetes.io/ssl-redirect';
const NGINX_FORCE = 'nginx.ingress.kubernetes.io/force-ssl-redirect';
const GCE_ALLOW_HTTP = 'kubernetes.io/ingress.allow-http';
const GKE_FRONTEND_CONFIG = 'networking.gke.io/v1beta1.FrontendConfig';
const ALB_LISTEN_PORTS = 'alb.ingress.kubernetes.io/listen-ports';
const ALB_SSL_REDIRECT = 'alb.ingress.kubernetes.io/ssl-redirect';

/** Protocols of an ALB listen-ports annotation (`[{"HTTP": 80}, {"HTTPS": 443}]`); undefined when unparseable. */
function albListenProtocols(value: string): Set<string> | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return undefined;
    const out = new Set<string>();
    for (const entry of parsed)
      if (isRecord(entry)) for (const k of Object.keys(entry)) out.add(k.toUpperCase());
    return out;
  } catch {
    return undefined;
  }
}

function frontendConfigRedirects(ingress: Resource, name: string, inventory: Inventory): boolean | undefined {
  const ns = ingress.ref.namespace;
  // FrontendConfig is a CRD kzt does not know the scope of: an object without namespace is in "default".
  const fc =
    inventory.get('networking.gke.io', 'FrontendConfig', ns, name) ??
    (ns === 'default' ? inventory.get('networking.gke.io', 'FrontendConfig', undefined, name) : undefined);
  if (!fc) return undefined;
  const spec = fc.object.spec;
  return isRecord(spec) && isRecord(spec.redirectToHttps) && spec.redirectToHttps.enabled === true;
}

export default defineCheck({
  meta: {
    id: 'ZT-EDGE-002',
    slug: 'no-plain-http-with-tls',
    title: 'Ingresses with TLS must not also serve plain HTTP',
    pillar: 'perimeter',
    severity: 'medium',
    description: `An Ingress can have TLS and still answer on plain HTTP: then a client that types the bare host name, follows an old \`http://\` link, or is downgraded by an attacker on the path, sends its cookies and credentials in clear text. Whether HTTP is served or redirected depends on the controller, so this check reports only what the controller's documented defaults make certain:

- **ingress-nginx** redirects HTTP to HTTPS for TLS hosts by default; reported when \`nginx.ingress.kubernetes.io/ssl-redirect: "false"\` turns that off and \`force-ssl-redirect\` does not turn it back on.
- **GCE / GKE** serves HTTP next to HTTPS unless \`kubernetes.io/ingress.allow-http: "false"\` or a \`FrontendConfig\` with \`redirectToHttps.enabled: true\` (a FrontendConfig not in the input is given the benefit of the doubt).
- **AWS Load Balancer Controller** listens on HTTPS only once a certificate is configured; reported when \`alb.ingress.kubernetes.io/listen-ports\` lists both HTTP and HTTPS and \`alb.ingress.kubernetes.io/ssl-redirect\` is not set.

The controller is resolved from \`spec.ingressClassName\`, the legacy \`kubernetes.io/ingress.class\` annotation or the default IngressClass, through the IngressClass object when it is in the input (class names \`nginx\`, \`gce\`, \`gce-internal\`, \`alb\` are recognised without it). Ingresses of other or unknown controllers are not judged. Ingresses without TLS are ZT-EDGE-001's.`,
    remediation: `Redirect or refuse plain HTTP, per controller:

\`\`\`yaml
# ingress-nginx: remove ssl-redirect: "false", or
nginx.ingress.kubernetes.io/force-ssl-redirect: "true"
# GCE / GKE
kubernetes.io/ingress.allow-http: "false"
# AWS Load Balancer Controller
alb.ingress.kubernetes.io/ssl-redirect: "443"
\`\`\`

Add \`Strict-Transport-Security\` (HSTS) so browsers stop trying HTTP at all.`,
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#server-side-https-enforcement-through-redirect',
      'https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#disabling_http',
      'https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#https_redirect',
      'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#ssl-redirect',
    ],
    frameworks: [
      { framework: 'nist-800-207', control: 'tenet 2' },
      { framework: 'soc2', control: 'CC6.7' },
      { framework: 'hipaa', control: '164.312(e)(1)' },
      { framework: 'gdpr', control: 'Art. 32(1)(a)' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['networking.k8s.io/Ingress', 'extensions/Ingress'],
  check(resource, ctx) {
    const a = isRecord(resource.object.metadata) ? stringMap(resource.object.metadata.annotations) : {};
    const hasSpecTls = ingressTls(resource).length > 0;
    const { controller } = ingressController(resource, ctx.inventory);
    const name = resource.ref.name;
    const annotationPath = (key: string) => ['metadata', 'annotations', key];
    const nginx =
      controller === 'k8s.io/ingress-nginx' ||
      (controller === undefined && Object.keys(a).some((k) => k.startsWith('nginx.ingress.kubernetes.io/')));
    if (nginx) {
      if (!hasSpecTls) return;
      if (a[NGINX_REDIRECT]?.trim() === 'false' && a[NGINX_FORCE]?.trim() !== 'true') {
        ctx.report({
          resource,
          path: annotationPath(NGINX_REDIRECT),
          message: `Ingress "${name}" turns off the HTTPS redirect (${NGINX_REDIRECT}: "false"), so ingress-nginx also serves its TLS hosts over plain HTTP`,
        });
      }
      return;
    }
    if (controller === 'k8s.io/ingress-gce') {
      const gceTls =
        hasSpecTls ||
        (a['ingress.gcp.kubernetes.io/pre-shared-cert'] ?? '') !== '' ||
        (a['networking.gke.io/managed-certificates'] ?? '') !== '';
      if (!gceTls || a[GCE_ALLOW_HTTP]?.trim() === 'false') return;
      const fc = a[GKE_FRONTEND_CONFIG];
      if (fc && frontendConfigRedirects(resource, fc, ctx.inventory) !== false) return;
      ctx.report({
        resource,
        path: a[GCE_ALLOW_HTTP] !== undefined ? annotationPath(GCE_ALLOW_HTTP) : ['metadata'],
        message: `Ingress "${name}" has TLS but the GCE load balancer also serves plain HTTP: neither ${GCE_ALLOW_HTTP}: "false" nor a FrontendConfig with redirectToHttps is set`,
      });
      return;
    }
    if (controller === 'ingress.k8s.aws/alb') {
      const listen = a[ALB_LISTEN_PORTS];
      if (listen === undefined || (a[ALB_SSL_REDIRECT] ?? '').trim() !== '') return;
      const protocols = albListenProtocols(listen);
      if (!protocols?.has('HTTP') || !protocols.has('HTTPS')) return;
      ctx.report({
        resource,
        path: annotationPath(ALB_LISTEN_PORTS),
        message: `Ingress "${name}" listens on HTTP as well as HTTPS (${ALB_LISTEN_PORTS}) without ${ALB_SSL_REDIRECT}, so the ALB serves plain HTTP`,
      });
    }
  },
});
