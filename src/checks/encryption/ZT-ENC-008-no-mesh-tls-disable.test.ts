import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/support/check-tester.js';
import check, { isClusterHost } from './ZT-ENC-008-no-mesh-tls-disable.js';

const DR = (host: string, spec: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: dr
  namespace: shop
spec:
  host: ${host}
${spec}`;

testCheck(check, {
  valid: [
    {
      name: 'ISTIO_MUTUAL, SIMPLE, no tls',
      yaml: `${DR('reviews', '  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}\n')}---
${DR('ratings.shop.svc.cluster.local', '  trafficPolicy: {tls: {mode: SIMPLE}}\n')}---
${DR('details', '  trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}\n')}`,
    },
    {
      name: 'DISABLE toward external hosts is out of scope',
      yaml: `${DR('api.example.com', '  trafficPolicy: {tls: {mode: DISABLE}}\n')}---
${DR('"*"', '  trafficPolicy: {tls: {mode: DISABLE}}\n')}---
${DR('httpbin.org', '  subsets: [{name: v1, trafficPolicy: {tls: {mode: DISABLE}}}]\n')}`,
    },
    {
      name: 'wrong types never crash',
      yaml: `${DR('reviews', '  trafficPolicy: {tls: 5, portLevelSettings: [7, {tls: "DISABLE", port: "x"}]}\n  subsets: "x"\n')}`,
    },
  ],
  invalid: [
    {
      name: 'DISABLE at every level',
      yaml: DR(
        'reviews.shop.svc.cluster.local',
        `  trafficPolicy:
    tls:
      mode: DISABLE
    portLevelSettings:
      - port: {number: 9080}
        tls: {mode: DISABLE}
  subsets:
    - name: v2
      trafficPolicy:
        tls: {mode: DISABLE}
        portLevelSettings:
          - port: {number: 8443}
            tls: {mode: DISABLE}
`,
      ),
      findings: [
        {
          path: 'spec.trafficPolicy.tls.mode',
          line: 10,
          message:
            'DestinationRule "dr" disables TLS for in-cluster host "reviews.shop.svc.cluster.local": sidecars send that traffic in plaintext, without mesh identity',
        },
        {
          path: 'spec.trafficPolicy.portLevelSettings[0].tls.mode',
          line: 13,
          message:
            'DestinationRule "dr" disables TLS on port 9080 for in-cluster host "reviews.shop.svc.cluster.local": sidecars send that traffic in plaintext, without mesh identity',
        },
        {
          path: 'spec.subsets[0].trafficPolicy.tls.mode',
          line: 17,
          message:
            'DestinationRule "dr" disables TLS (subset "v2") for in-cluster host "reviews.shop.svc.cluster.local": sidecars send that traffic in plaintext, without mesh identity',
        },
        {
          path: 'spec.subsets[0].trafficPolicy.portLevelSettings[0].tls.mode',
          line: 20,
          message:
            'DestinationRule "dr" disables TLS (subset "v2") on port 8443 for in-cluster host "reviews.shop.svc.cluster.local": sidecars send that traffic in plaintext, without mesh identity',
        },
      ],
    },
    {
      name: 'a short name and a namespace wildcard',
      yaml: `${DR('reviews', '  trafficPolicy: {tls: {mode: DISABLE}}\n')}---
${DR('"*.shop.svc.cluster.local"', '  trafficPolicy: {tls: {mode: DISABLE}}\n')}`,
      findings: [
        { message: /in-cluster host "reviews"/ },
        { message: /in-cluster host "\*\.shop\.svc\.cluster\.local"/ },
      ],
    },
  ],
});

describe('isClusterHost', () => {
  it.each([
    ['reviews', true],
    ['reviews.shop.svc', true],
    ['reviews.shop.svc.cluster.local', true],
    ['reviews.shop.svc.corp.internal', true],
    ['*.shop.svc.cluster.local', true],
    ['*.local', true],
    ['Reviews.Shop.SVC.cluster.local.', true],
    ['api.example.com', false],
    ['reviews.shop', false],
    ['*', false],
    ['', false],
  ])('%s: %s', (h, expected) => expect(isClusterHost(h)).toBe(expected));
});
