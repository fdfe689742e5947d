import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/support/check-tester.js';
import { scanYaml } from '../../../test/support/scan.js';
import check from './ZT-ENC-006-strict-mesh-mtls.js';

const PA = (ns: string, spec: string, name = 'default') =>
  `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec}`;

testCheck(check, {
  valid: [
    {
      name: 'STRICT, UNSET, no mtls, and a STRICT port',
      yaml: `${PA('istio-system', '  mtls: {mode: STRICT}\n')}---
${PA('shop', '  mtls: {mode: UNSET}\n', 'a')}---
${PA('shop', '  selector: {matchLabels: {app: x}}\n', 'b')}---
${PA('shop', '  selector: {matchLabels: {app: x}}\n  portLevelMtls:\n    "8080": {mode: STRICT}\n    "9090": 5\n', 'c')}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: odd, namespace: shop}
spec: [1]
`,
    },
  ],
  invalid: [
    {
      name: 'mesh-wide PERMISSIVE',
      yaml: PA('istio-system', '  mtls:\n    mode: PERMISSIVE\n'),
      findings: [
        {
          path: 'spec.mtls.mode',
          line: 8,
          message:
            'PeerAuthentication "default" sets mTLS mode PERMISSIVE for the whole mesh (root namespace istio-system): plaintext, unauthenticated connections are accepted',
        },
      ],
    },
    {
      name: 'namespace-wide DISABLE',
      yaml: PA('shop', '  mtls:\n    mode: DISABLE\n'),
      findings: [
        {
          path: 'spec.mtls.mode',
          line: 8,
          message:
            'PeerAuthentication "default" sets mTLS mode DISABLE for namespace "shop": mTLS is off: connections are plaintext and unauthenticated',
        },
      ],
    },
    {
      name: 'workload-selected, with port-level exceptions',
      yaml: PA(
        'shop',
        '  selector:\n    matchLabels: {app: api, tier: web}\n  mtls: {mode: STRICT}\n  portLevelMtls:\n    8080:\n      mode: PERMISSIVE\n    "9090":\n      mode: DISABLE\n',
        'api',
      ),
      findings: [
        {
          path: 'spec.portLevelMtls["8080"].mode',
          line: 12,
          message:
            'PeerAuthentication "api" sets mTLS mode PERMISSIVE on port 8080 for the workloads matching app=api,tier=web in namespace "shop": plaintext, unauthenticated connections are accepted on that port',
        },
        {
          path: 'spec.portLevelMtls["9090"].mode',
          line: 14,
          message:
            'PeerAuthentication "api" sets mTLS mode DISABLE on port 9090 for the workloads matching app=api,tier=web in namespace "shop": mTLS is off: connections are plaintext and unauthenticated on that port',
        },
      ],
    },
  ],
});

describe('ZT-ENC-006 severities', () => {
  it('DISABLE is high, PERMISSIVE medium', () => {
    const r = scanYaml(
      `${PA('shop', '  mtls: {mode: DISABLE}\n')}---\n${PA('x', '  mtls: {mode: PERMISSIVE}\n')}`,
      [check],
    );
    expect(r.findings.map((f) => f.severity)).toEqual(['high', 'medium']);
  });
});
