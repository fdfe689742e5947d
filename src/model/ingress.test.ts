import { describe, expect, it } from 'vitest';
import { inventoryFromYaml } from '../input/load.js';
import { hostCovered, ingressController, tlsHostMatches } from './ingress.js';

describe('tlsHostMatches (RFC 6125 single-label wildcard)', () => {
  it.each([
    ['shop.example.com', 'shop.example.com', true],
    ['*.example.com', 'shop.example.com', true],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', 'example.com', false],
    ['*.example.com', '*.example.com', true],
    ['*.example.com', '*.b.example.com', false],
    ['*.example.com', '', false],
    ['shop.example.com', 'api.example.com', false],
    ['*.example.com', '.example.com', false],
  ])('%s matches %s: %s', (t, h, expected) => expect(tlsHostMatches(t, h)).toBe(expected));
});

describe('hostCovered', () => {
  it('an entry without hosts covers every host, including the catch-all', () => {
    expect(hostCovered([{ hosts: undefined }], 'x.example.com')).toBe(true);
    expect(hostCovered([{ hosts: undefined }], '')).toBe(true);
  });
  it('named entries never cover the catch-all', () => {
    expect(hostCovered([{ hosts: ['*.example.com', 'example.com'] }], '')).toBe(false);
  });
});

describe('ingressController', () => {
  const inv = (text: string) => inventoryFromYaml(text).inventory;
  const ing = (spec: string, annotations = '') =>
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i${annotations ? `, annotations: {${annotations}}` : ''}}\nspec: {${spec}}\n`;
  const resolve = (text: string) => {
    const i = inv(text);
    return ingressController(i.ofKind('networking.k8s.io', 'Ingress')[0]!, i);
  };
  it('uses the IngressClass object, then well-known names', () => {
    expect(
      resolve(`${ing('ingressClassName: nginx')}---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: example.com/custom}
`),
    ).toEqual({ className: 'nginx', controller: 'example.com/custom' });
    expect(resolve(ing('ingressClassName: alb'))).toEqual({
      className: 'alb',
      controller: 'ingress.k8s.aws/alb',
    });
    expect(resolve(ing('ingressClassName: constructor'))).toEqual({ className: 'constructor' });
  });
  it('spec.ingressClassName wins over the legacy annotation; the default class applies last', () => {
    expect(resolve(ing('ingressClassName: gce', '"kubernetes.io/ingress.class": nginx'))).toEqual({
      className: 'gce',
      controller: 'k8s.io/ingress-gce',
    });
    expect(resolve(ing('rules: []', '"kubernetes.io/ingress.class": nginx'))).toEqual({
      className: 'nginx',
      controller: 'k8s.io/ingress-nginx',
    });
    expect(resolve(ing('rules: []'))).toEqual({});
    expect(
      resolve(`${ing('rules: []')}---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: d, annotations: {ingressclass.kubernetes.io/is-default-class: "true"}}
spec: {controller: k8s.io/ingress-nginx}
`),
    ).toEqual({ className: 'd', controller: 'k8s.io/ingress-nginx' });
  });
});
