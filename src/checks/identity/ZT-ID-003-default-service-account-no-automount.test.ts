import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-003-default-service-account-no-automount.js';

testCheck(check, {
  valid: [
    {
      name: 'other service accounts are ZT-ID-002 territory',
      yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: shop}
`,
    },
    {
      name: 'YAML 1.1 off is false',
      yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: shop}
automountServiceAccountToken: off
`,
    },
  ],
  invalid: [
    {
      name: 'field absent',
      yaml: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
`,
      findings: [
        {
          path: 'automountServiceAccountToken',
          line: 1,
          message:
            'The "default" ServiceAccount of namespace "shop" does not set automountServiceAccountToken: false, so every pod that names no account gets its API token',
        },
      ],
    },
    {
      name: 'explicitly true, namespace defaulted',
      yaml: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
automountServiceAccountToken: true
`,
      findings: [
        {
          path: 'automountServiceAccountToken',
          line: 5,
          message:
            'The "default" ServiceAccount of namespace "default" sets automountServiceAccountToken: true, so every pod that names no account gets its API token',
        },
      ],
    },
    {
      name: 'a string is not false',
      yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: shop}
automountServiceAccountToken: "false"
`,
      findings: [{ path: 'automountServiceAccountToken', line: 4, message: /does not set/ }],
    },
  ],
});
