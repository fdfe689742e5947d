import { defineCheck } from '../../engine/define-check.js';

const FAIL = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
`;

const PASS = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
automountServiceAccountToken: false
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-003',
    slug: 'default-service-account-no-automount',
    title: 'The "default" ServiceAccount must not automount its token',
    pillar: 'identity',
    severity: 'low',
    description: `Every namespace has a \`default\` ServiceAccount, and every pod that names no account runs as it. Unless that account sets \`automountServiceAccountToken: false\`, each such pod gets its API token — including pods created later by people or tools that never thought about identity. Setting it on the account makes "no token" the namespace's default, so a token has to be asked for.

Reported for \`default\` ServiceAccounts present in the input (a cluster dump, or manifests that manage them). A pod can still opt in with \`automountServiceAccountToken: true\`.`,
    remediation: `Manage the \`default\` ServiceAccount of each namespace and turn its token off:

\`\`\`yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
automountServiceAccountToken: false
\`\`\``,
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
    ],
    frameworks: [
      { framework: 'cis', control: '5.1.5' },
      { framework: 'nist-800-207', control: 'tenet 6' },
    ],
    sources: [
      { tool: 'checkov', id: 'CKV_K8S_41', relation: 'same' },
      { tool: 'kubescape', id: 'C-0189', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['/ServiceAccount'],
  check(resource, ctx) {
    if (resource.ref.name !== 'default') return;
    const v = resource.object.automountServiceAccountToken;
    if (v === false) return;
    const ns = resource.ref.namespace ?? 'default';
    ctx.report({
      resource,
      path: ['automountServiceAccountToken'],
      message:
        v === true
          ? `The "default" ServiceAccount of namespace "${ns}" sets automountServiceAccountToken: true, so every pod that names no account gets its API token`
          : `The "default" ServiceAccount of namespace "${ns}" does not set automountServiceAccountToken: false, so every pod that names no account gets its API token`,
    });
  },
});
