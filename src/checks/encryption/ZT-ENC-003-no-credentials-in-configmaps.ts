import { defineCheck } from '../../engine/define-check.js';
import {
  credentialShape,
  detectCredential,
  embeddedCredentialKeys,
  MAX_SCANNED_VALUE,
  quoteList,
} from '../../model/secrets-heuristics.js';
import { isRecord } from '../../model/types.js';

const FAIL = `apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
  namespace: shop
data:
  LOG_LEVEL: info
  DB_PASSWORD: hunter2
  application.properties: |
    spring.datasource.url=jdbc:postgresql://db:5432/shop
    spring.datasource.password=hunter2
`;

const PASS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
  namespace: shop
data:
  LOG_LEVEL: info
  DB_PASSWORD_FILE: /run/secrets/db/password
  application.properties: |
    spring.datasource.url=jdbc:postgresql://db:5432/shop
    spring.datasource.password=\${DB_PASSWORD}
`;

export default defineCheck({
  meta: {
    id: 'ZT-ENC-003',
    slug: 'no-credentials-in-configmaps',
    title: 'ConfigMaps must not hold credentials',
    pillar: 'encryption',
    severity: 'high',
    description: `ConfigMaps are for non-confidential configuration: they are never encrypted at rest, are readable by the many roles that may read configuration (the built-in \`view\` role reads ConfigMaps but not Secrets), and are printed freely by tools and operators. A credential in a ConfigMap is exposed to all of them.

A ConfigMap key is reported when its **name** says it holds a credential and its value is a literal (same rules as ZT-ENC-001: \`PASSWORD_FILE\`, \`TOKEN_URL\`, placeholders, references, paths and booleans are not), when its **value** has a credential's shape (PEM private key, AWS access key ID, JWT, URL or connection string with a password, known token formats — also in \`binaryData\`), or when it holds a **configuration file** that assigns a credential (\`password=…\` in properties or .env, \`password: …\` in YAML, \`"apiKey": "…"\` in JSON), naming the inner keys. Values are never printed.`,
    remediation: `Move the credential into a Secret (or an external secret store) and reference it; keep only non-sensitive settings in the ConfigMap. Most frameworks can read a secret from a file or an environment variable and substitute it into the configuration:

\`\`\`yaml
data:
  application.properties: |
    spring.datasource.password=\${DB_PASSWORD}
\`\`\`

Then rotate the exposed credential.`,
    references: [
      'https://kubernetes.io/docs/concepts/configuration/configmap/',
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Secrets: do not store credentials in ConfigMaps' },
      { framework: 'soc2', control: 'CC6.1' },
      { framework: 'nist-800-207', control: 'tenet 6' },
    ],
    sources: [
      { tool: 'polaris', id: 'sensitiveConfigmapContent', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0012', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['/ConfigMap'],
  check(resource, ctx) {
    const data = resource.object.data;
    if (isRecord(data)) {
      for (const [key, value] of Object.entries(data)) {
        if (typeof value !== 'string' || value === '') continue;
        const hit = detectCredential(key, value);
        let message: string | undefined;
        if (hit?.by === 'shape') message = `holds ${hit.label}`;
        else if (hit) message = 'holds a literal value, and its name says it is a credential';
        else {
          const inner = embeddedCredentialKeys(value);
          if (inner.length > 0)
            message = `holds configuration that assigns a literal credential to ${quoteList(inner)}`;
        }
        if (message === undefined) continue;
        ctx.report({
          resource,
          path: ['data', key],
          message: `ConfigMap "${resource.ref.name}" key "${key}" ${message}`,
        });
      }
    }
    const binary = resource.object.binaryData;
    if (isRecord(binary)) {
      for (const [key, value] of Object.entries(binary)) {
        if (typeof value !== 'string' || value === '' || value.length > MAX_SCANNED_VALUE) continue;
        const shape = credentialShape(Buffer.from(value, 'base64').toString('latin1'));
        if (!shape) continue;
        ctx.report({
          resource,
          path: ['binaryData', key],
          message: `ConfigMap "${resource.ref.name}" key "${key}" (binaryData) holds ${shape}`,
        });
      }
    }
  },
});
