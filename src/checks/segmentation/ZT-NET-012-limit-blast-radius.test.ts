import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-NET-012-limit-blast-radius.js';

const pod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {app: ${name}}}
spec: {containers: [{name: c, image: ${name}:1.0}]${extra}}
`;
const np = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
${spec}`;
const DENY = np('deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n');
/** a -> b -> c -> d, nothing else. */
const CHAIN = [
  pod('a'),
  pod('b'),
  pod('c'),
  pod('d', ', volumes: [{name: s, secret: {secretName: s}}]'),
  DENY,
  ...[
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'd'],
  ].flatMap(([s, d]) => [
    np(
      `${s}-out`,
      `  podSelector: {matchLabels: {app: ${s}}}\n  policyTypes: [Egress]\n  egress: [{to: [{podSelector: {matchLabels: {app: ${d}}}}]}]\n`,
    ),
    np(
      `${d}-in`,
      `  podSelector: {matchLabels: {app: ${d}}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: ${s}}}}]}]\n`,
    ),
  ]),
].join('---\n');

testCheck(check, {
  valid: [
    { name: 'too few workloads to judge', yaml: [pod('a'), pod('b'), pod('c')].join('---\n') },
    {
      name: 'a chain where only the head reaches half of the others, but fewer than 3',
      yaml: [
        pod('a'),
        pod('b'),
        pod('c'),
        pod('d'),
        DENY,
        np(
          'ab',
          '  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{podSelector: {matchLabels: {app: b}}}]}]\n',
        ),
        np('b-in', '  podSelector: {matchLabels: {app: b}}\n  ingress: [{}]\n'),
      ].join('---\n'),
    },
  ],
  invalid: [
    {
      name: 'a flat namespace: every workload reaches every other',
      yaml: [pod('a'), pod('b'), pod('c'), pod('db', ', hostNetwork: true')].join('---\n'),
      findings: [
        {
          resource: 'Pod/a',
          path: 'metadata.name',
          line: 3,
          message:
            'a compromise of shop/a[Pod] reaches 3 of the 3 other workloads (100%), 3 directly; most sensitive: shop/db[Pod] (node access (privileged, hostPath or host network), data store (name db)) via shop/a[Pod] -> shop/db[Pod]',
        },
        {
          resource: 'Pod/b',
          message: /^a compromise of shop\/b\[Pod\] reaches 3 of the 3 other workloads \(100%\), 3 directly;/,
        },
        { resource: 'Pod/c', message: /^a compromise of shop\/c\[Pod\] reaches 3 of the 3 other workloads/ },
        // A host-network pod is not matched by pod selectors: it reaches only what admits every address.
        {
          resource: 'Pod/db',
          message: 'a compromise of shop/db[Pod] reaches 3 of the 3 other workloads (100%), 3 directly',
        },
      ],
    },
    {
      name: 'a chain: the head reaches everything through two hops',
      yaml: CHAIN,
      findings: [
        {
          resource: 'Pod/a',
          message:
            'a compromise of shop/a[Pod] reaches 3 of the 3 other workloads (100%), 1 directly; most sensitive: shop/d[Pod] (reads Secrets) via shop/a[Pod] -> shop/b[Pod] -> shop/c[Pod] -> shop/d[Pod]',
        },
      ],
    },
  ],
});
