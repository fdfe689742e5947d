// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${VAR} placeholders are part of the cases
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/support/check-tester.js';
import { scanYaml } from '../../../test/support/scan.js';
import { FAKE } from '../../model/fake-credentials.fixture.js';
import check from './ZT-ENC-001-no-credentials-in-env.js';

const INVALID_POD = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: migrate
      image: migrate:1
      env:
        - name: DATABASE_URL
          value: postgres://app:hunter2@db:5432/shop
  containers:
    - name: api
      image: api:1
      env:
        - name: DB_PASSWORD
          value: hunter2
        - name: AWS_ACCESS_KEY_ID
          value: ${FAKE.awsKeyId}
        - name: SESSION
          value: "${FAKE.jwt}"
        - name: TLS_KEY
          value: "${FAKE.pem.replace(/\n/g, '\\n')}"
        - name: PIN_PASSWORD
          value: 12345678
        - name: apiKey
          value: "s3cr3t-k3y"
      args:
        - --db-password=hunter2
        - --api-token
        - tok3n-value
        - "-c"
        - "curl -H 'Authorization: Bearer ${FAKE.jwt}' https://api"
        - "login --password hunter2 --user app"
`;

const SECRETS = [
  'hunter2',
  FAKE.awsKeyId,
  FAKE.jwt,
  'MIIEowIBAAKCAQEAfake',
  '12345678',
  's3cr3t-k3y',
  'tok3n-value',
];

testCheck(check, {
  valid: [
    {
      name: 'names that describe a credential, references, placeholders, paths, URLs, booleans',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: api}
spec:
  containers:
    - name: api
      image: api:1
      env:
        - {name: DB_PASSWORD_FILE, value: /run/secrets/db/password}
        - {name: PASSWORD_FILE, value: /run/secrets/x}
        - {name: TOKEN_URL, value: "https://sso.example.com/token"}
        - {name: SECRET_NAME, value: api-db}
        - {name: TOKEN_TTL, value: "3600"}
        - {name: DB_PASSWORD, value: ""}
        - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
        - {name: DB_PASSWORD2, value: "$(DB_PASSWORD)"}
        - {name: API_TOKEN, value: "\${API_TOKEN}"}
        - {name: CLIENT_SECRET, value: "{{ .Values.secret }}"}
        - {name: REQUIRE_PASSWORD, value: "true"}
        - {name: MAX_TOKENS, value: "4096"}
        - {name: MAX_TOKEN, value: "4096"}
        - {name: DATABASE_URL, value: "postgres://app:$(DB_PASSWORD)@db:5432/shop"}
        - {name: DATABASE_URL2, value: "postgres://app@db:5432/shop"}
        - {name: LOG_LEVEL, value: info}
        - {name: PWD, value: /app}
        - {name: PASS_THROUGH, value: headers}
        - {name: AWS_ACCESS_KEY_ID_FILE, value: /run/secrets/aws}
      args:
        - --password-file=/run/secrets/pw
        - --token-ttl=5m
        - --password=$(DB_PASSWORD)
        - --password
        - $(DB_PASSWORD)
        - --api-token
        - --verbose
        - "sh -c 'exec app --secret-name=api-db'"
`,
    },
    {
      name: 'wrong types never crash',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: odd}
spec:
  containers:
    - {name: a, image: x:1, env: 5, args: "--password=x"}
    - {name: b, image: x:1, env: [null, 7, {name: 5, value: [1]}, {value: {a: b}}], command: [1, null]}
`,
    },
  ],
  invalid: [
    {
      name: 'literal credentials by name and by shape, in env and on the command line',
      yaml: INVALID_POD,
      findings: [
        {
          path: 'spec.initContainers[0].env[0].value',
          line: 11,
          message:
            'Init container "migrate" sets environment variable "DATABASE_URL" to a literal value that contains a URL with an embedded password',
        },
        {
          path: 'spec.containers[0].env[0].value',
          line: 17,
          message:
            'Container "api" sets environment variable "DB_PASSWORD" to a literal value, and its name says it is a credential',
        },
        {
          path: 'spec.containers[0].env[1].value',
          line: 19,
          message:
            'Container "api" sets environment variable "AWS_ACCESS_KEY_ID" to a literal value that contains an AWS access key ID',
        },
        {
          path: 'spec.containers[0].env[2].value',
          line: 21,
          message:
            'Container "api" sets environment variable "SESSION" to a literal value that contains a JSON Web Token',
        },
        {
          path: 'spec.containers[0].env[3].value',
          line: 23,
          message:
            'Container "api" sets environment variable "TLS_KEY" to a literal value that contains a PEM private key',
        },
        {
          path: 'spec.containers[0].env[4].value',
          line: 25,
          message:
            'Container "api" sets environment variable "PIN_PASSWORD" to a literal value, and its name says it is a credential',
        },
        {
          path: 'spec.containers[0].env[5].value',
          line: 27,
          message:
            'Container "api" sets environment variable "apiKey" to a literal value, and its name says it is a credential',
        },
        {
          path: 'spec.containers[0].args[0]',
          line: 29,
          message:
            'Container "api" passes a credential on its command line (args[0]: the flag --db-password has a literal value)',
        },
        {
          path: 'spec.containers[0].args[1]',
          line: 30,
          message:
            'Container "api" passes a credential on its command line (args[1]: the flag --api-token is followed by a literal value)',
        },
        {
          path: 'spec.containers[0].args[4]',
          line: 33,
          message:
            'Container "api" passes a credential on its command line (args[4]: it contains a JSON Web Token)',
        },
        {
          path: 'spec.containers[0].args[5]',
          line: 34,
          message:
            'Container "api" passes a credential on its command line (args[5]: the flag --password is followed by a literal value)',
        },
      ],
    },
  ],
});

describe('ZT-ENC-001 never reveals a value', () => {
  it('no message, path or fingerprint contains any of the credentials', () => {
    const r = scanYaml(INVALID_POD, [check]);
    expect(r.findings.length).toBe(11);
    const text = JSON.stringify(r.findings);
    for (const s of SECRETS) expect(text).not.toContain(s);
  });
});

describe('ZT-ENC-001 never reveals a value (property)', () => {
  const names = ['DB_PASSWORD', 'API_TOKEN', 'clientSecret', 'PRIVATE_KEY', 'SMTP_PASS', 'GITHUB_TOKEN'];
  // Values that cannot hide in a name, a label or the fixed message text: they hold a '#' or '~'.
  const value = fc
    .tuple(
      fc.stringMatching(/^[A-Za-z0-9]{3,12}$/),
      fc.constantFrom('#', '~'),
      fc.stringMatching(/^[A-Za-z0-9]{3,12}$/),
    )
    .map(([a, s, b]) => a + s + b);
  it('no finding of a literal credential in env or args contains the value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), value, fc.boolean(), (name, v, asArg) => {
        const flag = name.toLowerCase().replace(/_/g, '-');
        const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: x:1
      ${asArg ? `args: [${JSON.stringify(`--${flag}=${v}`)}]` : `env: [{name: ${name}, value: ${JSON.stringify(v)}}]`}
`;
        const r = scanYaml(pod, [check]);
        expect(r.findings.length).toBe(1);
        expect(JSON.stringify(r.findings)).not.toContain(v);
      }),
      { numRuns: 200 },
    );
  });
});
