import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/support/check-tester.js';
import { scanYaml } from '../../../test/support/scan.js';
import check from './ZT-ENC-005-encrypt-secrets-at-rest.js';

const KEY = 'c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==';
const HEAD = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n';

testCheck(check, {
  valid: [
    {
      name: 'KMS v2 first for secrets, identity last',
      yaml: `${HEAD}resources:
  - resources: [secrets]
    providers:
      - kms: {apiVersion: v2, name: k, endpoint: unix:///var/run/kms.sock}
      - identity: {}
`,
    },
    {
      name: 'a wildcard over every core resource, aesgcm',
      yaml: `${HEAD}resources:
  - resources: ["*."]
    providers:
      - aesgcm: {keys: [{name: k1, secret: ${KEY}}]}
`,
    },
    {
      name: 'the first matching entry wins: secrets before an identity wildcard',
      yaml: `${HEAD}resources:
  - resources: [configmaps]
    providers: [{identity: {}}]
  - resources: [secrets]
    providers: [{secretbox: {keys: [{name: k1, secret: ${KEY}}]}}]
  - resources: ["*.*"]
    providers: [{identity: {}}]
`,
    },
  ],
  invalid: [
    {
      name: 'identity first (later providers only read old data)',
      yaml: `${HEAD}resources:
  - resources: [secrets]
    providers:
      - identity: {}
      - aescbc: {keys: [{name: k1, secret: ${KEY}}]}
`,
      findings: [
        {
          path: 'resources[0].providers[0]',
          line: 6,
          message:
            'resources[0] covers secrets with identity as its first provider, so Secrets are written to etcd unencrypted',
        },
      ],
    },
    {
      name: 'no entry covers secrets; *.apps does not cover the core group',
      yaml: `${HEAD}resources:
  - resources: [configmaps, "*.apps"]
    providers: [{aesgcm: {keys: [{name: k1, secret: ${KEY}}]}}]
`,
      findings: [
        {
          path: 'resources',
          line: 3,
          message:
            'No entry of the EncryptionConfiguration covers secrets, so Secrets are stored in etcd unencrypted',
        },
      ],
    },
    {
      name: 'an identity wildcard before the secrets entry wins',
      yaml: `${HEAD}resources:
  - resources: ["*.*"]
    providers: [{identity: {}}]
  - resources: [secrets]
    providers: [{aesgcm: {keys: [{name: k1, secret: ${KEY}}]}}]
`,
      findings: [{ path: 'resources[0].providers[0]', line: 5, message: /identity as its first provider/ }],
    },
    {
      name: 'aescbc, KMS v1 (default apiVersion), and no providers',
      yaml: `${HEAD}resources:
  - resources: [secrets]
    providers: [{aescbc: {keys: [{name: k1, secret: ${KEY}}]}}]
---
${HEAD}resources:
  - resources: [secrets]
    providers: [{kms: {name: old, endpoint: unix:///kms.sock}}]
---
${HEAD}resources:
  - resources: [secrets]
    providers: []
`,
      findings: [
        { line: 5, message: /aescbc, which upstream discourages/ },
        { line: 11, message: /KMS v1, which is deprecated/ },
        { path: 'resources[0].providers', line: 17, message: /has no known provider first/ },
      ],
    },
  ],
});

describe('ZT-ENC-005', () => {
  it('lowers the severity for weaker providers and never prints keys', () => {
    const r = scanYaml(
      `${HEAD}resources:\n  - resources: [secrets]\n    providers: [{aescbc: {keys: [{name: k1, secret: ${KEY}}]}}]\n`,
      [check],
    );
    expect(r.findings.map((f) => f.severity)).toEqual(['low']);
    expect(JSON.stringify(r.findings)).not.toContain(KEY);
  });
});
