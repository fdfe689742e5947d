import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-EDGE-002-no-plain-http-with-tls.js';

const rules = `  tls: [{hosts: [shop.example.com], secretName: t}]
  rules:
    - host: shop.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`;
const ING = (
  name: string,
  annotations: string,
  spec: string,
  withTls = true,
) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop
${annotations ? `  annotations:\n${annotations}` : ''}spec:
${spec}${withTls ? rules : rules.split('\n').slice(1).join('\n')}`;

testCheck(check, {
  valid: [
    { name: 'ingress-nginx redirects by default', yaml: ING('a', '', '  ingressClassName: nginx\n') },
    {
      name: 'ingress-nginx: force-ssl-redirect wins over ssl-redirect false',
      yaml: ING(
        'b',
        '    nginx.ingress.kubernetes.io/ssl-redirect: "false"\n    nginx.ingress.kubernetes.io/force-ssl-redirect: "true"\n',
        '  ingressClassName: nginx\n',
      ),
    },
    {
      name: 'ingress-nginx without TLS is ZT-EDGE-001',
      yaml: ING(
        'c',
        '    nginx.ingress.kubernetes.io/ssl-redirect: "false"\n',
        '  ingressClassName: nginx\n',
        false,
      ),
    },
    {
      name: 'GCE with allow-http false',
      yaml: ING('d', '    kubernetes.io/ingress.allow-http: "false"\n', '  ingressClassName: gce\n'),
    },
    {
      name: 'GCE with a redirecting FrontendConfig in the input',
      yaml: `${ING('e', '    networking.gke.io/v1beta1.FrontendConfig: redirect\n', '  ingressClassName: gce\n')}---
apiVersion: networking.gke.io/v1beta1
kind: FrontendConfig
metadata: {name: redirect, namespace: shop}
spec:
  redirectToHttps: {enabled: true}
`,
    },
    {
      name: 'GCE with a FrontendConfig that is not in the input (benefit of the doubt)',
      yaml: ING(
        'f',
        '    networking.gke.io/v1beta1.FrontendConfig: elsewhere\n',
        '  ingressClassName: gce\n',
      ),
    },
    {
      name: 'GCE without TLS is ZT-EDGE-001',
      yaml: ING('g', '', '  ingressClassName: gce\n', false),
    },
    {
      name: 'ALB with HTTPS only, or HTTP+HTTPS with ssl-redirect',
      yaml: `${ING('h', `    alb.ingress.kubernetes.io/listen-ports: '[{"HTTPS": 443}]'\n`, '  ingressClassName: alb\n')}---
${ING('i', `    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'\n    alb.ingress.kubernetes.io/ssl-redirect: "443"\n`, '  ingressClassName: alb\n')}`,
    },
    {
      name: 'unknown controllers are not judged',
      yaml: ING(
        'j',
        '    traefik.ingress.kubernetes.io/router.entrypoints: web,websecure\n',
        '  ingressClassName: traefik\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'ingress-nginx with the redirect turned off',
      yaml: ING(
        'shop',
        '    nginx.ingress.kubernetes.io/ssl-redirect: "false"\n',
        '  ingressClassName: nginx\n',
      ),
      findings: [
        {
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]',
          line: 7,
          message:
            'Ingress "shop" turns off the HTTPS redirect (nginx.ingress.kubernetes.io/ssl-redirect: "false"), so ingress-nginx also serves its TLS hosts over plain HTTP',
        },
      ],
    },
    {
      name: 'ingress-nginx through the legacy class annotation and a custom IngressClass name',
      yaml: `${ING('shop', '    kubernetes.io/ingress.class: public\n    nginx.ingress.kubernetes.io/ssl-redirect: "false"\n', '')}---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: public}
spec: {controller: k8s.io/ingress-nginx}
`,
      findings: [{ path: 'metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]', line: 8 }],
    },
    {
      name: 'GCE through the default IngressClass, TLS from a managed certificate',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    networking.gke.io/managed-certificates: shop-cert
spec:
  rules:
    - host: shop.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: gce-default
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec: {controller: k8s.io/ingress-gce}
`,
      findings: [
        {
          path: 'metadata',
          line: 3,
          message:
            'Ingress "shop" has TLS but the GCE load balancer also serves plain HTTP: neither kubernetes.io/ingress.allow-http: "false" nor a FrontendConfig with redirectToHttps is set',
        },
      ],
    },
    {
      name: 'GCE with allow-http true and a FrontendConfig that does not redirect',
      yaml: `${ING('shop', '    kubernetes.io/ingress.allow-http: "true"\n    networking.gke.io/v1beta1.FrontendConfig: plain\n', '  ingressClassName: gce\n')}---
apiVersion: networking.gke.io/v1beta1
kind: FrontendConfig
metadata: {name: plain, namespace: shop}
spec: {sslPolicy: modern}
`,
      findings: [{ path: 'metadata.annotations["kubernetes.io/ingress.allow-http"]', line: 7 }],
    },
    {
      name: 'ALB listening on HTTP and HTTPS without redirect',
      yaml: ING(
        'shop',
        `    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'\n    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:x\n`,
        '  ingressClassName: alb\n',
      ),
      findings: [
        {
          path: 'metadata.annotations["alb.ingress.kubernetes.io/listen-ports"]',
          line: 7,
          message:
            'Ingress "shop" listens on HTTP as well as HTTPS (alb.ingress.kubernetes.io/listen-ports) without alb.ingress.kubernetes.io/ssl-redirect, so the ALB serves plain HTTP',
        },
      ],
    },
  ],
});
