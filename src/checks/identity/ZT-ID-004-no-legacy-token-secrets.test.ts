import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-004-no-legacy-token-secrets.js';

testCheck(check, {
  valid: [
    {
      name: 'other Secret types',
      yaml: `apiVersion: v1
kind: Secret
metadata: {name: tls, namespace: shop}
type: kubernetes.io/tls
---
apiVersion: v1
kind: Secret
metadata: {name: opaque, namespace: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: looks-like, namespace: shop}
type: kubernetes.io/service-account-token
`,
    },
  ],
  invalid: [
    {
      name: 'a token Secret for a named account (its token is never printed)',
      yaml: `apiVersion: v1
kind: Secret
metadata:
  name: deployer-token
  namespace: ci
  annotations:
    kubernetes.io/service-account.name: deployer
type: kubernetes.io/service-account-token
data:
  token: ZXlKaGJHY2lPaUpTVXpJMU5pSjkuc2VjcmV0
`,
      findings: [
        {
          path: 'type',
          line: 8,
          message:
            'Secret "deployer-token" holds a non-expiring token for ServiceAccount "ci/deployer"; use short-lived tokens (TokenRequest, projected volumes) instead',
        },
      ],
    },
    {
      name: 'a token Secret without the annotation',
      yaml: `apiVersion: v1
kind: Secret
metadata: {name: orphan}
type: kubernetes.io/service-account-token
`,
      findings: [
        {
          path: 'type',
          line: 4,
          message:
            'Secret "orphan" is of type kubernetes.io/service-account-token (a non-expiring token once it names a ServiceAccount); use short-lived tokens (TokenRequest, projected volumes) instead',
        },
      ],
    },
  ],
});
