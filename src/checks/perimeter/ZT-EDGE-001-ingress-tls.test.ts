import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-EDGE-001-ingress-tls.js';

const backend = `http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}`;

testCheck(check, {
  valid: [
    {
      name: 'every host covered, exactly, by wildcard (case-insensitive), or by an entry without hosts',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: a}
spec:
  tls:
    - hosts: [Shop.Example.com, "*.api.example.com"]
      secretName: t
  rules:
    - {host: shop.example.com, ${backend}}
    - {host: v1.api.example.com, ${backend}}
    - {host: "*.api.example.com", ${backend}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: b}
spec:
  tls: [{secretName: default-cert}]
  defaultBackend: {service: {name: web, port: {number: 80}}}
  rules:
    - ${backend}
    - {host: other.example.com, ${backend}}
`,
    },
    {
      name: 'TLS configured by cloud annotations, and Ingresses that route nothing',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: alb
  annotations: {alb.ingress.kubernetes.io/certificate-arn: "arn:aws:acm:eu-west-1:123:certificate/x"}
spec:
  rules: [{host: shop.example.com, ${backend}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: gke
  annotations: {networking.gke.io/managed-certificates: shop-cert}
spec:
  rules: [{host: shop.example.com, ${backend}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: empty}
spec: {}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: odd}
spec: {rules: "x", tls: 5}
`,
    },
  ],
  invalid: [
    {
      name: 'no TLS at all',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  rules:
    - host: shop.example.com
      ${backend}
    - host: api.example.com
      ${backend}
`,
      findings: [
        {
          path: 'spec.tls',
          line: 5,
          message:
            'Ingress "shop" has no TLS configuration, so it serves hosts "shop.example.com" and "api.example.com" over plain HTTP',
        },
      ],
    },
    {
      name: 'no TLS with a catch-all rule (legacy extensions/v1beta1 backend)',
      yaml: `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: legacy
spec:
  backend: {serviceName: web, servicePort: 80}
  rules:
    - host: shop.example.com
      http: {paths: [{path: /, backend: {serviceName: web, servicePort: 80}}]}
  tls: []
`,
      findings: [
        {
          path: 'spec.tls',
          line: 10,
          message:
            'Ingress "legacy" has no TLS configuration, so it serves every host, including "shop.example.com", over plain HTTP',
        },
      ],
    },
    {
      name: 'hosts left out of TLS; a wildcard covers one label only; a catch-all rule',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  tls:
    - hosts: ["*.example.com"]
      secretName: wild
  rules:
    - host: shop.example.com
      ${backend}
    - host: a.b.example.com
      ${backend}
    - host: example.com
      ${backend}
    - ${backend}
`,
      findings: [
        {
          path: 'spec.rules[1].host',
          line: 12,
          message:
            'Ingress "shop" routes "a.b.example.com" but no spec.tls entry covers it, so it is served over plain HTTP',
        },
        {
          path: 'spec.rules[2].host',
          line: 14,
          message:
            'Ingress "shop" routes "example.com" but no spec.tls entry covers it, so it is served over plain HTTP',
        },
        {
          path: 'spec.rules[3]',
          line: 16,
          message:
            'Ingress "shop" routes every host (rule without host or default backend) but no spec.tls entry covers it, so it is served over plain HTTP',
        },
      ],
    },
  ],
});
