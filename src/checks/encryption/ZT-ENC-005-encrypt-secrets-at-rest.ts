import { defineCheck } from '../../engine/define-check.js';
import { asArray, asString, isRecord, type JsonPath } from '../../model/types.js';

const FAIL = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - identity: {}
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==
`;

const PASS = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets, configmaps]
    providers:
      - kms:
          apiVersion: v2
          name: cloud-kms
          endpoint: unix:///var/run/kms-provider.sock
      - identity: {}
`;

/** Does a resources entry of an EncryptionConfiguration cover core-group Secrets? */
function coversSecrets(names: readonly unknown[]): boolean {
  return names.some((n) => n === 'secrets' || n === '*.' || n === '*.*');
}

const PROVIDERS = ['identity', 'aescbc', 'aesgcm', 'secretbox', 'kms'] as const;

export default defineCheck({
  meta: {
    id: 'ZT-ENC-005',
    slug: 'encrypt-secrets-at-rest',
    title: 'Secrets must be encrypted at rest',
    pillar: 'encryption',
    severity: 'high',
    description: `Kubernetes stores Secrets in etcd in plain text unless the API server's \`--encryption-provider-config\` file (an \`EncryptionConfiguration\`) says otherwise. Anyone who reads etcd, its backups, or a control-plane disk snapshot then reads every Secret of the cluster. Zero Trust does not trust the storage layer: data is encrypted wherever it rests.

When an \`EncryptionConfiguration\` is in the input, the entry that applies to Secrets is found as the API server finds it — the first \`resources\` entry whose list names \`secrets\`, \`*.\` (every core resource) or \`*.*\` — and the **first** provider of that entry is the one used for writing. Reported: no entry covers Secrets, or the first provider is \`identity\` (no encryption; later providers are only used to read old data) — severity high; the first provider is \`aescbc\` (discouraged upstream: vulnerable to padding-oracle attacks) or KMS v1 (deprecated, disabled by default since 1.29) — severity low. Keys in the file are never printed.`,
    remediation: `Put an encrypting provider first for Secrets — preferably KMS v2, whose keys live outside the control-plane nodes — and keep \`identity\` last only while existing data is re-encrypted (\`kubectl get secrets -A -o json | kubectl replace -f -\`):

\`\`\`yaml
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - kms: {apiVersion: v2, name: cloud-kms, endpoint: unix:///var/run/kms-provider.sock}
      - identity: {}
\`\`\``,
    references: [
      'https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/',
      'https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/',
    ],
    frameworks: [
      { framework: 'cis', control: '1.2.28' },
      { framework: 'nsa-cisa', control: 'Secrets: encrypt at rest' },
      { framework: 'hipaa', control: '164.312(a)(2)(iv)' },
      { framework: 'gdpr', control: 'Art. 32(1)(a)' },
      { framework: 'soc2', control: 'CC6.1' },
    ],
    sources: [{ tool: 'kubescape', id: 'C-0066', relation: 'inspired' }],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['apiserver.config.k8s.io/EncryptionConfiguration'],
  check(resource, ctx) {
    const entries = asArray(resource.object.resources);
    const index = entries.findIndex((e) => isRecord(e) && coversSecrets(asArray(e.resources)));
    if (index === -1) {
      ctx.report({
        resource,
        path: ['resources'],
        message:
          'No entry of the EncryptionConfiguration covers secrets, so Secrets are stored in etcd unencrypted',
      });
      return;
    }
    const entry = entries[index] as Record<string, unknown>;
    const first = asArray(entry.providers)[0];
    const path: JsonPath = ['resources', index, 'providers', 0];
    const kind = isRecord(first) ? PROVIDERS.find((p) => Object.hasOwn(first, p)) : undefined;
    if (kind === undefined || kind === 'identity') {
      ctx.report({
        resource,
        path: kind === undefined ? ['resources', index, 'providers'] : path,
        message:
          kind === undefined
            ? `resources[${index}] covers secrets but has no known provider first, so Secrets are not encrypted`
            : `resources[${index}] covers secrets with identity as its first provider, so Secrets are written to etcd unencrypted`,
      });
      return;
    }
    if (kind === 'aescbc') {
      ctx.report({
        resource,
        path,
        severity: 'low',
        message: `resources[${index}] encrypts secrets with aescbc, which upstream discourages (padding-oracle attacks); use kms (v2), aesgcm with key rotation, or secretbox`,
      });
      return;
    }
    if (kind === 'kms') {
      const kms = (first as Record<string, unknown>).kms;
      const version = isRecord(kms) ? (asString(kms.apiVersion) ?? 'v1') : 'v1';
      if (version === 'v1') {
        ctx.report({
          resource,
          path,
          severity: 'low',
          message: `resources[${index}] encrypts secrets with KMS v1, which is deprecated and disabled by default since Kubernetes 1.29; use KMS v2`,
        });
      }
    }
  },
});
