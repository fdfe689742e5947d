import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-028-namespace-enforces-pod-security.js';

const ns = (name: string, labels = '') =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${labels ? `  labels:\n${labels}` : ''}`;

testCheck(check, {
  valid: [
    { name: 'restricted', yaml: ns('a', '    pod-security.kubernetes.io/enforce: restricted\n') },
    {
      name: 'baseline when kzt is configured for baseline',
      yaml: ns('b', '    pod-security.kubernetes.io/enforce: baseline\n'),
      options: { pss: { level: 'baseline', version: 'latest' } },
    },
    {
      name: 'restricted with a pinned version',
      yaml: ns(
        'c',
        '    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: v1.30\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'no labels at all',
      yaml: ns('payments'),
      findings: [
        { path: 'metadata', line: 3, message: /has no pod-security\.kubernetes\.io\/enforce label/ },
      ],
    },
    {
      name: 'only a warn label',
      yaml: ns('d', '    pod-security.kubernetes.io/warn: restricted\n'),
      findings: [{ path: 'metadata.labels', line: 5 }],
    },
    {
      name: 'privileged',
      yaml: ns('e', '    pod-security.kubernetes.io/enforce: privileged\n'),
      findings: [
        {
          path: 'metadata.labels["pod-security.kubernetes.io/enforce"]',
          line: 6,
          message: /enforces the privileged/,
        },
      ],
    },
    {
      name: 'baseline while kzt checks restricted',
      yaml: ns('f', '    pod-security.kubernetes.io/enforce: baseline\n'),
      findings: [
        {
          message:
            'namespace f enforces baseline, weaker than the restricted level kzt checks workloads against',
        },
      ],
    },
    {
      name: 'an invalid level',
      yaml: ns('g', '    pod-security.kubernetes.io/enforce: strict\n'),
      findings: [{ message: /is not a level/ }],
    },
    {
      name: 'kube-system without a label is still listed',
      yaml: ns('kube-system'),
      findings: [{ path: 'metadata' }],
    },
  ],
});
