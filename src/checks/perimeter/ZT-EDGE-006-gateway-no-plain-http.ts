import { defineCheck } from '../../engine/define-check.js';
import {
  listenersOf,
  onlyRedirectsToHttps,
  routesByGateway,
  routesOnListener,
} from '../../model/gateway-api.js';
import { quoteList } from '../../model/secrets-heuristics.js';

const FAIL = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
  namespace: edge
spec:
  gatewayClassName: example
  listeners:
    - name: http
      protocol: HTTP
      port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
  namespace: edge
spec:
  parentRefs: [{name: public}]
  hostnames: [shop.example.com]
  rules:
    - backendRefs: [{name: web, port: 80}]
`;

const PASS = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
  namespace: edge
spec:
  gatewayClassName: example
  listeners:
    - name: http
      protocol: HTTP
      port: 80
    - name: https
      protocol: HTTPS
      port: 443
      tls:
        mode: Terminate
        certificateRefs: [{name: shop-tls}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: redirect
  namespace: edge
spec:
  parentRefs: [{name: public, sectionName: http}]
  rules:
    - filters:
        - type: RequestRedirect
          requestRedirect: {scheme: https, statusCode: 301}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
  namespace: edge
spec:
  parentRefs: [{name: public, sectionName: https}]
  hostnames: [shop.example.com]
  rules:
    - backendRefs: [{name: web, port: 80}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-EDGE-006',
    slug: 'gateway-no-plain-http',
    title: 'Gateway listeners must not serve routes over plain HTTP',
    pillar: 'perimeter',
    severity: 'high',
    description: `A Gateway API listener with \`protocol: HTTP\` carries traffic unencrypted; every HTTPRoute or GRPCRoute attached to it is served in plaintext — credentials, cookies and data readable and modifiable on the path. The usual, safe use of an HTTP listener is a route whose every rule redirects to \`https\`.

kzt attaches routes to listeners as the Gateway API specifies: the route's \`parentRefs\` must name the Gateway (namespace defaulting to the route's) and, if given, the listener's \`sectionName\` and \`port\`; the listener's \`allowedRoutes\` must admit the route's namespace (\`Same\` by default, \`All\`, or a label \`Selector\` over the namespace) and kind; and hostnames must intersect (\`*.example.com\` matches any deeper name, not \`example.com\`). Reported per HTTP listener: the attached routes that are not pure HTTPS redirects. Listeners with no attached route in the input serve nothing and are not reported.`,
    remediation: `Serve the routes on an HTTPS listener and let the HTTP listener only redirect:

\`\`\`yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: redirect, namespace: edge}
spec:
  parentRefs: [{name: public, sectionName: http}]
  rules:
    - filters:
        - type: RequestRedirect
          requestRedirect: {scheme: https, statusCode: 301}
\`\`\`

and attach application routes with \`sectionName: https\`.`,
    references: [
      'https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/',
      'https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.Listener',
      'https://gateway-api.sigs.k8s.io/guides/multiple-ns/',
    ],
    frameworks: [
      { framework: 'nist-800-207', control: 'tenet 2' },
      { framework: 'nsa-cisa', control: 'Network separation and hardening: encrypt traffic with TLS' },
      { framework: 'soc2', control: 'CC6.7' },
      { framework: 'hipaa', control: '164.312(e)(1)' },
      { framework: 'gdpr', control: 'Art. 32(1)(a)' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['gateway.networking.k8s.io/Gateway'],
  check(resource, ctx) {
    const key = `${resource.ref.namespace ?? 'default'}/${resource.ref.name}`;
    const candidates = ctx.memo('gateway-routes', () => routesByGateway(ctx.inventory)).get(key);
    if (!candidates) return;
    for (const listener of listenersOf(resource)) {
      if (listener.protocol !== 'HTTP') continue;
      const serving = routesOnListener(resource, listener, candidates, ctx.inventory).filter(
        (r) => !onlyRedirectsToHttps(r),
      );
      if (serving.length === 0) continue;
      const names = serving.map((r) => `${r.ref.kind} ${r.ref.namespace ?? 'default'}/${r.ref.name}`);
      ctx.report({
        resource,
        path: ['spec', 'listeners', listener.index, 'protocol'],
        key: listener.name,
        message: `Listener "${listener.name}"${listener.port !== undefined ? ` (port ${listener.port})` : ''} of Gateway "${resource.ref.name}" serves ${quoteList(names, 5)} over plain HTTP`,
      });
    }
  },
});
