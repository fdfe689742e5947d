// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${VAR} placeholders are part of the cases
import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/support/check-tester.js';
import { scanYaml } from '../../../test/support/scan.js';
import { FAKE } from '../../model/fake-credentials.fixture.js';
import check from './ZT-ENC-003-no-credentials-in-configmaps.js';

const LEAKY = `apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
data:
  LOG_LEVEL: info
  DB_PASSWORD: hunter2
  DATABASE_URL: postgres://app:hunter2@db/shop
  application.yaml: |
    server:
      port: 8080
    db:
      password: hunter2
      password_file: /run/secrets/db
    github:
      token: ${FAKE.github}
  settings.json: '{"apiKey": "k3y-value", "timeout": 5}'
  ca.key: |
${FAKE.pem
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
binaryData:
  id_rsa: ${Buffer.from(FAKE.pem).toString('base64')}
  logo.png: iVBORw0KGgo=
`;

testCheck(check, {
  valid: [
    {
      name: 'ordinary configuration, references and certificates',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: fine}
data:
  LOG_LEVEL: info
  DB_PASSWORD_FILE: /run/secrets/db/password
  TOKEN_URL: https://sso.example.com/token
  REQUIRE_PASSWORD: "true"
  application.properties: |
    spring.datasource.url=jdbc:postgresql://db/shop
    spring.datasource.password=\${DB_PASSWORD}
    security.token-ttl=3600
    password.min-length=12
  ca.crt: |
    -----BEGIN CERTIFICATE-----
    MIIB
    -----END CERTIFICATE-----
  empty: ""
binaryData:
  logo.png: iVBORw0KGgo=
`,
    },
    {
      name: 'wrong types never crash',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: odd}
data: [1, 2]
binaryData: {a: 5, b: null}
`,
    },
  ],
  invalid: [
    {
      name: 'by name, by shape, inside configuration files, and in binaryData',
      yaml: LEAKY,
      findings: [
        {
          path: 'data.DB_PASSWORD',
          line: 7,
          message:
            'ConfigMap "api-config" key "DB_PASSWORD" holds a literal value, and its name says it is a credential',
        },
        {
          path: 'data.DATABASE_URL',
          line: 8,
          message: 'ConfigMap "api-config" key "DATABASE_URL" holds a URL with an embedded password',
        },
        {
          path: 'data["application.yaml"]',
          line: 9,
          message: 'ConfigMap "api-config" key "application.yaml" holds a GitHub token',
        },
        {
          path: 'data["settings.json"]',
          line: 17,
          message:
            'ConfigMap "api-config" key "settings.json" holds configuration that assigns a literal credential to "apiKey"',
        },
        {
          path: 'data["ca.key"]',
          line: 18,
          message: 'ConfigMap "api-config" key "ca.key" holds a PEM private key',
        },
        {
          path: 'binaryData.id_rsa',
          line: 23,
          message: 'ConfigMap "api-config" key "id_rsa" (binaryData) holds a PEM private key',
        },
      ],
    },
    {
      name: 'inner keys of a configuration file are named',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: app}
data:
  app.env: |
    export DB_HOST=db
    export DB_PASSWORD=hunter2
    SMTP_PASS="letmein"
`,
      findings: [
        {
          path: 'data["app.env"]',
          line: 5,
          message:
            'ConfigMap "app" key "app.env" holds configuration that assigns a literal credential to "DB_PASSWORD" and "SMTP_PASS"',
        },
      ],
    },
  ],
});

describe('ZT-ENC-003 never reveals a value', () => {
  it('no finding contains a value', () => {
    const text = JSON.stringify(scanYaml(LEAKY, [check]).findings);
    for (const s of ['hunter2', FAKE.github, 'k3y-value', 'MIIEowIBAAKCAQEAfake'])
      expect(text).not.toContain(s);
  });
});
