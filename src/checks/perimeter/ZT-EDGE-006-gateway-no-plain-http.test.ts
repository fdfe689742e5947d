import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/support/check-tester.js';
import { hostnamesIntersect } from '../../model/gateway-api.js';
import check from './ZT-EDGE-006-gateway-no-plain-http.js';

const GW = (listeners: string, ns = 'edge') => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: ${ns}
spec:
  gatewayClassName: c
  listeners:
${listeners}`;
const HTTP = '    - {name: http, protocol: HTTP, port: 80}\n';
const ROUTE = (name: string, ns: string, spec: string, kind = 'HTTPRoute') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;
const FORWARD = '  rules: [{backendRefs: [{name: web, port: 80}]}]\n';

testCheck(check, {
  valid: [
    {
      name: 'only redirects on the HTTP listener',
      yaml:
        GW(HTTP) +
        ROUTE(
          'r',
          'edge',
          '  parentRefs: [{name: gw}]\n  rules:\n    - filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]\n    - matches: [{path: {type: PathPrefix, value: /a}}]\n      filters: [{type: RequestRedirect, requestRedirect: {scheme: https, port: 443}}]\n',
        ),
    },
    {
      name: 'routes that do not attach: other section, port, gateway, namespace, hostname, kind, group',
      yaml:
        GW(`${HTTP}    - {name: https, protocol: HTTPS, port: 443, hostname: "*.example.com"}\n`) +
        ROUTE('a', 'edge', `  parentRefs: [{name: gw, sectionName: https}]\n${FORWARD}`) +
        ROUTE('b', 'edge', `  parentRefs: [{name: gw, port: 443}]\n${FORWARD}`) +
        ROUTE('c', 'edge', `  parentRefs: [{name: other}]\n${FORWARD}`) +
        ROUTE('d', 'apps', `  parentRefs: [{name: gw, namespace: edge}]\n${FORWARD}`) +
        ROUTE('e', 'edge', `  parentRefs: [{name: gw, kind: Service}]\n${FORWARD}`) +
        ROUTE('f', 'edge', `  parentRefs: [{name: gw, group: example.com}]\n${FORWARD}`) +
        ROUTE('g', 'edge', `  parentRefs: [{name: gw, sectionName: http}]\n${FORWARD}`, 'TLSRoute'),
    },
    {
      name: 'HTTPS and TLS listeners, and an HTTP listener without routes',
      yaml:
        GW(
          '    - {name: https, protocol: HTTPS, port: 443}\n    - {name: tls, protocol: TLS, port: 8443, tls: {mode: Passthrough}}\n    - {name: idle, protocol: HTTP, port: 8080}\n',
        ) + ROUTE('r', 'edge', `  parentRefs: [{name: gw, sectionName: https}]\n${FORWARD}`),
    },
    {
      name: 'hostnames that do not intersect the listener',
      yaml:
        GW('    - {name: http, protocol: HTTP, port: 80, hostname: "*.example.com"}\n') +
        ROUTE(
          'r',
          'edge',
          `  parentRefs: [{name: gw}]\n  hostnames: [example.com, shop.example.org]\n${FORWARD}`,
        ),
    },
  ],
  invalid: [
    {
      name: 'a forwarding HTTPRoute and a GRPCRoute on the HTTP listener',
      yaml:
        GW(`${HTTP}    - {name: https, protocol: HTTPS, port: 443}\n`) +
        ROUTE('shop', 'edge', `  parentRefs: [{name: gw}]\n  hostnames: [a.b.example.com]\n${FORWARD}`) +
        ROUTE('grpc', 'edge', '  parentRefs: [{name: gw, sectionName: http}]\n', 'GRPCRoute'),
      findings: [
        {
          path: 'spec.listeners[0].protocol',
          line: 9,
          message:
            'Listener "http" (port 80) of Gateway "gw" serves "HTTPRoute edge/shop" and "GRPCRoute edge/grpc" over plain HTTP',
        },
      ],
    },
    {
      name: 'allowedRoutes All and Selector admit other namespaces',
      yaml: `${GW(
        '    - name: http\n      protocol: HTTP\n      port: 80\n      allowedRoutes: {namespaces: {from: All}}\n    - name: web\n      protocol: HTTP\n      port: 8080\n      allowedRoutes:\n        namespaces:\n          from: Selector\n          selector: {matchLabels: {expose: "true"}}\n',
      )}---
apiVersion: v1
kind: Namespace
metadata: {name: apps, labels: {expose: "true"}}
${ROUTE('r', 'apps', `  parentRefs: [{name: gw, namespace: edge}]\n${FORWARD}`)}${ROUTE(
  'mixed',
  'apps',
  `  parentRefs: [{name: gw, namespace: edge, sectionName: web}]\n  rules:\n    - filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]\n    - backendRefs: [{name: web, port: 80}]\n`,
)}`,
      findings: [
        {
          path: 'spec.listeners[0].protocol',
          line: 10,
          message: 'Listener "http" (port 80) of Gateway "gw" serves "HTTPRoute apps/r" over plain HTTP',
        },
        {
          path: 'spec.listeners[1].protocol',
          line: 14,
          message:
            'Listener "web" (port 8080) of Gateway "gw" serves "HTTPRoute apps/r" and "HTTPRoute apps/mixed" over plain HTTP',
        },
      ],
    },
  ],
});

describe('hostnamesIntersect (Gateway API suffix wildcards)', () => {
  it.each([
    [undefined, 'a.example.com', true],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', '*.b.example.com', true],
    ['A.Example.com', 'a.example.com', true],
    ['a.example.com', 'b.example.com', false],
  ])('%s ∩ %s: %s', (a, b, expected) => {
    expect(hostnamesIntersect(a, b)).toBe(expected);
    expect(hostnamesIntersect(b, a)).toBe(expected);
  });
});
