// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are literal ${VAR} placeholders under test
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAKE } from './fake-credentials.fixture.js';
import {
  credentialShape,
  detectCredential,
  embeddedCredentialKeys,
  isCredentialName,
  isLiteralSecretValue,
  nameWords,
  quoteList,
} from './secrets-heuristics.js';

describe('nameWords', () => {
  it.each([
    ['DB_PASSWORD', ['db', 'password']],
    ['dbPassword', ['db', 'password']],
    ['DBPassword', ['db', 'password']],
    ['client-secret', ['client', 'secret']],
    ['spring.datasource.password', ['spring', 'datasource', 'password']],
    ['APIKey', ['api', 'key']],
    ['', []],
  ])('%s', (name, words) => expect(nameWords(name)).toEqual(words));
});

describe('isCredentialName', () => {
  const yes = [
    'PASSWORD',
    'DB_PASSWORD',
    'dbPassword',
    'MYSQL_ROOT_PASSWORD',
    'POSTGRES_PASSWD',
    'REDIS_PASS',
    'SMTP_PWD',
    'GITHUB_TOKEN',
    'HF_TOKEN',
    'csrf-token',
    'API_KEY',
    'apiKey',
    'APIKEY',
    'x-api-key',
    'AWS_SECRET_ACCESS_KEY',
    'SECRET_KEY',
    'SECRET_KEY_BASE',
    'JWT_SECRET',
    'CLIENT_SECRET',
    'OAUTH_CLIENT_SECRET',
    'NEXTAUTH_SECRET',
    'PRIVATE_KEY',
    'privateKey',
    'SIGNING_KEY',
    'ENCRYPTION_KEY',
    'STORAGE_ACCOUNT_KEY',
    'PASSPHRASE',
    'CREDENTIALS',
    'DB_CREDS',
    'PASSWORD_HASH',
    'spring.datasource.password',
    'dbpassword',
    'clientsecret',
    'apitoken',
    'x-authtoken',
    'mysqlrootpasswd',
  ];
  const no = [
    'PASSWORD_FILE',
    'DB_PASSWORD_FILE',
    'TOKEN_URL',
    'OAUTH_TOKEN_ENDPOINT',
    'SECRET_NAME',
    'TLS_SECRET_NAME',
    'TOKEN_TTL',
    'TOKEN_EXPIRY',
    'PASSWORD_MIN_LENGTH',
    'SECRET_PATH',
    'PRIVATE_KEY_PATH',
    'AWS_ACCESS_KEY_ID',
    'CLIENT_ID',
    'GOOGLE_APPLICATION_CREDENTIALS_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'PASS_THROUGH',
    'PASSTHROUGH',
    'BYPASS',
    'PWD_DIR',
    'SSH_KEY',
    'CACHE_KEY',
    'KEY',
    'LICENSE_KEY',
    'TOKENIZERS_PARALLELISM',
    'MAX_TOKENS',
    'SECRETS_MANAGER_REGION',
    'SECRET_MANAGER_ARN',
    'tokenizer',
    'secrets',
    'apitoken_url',
    'PASSWORD_POLICY',
    'TOKEN_AUDIENCE',
    'TOKEN_HEADER',
    'PASSWORD_USER',
    'LOG_LEVEL',
    'DB_HOST',
    '',
    '___',
  ];
  it.each(yes)('%s is a credential name', (n) => expect(isCredentialName(n)).toBe(true));
  it.each(no)('%s is not', (n) => expect(isCredentialName(n)).toBe(false));
});

describe('isLiteralSecretValue', () => {
  const literal = [
    'hunter2',
    'changeme',
    's3cr3t!',
    'a b c',
    '1234567',
    'pa$$word',
    'x',
    'postgres://u:pw@db/x',
  ];
  const not = [
    '',
    '   ',
    'true',
    'False',
    'yes',
    'off',
    'null',
    '~',
    '123456',
    '4096',
    '[]',
    '{}',
    '$(DB_PASSWORD)',
    'prefix-$(TOKEN)',
    '${DB_PASSWORD}',
    '${DB_PASSWORD:-}',
    '{{ .Values.password }}',
    '<your-password>',
    '#{Password}',
    '__DB_PASSWORD__',
    '********',
    'xxxxxxxx',
    'vault:secret/data/db#password',
    'ref+vault://secret/db#/password',
    'op://vault/item/password',
    '/run/secrets/db-password',
    '/var/run/secrets/kubernetes.io/serviceaccount/token',
    'https://auth.example.com/token',
    'postgres://user:$(DB_PASSWORD)@db:5432/app',
    'postgres://user:${PW}@db/app',
    'postgres://user@db/app',
  ];
  it.each(literal)('%j is a literal', (v) => expect(isLiteralSecretValue(v)).toBe(true));
  it.each(not)('%j is not', (v) => expect(isLiteralSecretValue(v)).toBe(false));
});

describe('credentialShape', () => {
  const shapes: Array<[string, string]> = [
    [FAKE.pem, 'a PEM private key'],
    ['-----BEGIN PRIVATE KEY-----\nMII', 'a PEM private key'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'a PEM private key'],
    ['-----BEGIN ENCRYPTED PRIVATE KEY-----', 'a PEM private key'],
    ['-----BEGIN EC PRIVATE KEY-----', 'a PEM private key'],
    ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'a PEM private key'],
    [FAKE.awsKeyId, 'an AWS access key ID'],
    [`id=${FAKE.awsKeyId};`, 'an AWS access key ID'],
    [FAKE.jwt, 'a JSON Web Token'],
    [`Bearer ${FAKE.jwt}`, 'a JSON Web Token'],
    ['postgres://app:hunter2@db:5432/shop', 'a URL with an embedded password'],
    ['amqp://guest:guest@rabbit', 'a URL with an embedded password'],
    ['Server=db;Database=shop;User Id=sa;Password=hunter2;', 'a connection string with a password'],
    [
      'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc123==;EndpointSuffix=core.windows.net',
      'a connection string with a password',
    ],
    [FAKE.github, 'a GitHub token'],
    [FAKE.gitlab, 'a GitLab token'],
    [FAKE.slack, 'a Slack token'],
    [FAKE.google, 'a Google API key'],
    [FAKE.stripe, 'a Stripe secret key'],
    [FAKE.npm, 'an npm token'],
    [FAKE.sendgrid, 'a SendGrid API key'],
  ];
  it.each(shapes)('%j is %s', (v, label) => expect(credentialShape(v)).toBe(label));

  const plain = [
    'hunter2',
    '-----BEGIN CERTIFICATE-----\nMII',
    '-----BEGIN PUBLIC KEY-----',
    'AKIAIOSFODNN7EXAMPLEX',
    'XAKIAIOSFODNN7EXAMPLE',
    'eyJhbGciOiJIUzI1NiJ9',
    'postgres://app@db:5432/shop',
    'postgres://app:$(DB_PASSWORD)@db/shop',
    'https://db:5432/x',
    'Server=db;Password=${DB_PASSWORD};',
    'Server=db;Password=;',
    'ghp_short',
    'sk_test_0123456789abcdefghijklmn',
    '',
  ];
  it.each(plain)('%j has no credential shape', (v) => expect(credentialShape(v)).toBeUndefined());
});

describe('detectCredential', () => {
  it('prefers the shape, then the name with a literal value', () => {
    expect(detectCredential('DB_URL', 'postgres://a:b@c/d')).toEqual({
      by: 'shape',
      label: 'a URL with an embedded password',
    });
    expect(detectCredential('DB_PASSWORD', 'hunter2')).toEqual({ by: 'name', label: 'a credential' });
    expect(detectCredential('DB_PASSWORD', '$(FROM_SECRET)')).toBeUndefined();
    expect(detectCredential('PASSWORD_FILE', '/run/secrets/x')).toBeUndefined();
    expect(detectCredential('TOKEN_URL', 'https://sso/token')).toBeUndefined();
    expect(detectCredential('SOMETHING', FAKE.awsKeyId)).toEqual({
      by: 'shape',
      label: 'an AWS access key ID',
    });
  });
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (n, v) => {
        detectCredential(n, v);
        embeddedCredentialKeys(`${n}\n${v}`);
      }),
    );
  });
});

describe('embeddedCredentialKeys', () => {
  it('finds credential assignments in properties, YAML, JSON, .env and INI text', () => {
    const text = [
      '# application.properties',
      'spring.datasource.url=jdbc:postgresql://db/app',
      'spring.datasource.password=hunter2',
      'database:',
      '  password: "s3cret"',
      '  password_file: /run/secrets/db',
      '  token_ttl: 3600',
      '{"apiKey": "abc123", "timeout": 5,',
      '"clientSecret": "${CLIENT_SECRET}"}',
      'export GITHUB_TOKEN=abcdef',
      '[smtp]',
      'pass = letmein',
      'admin_password:',
      'secret: |',
      'password: ""',
      'spring.datasource.password=again',
    ].join('\n');
    expect(embeddedCredentialKeys(text)).toEqual([
      'spring.datasource.password',
      'password',
      'apiKey',
      'GITHUB_TOKEN',
      'pass',
    ]);
  });
  it('reads single-line values only as JSON (the key name itself is checked by the caller)', () => {
    expect(embeddedCredentialKeys('password=hunter2')).toEqual([]);
    expect(embeddedCredentialKeys('{"db":{"password":"hunter2","user":"app"},"token":""}')).toEqual([
      'password',
    ]);
    expect(embeddedCredentialKeys('{"password":"p\\"q"}')).toEqual(['password']);
  });
});

describe('quoteList', () => {
  it.each([
    [[], ''],
    [['a'], '"a"'],
    [['a', 'b'], '"a" and "b"'],
    [['a', 'b', 'c'], '"a", "b" and "c"'],
    [['a', 'b', 'c', 'd', 'e', 'f', 'g'], '"a", "b", "c", "d", "e" and 2 more'],
  ])('%j', (names, text) => expect(quoteList(names)).toBe(text));
});
