import { defineCheck } from '../../engine/define-check.js';
import { isTemplatedOrEmpty, quoteList } from '../../model/secrets-heuristics.js';
import { isRecord } from '../../model/types.js';

const FAIL = `apiVersion: v1
kind: Secret
metadata:
  name: api-db
  namespace: shop
type: Opaque
stringData:
  username: app
  password: hunter2
`;

const PASS = `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: api-db
  namespace: shop
spec:
  refreshInterval: 1h
  secretStoreRef: {kind: ClusterSecretStore, name: vault}
  target: {name: api-db}
  data:
    - secretKey: password
      remoteRef: {key: shop/api-db, property: password}
`;

/** Values longer than this are not decoded: they are reported as values without looking inside. */
const MAX_DECODE = 1 << 20;

function decodedIsTemplated(b64: string): boolean {
  if (b64.length > MAX_DECODE) return false;
  const compact = b64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return false;
  return isTemplatedOrEmpty(Buffer.from(compact, 'base64').toString('utf8'));
}

export default defineCheck({
  meta: {
    id: 'ZT-ENC-002',
    slug: 'no-secret-values-in-manifests',
    title: 'Secret values must not be committed in manifests',
    pillar: 'encryption',
    severity: 'high',
    description: `A \`kind: Secret\` with \`data\` or \`stringData\` in a manifest puts the secret itself in the repository, in every clone and fork, in CI logs and artefacts, and in the history forever — base64 in \`data\` is an encoding, not encryption. Whoever can read the manifests can read the secret, which defeats the access control on Secrets in the cluster and makes rotation meaningless until history is rewritten.

Reported per Secret and field (\`data\`, \`stringData\`), naming the keys that hold a value; values are never printed. Keys whose value is empty or a placeholder to be filled in at deploy time (\`\${VAR}\`, \`{{ template }}\`, \`<value>\`, \`$(VAR)\`, also inside base64) are not counted.

In a dump of a live cluster every Secret has values; there this check reports what would leak if the dump is stored or shared.`,
    remediation: `Keep the secret in a secret store and let the cluster fetch it, or commit only an encrypted form:

- External Secrets Operator (\`ExternalSecret\`), the Secrets Store CSI driver, or Vault Agent/Vault Secrets Operator;
- Sealed Secrets (\`SealedSecret\`) or SOPS-encrypted files decrypted by the deploy tool.

\`\`\`yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: api-db}
spec:
  secretStoreRef: {kind: ClusterSecretStore, name: vault}
  target: {name: api-db}
  data:
    - secretKey: password
      remoteRef: {key: shop/api-db, property: password}
\`\`\`

Then rotate every value that was committed.`,
    references: [
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
      'https://external-secrets.io/latest/',
      'https://github.com/bitnami-labs/sealed-secrets',
    ],
    frameworks: [
      { framework: 'cis', control: '5.4.2' },
      { framework: 'nsa-cisa', control: 'Secrets: use an external secret store' },
      { framework: 'soc2', control: 'CC6.1' },
      { framework: 'nist-800-207', control: 'tenet 6' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['/Secret'],
  check(resource, ctx) {
    for (const field of ['data', 'stringData'] as const) {
      const block = resource.object[field];
      if (!isRecord(block)) continue;
      const keys: string[] = [];
      for (const [key, value] of Object.entries(block)) {
        if (typeof value !== 'string') {
          if (typeof value === 'number') keys.push(key);
          continue;
        }
        const templated = field === 'data' ? decodedIsTemplated(value) : isTemplatedOrEmpty(value);
        if (!templated) keys.push(key);
      }
      if (keys.length === 0) continue;
      ctx.report({
        resource,
        path: [field],
        message: `Secret "${resource.ref.name}" has values in the manifest (${field}) for ${keys.length === 1 ? 'key' : 'keys'} ${quoteList(keys, 8)}; anyone who can read the manifests can read ${keys.length === 1 ? 'it' : 'them'}`,
      });
    }
  },
});
