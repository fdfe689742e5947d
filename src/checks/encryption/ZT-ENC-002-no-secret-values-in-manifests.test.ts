// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${VAR} placeholders are part of the cases
import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/support/check-tester.js';
import { scanYaml } from '../../../test/support/scan.js';
import check from './ZT-ENC-002-no-secret-values-in-manifests.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

const LEAKY = `apiVersion: v1
kind: Secret
metadata:
  name: api-db
  namespace: shop
type: Opaque
data:
  password: ${b64('hunter2')}
  empty: ""
  templated: ${b64('${DB_PASSWORD}')}
  blank: ${b64('   ')}
stringData:
  token: s3cr3t-t0ken
  url: "{{ .Values.url }}"
  user: app
`;

testCheck(check, {
  valid: [
    {
      name: 'no data, empty values and placeholders only',
      yaml: `apiVersion: v1
kind: Secret
metadata: {name: placeholders}
stringData:
  password: "\${DB_PASSWORD}"
  token: "{{ .Values.token }}"
  key: "<paste-key-here>"
  empty: ""
data:
  nothing: ""
  tmpl: ${b64('$(FROM_ENV)')}
---
apiVersion: v1
kind: Secret
metadata: {name: token, annotations: {kubernetes.io/service-account.name: ci}}
type: kubernetes.io/service-account-token
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: {name: sealed}
spec:
  encryptedData: {password: AgBy3i4OJSWK+PiTySYZZA==}
`,
    },
    {
      name: 'wrong types never crash',
      yaml: `apiVersion: v1
kind: Secret
metadata: {name: odd}
data: "x"
stringData: [1, 2]
`,
    },
  ],
  invalid: [
    {
      name: 'data and stringData are reported separately, naming only keys with values',
      yaml: LEAKY,
      findings: [
        {
          path: 'data',
          line: 7,
          message:
            'Secret "api-db" has values in the manifest (data) for key "password"; anyone who can read the manifests can read it',
        },
        {
          path: 'stringData',
          line: 12,
          message:
            'Secret "api-db" has values in the manifest (stringData) for keys "token" and "user"; anyone who can read the manifests can read them',
        },
      ],
    },
    {
      name: 'a committed TLS key pair; a number (rejected by the API) is still a value in the file',
      yaml: `apiVersion: v1
kind: Secret
metadata: {name: tls}
type: kubernetes.io/tls
data:
  tls.crt: ${b64('cert')}
  tls.key: ${b64('key')}
  num: 5
`,
      findings: [
        {
          path: 'data',
          line: 5,
          message:
            'Secret "tls" has values in the manifest (data) for keys "tls.crt", "tls.key" and "num"; anyone who can read the manifests can read them',
        },
      ],
    },
    {
      name: 'data that is not valid base64 is still a value',
      yaml: `apiVersion: v1
kind: Secret
metadata: {name: raw}
data:
  password: "not base64!"
`,
      findings: [{ path: 'data', line: 4, message: /key "password"/ }],
    },
  ],
});

describe('ZT-ENC-002 never reveals a value', () => {
  it('neither the encoded nor the decoded value appears', () => {
    const text = JSON.stringify(scanYaml(LEAKY, [check]).findings);
    for (const s of ['hunter2', b64('hunter2'), 's3cr3t-t0ken']) expect(text).not.toContain(s);
  });
});
