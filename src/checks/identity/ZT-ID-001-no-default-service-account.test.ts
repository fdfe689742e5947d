import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-001-no-default-service-account.js';

testCheck(check, {
  valid: [
    {
      name: 'a named service account',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop}
spec:
  serviceAccountName: api
  containers: [{name: api, image: api:1}]
`,
    },
    {
      name: 'the deprecated serviceAccount field names an account',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: api}
spec:
  serviceAccount: api
  containers: [{name: api, image: api:1}]
`,
    },
    {
      name: 'an empty serviceAccountName falls back to the deprecated field',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: api}
spec:
  serviceAccountName: ""
  serviceAccount: api
  containers: [{name: api, image: api:1}]
`,
    },
  ],
  invalid: [
    {
      name: 'no service account: the namespace default (namespace defaulted too)',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - {name: web, image: nginx:1.27}
`,
      findings: [
        {
          path: 'spec.serviceAccountName',
          line: 5,
          message:
            'The pod runs as the "default" ServiceAccount of namespace "default" (no serviceAccountName is set), an identity shared by every pod there that names none',
        },
      ],
    },
    {
      name: 'default named explicitly',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  serviceAccountName: default
  containers:
    - {name: web, image: nginx:1.27}
`,
      findings: [
        {
          path: 'spec.serviceAccountName',
          line: 7,
          message:
            'The pod runs as the "default" ServiceAccount of namespace "shop" (serviceAccountName: default), an identity shared by every pod there that names none',
        },
      ],
    },
    {
      name: 'default named through the deprecated field',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  serviceAccount: default
  containers: [{name: web, image: nginx:1.27}]
`,
      findings: [
        {
          path: 'spec.serviceAccount',
          line: 5,
          message:
            'The pod runs as the "default" ServiceAccount of namespace "shop" (the deprecated serviceAccount: default), an identity shared by every pod there that names none',
        },
      ],
    },
    {
      name: 'wrong types mean no account is named',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  serviceAccountName: 5
  serviceAccount: [x]
  containers: "x"
`,
      findings: [{ path: 'spec.serviceAccountName', line: 5, message: /\(no serviceAccountName is set\)/ }],
    },
  ],
});
