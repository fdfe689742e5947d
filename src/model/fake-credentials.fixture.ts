/** Test fixtures only (not a test file): imported by the credential heuristics and check tests. */

/** Fake credentials of real formats, assembled so no scanner mistakes this file for a leak. */
export const FAKE = {
  awsKeyId: ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''),
  jwt: [
    Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'),
    Buffer.from('{"sub":"1234567890"}').toString('base64url'),
    'c2lnbmF0dXJlLW5vdC1yZWFs',
  ].join('.'),
  pem: ['-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAfake\n-----END RSA PRIVATE KEY-----'].join(''),
  github: `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`,
  gitlab: `glpat-${'x1Y2z3W4v5'.repeat(2)}`,
  slack: ['xoxb', '123456789012', 'abcdefghijkl'].join('-'),
  google: `AIza${'Sy0123456789'.repeat(3)}abcdefghijklmnop`.slice(0, 39),
  stripe: `sk_live_${'0123456789abcdefghijklmn'}`,
  npm: `npm_${'abcdefghij'.repeat(3)}abcdef`,
  sendgrid: `SG.${'a'.repeat(22)}.${'b'.repeat(43)}`,
};
