import { defineCheck } from '../../engine/define-check.js';
import { isRecord, stringMap } from '../../model/types.js';

const FAIL = `apiVersion: v1
kind: Secret
metadata:
  name: ci-deployer-token
  namespace: ci
  annotations:
    kubernetes.io/service-account.name: deployer
type: kubernetes.io/service-account-token
`;

const PASS = `apiVersion: v1
kind: Pod
metadata:
  name: deployer
  namespace: ci
spec:
  serviceAccountName: deployer
  automountServiceAccountToken: false
  containers:
    - name: deploy
      image: registry.example.com/ci/deployer:3.2.1
      volumeMounts:
        - {name: token, mountPath: /var/run/secrets/tokens, readOnly: true}
  volumes:
    - name: token
      projected:
        sources:
          - serviceAccountToken:
              path: token
              expirationSeconds: 600
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-004',
    slug: 'no-legacy-token-secrets',
    title: 'No long-lived service-account token Secrets',
    pillar: 'identity',
    severity: 'medium',
    description: `A Secret of type \`kubernetes.io/service-account-token\` is filled by the token controller with a token for the named ServiceAccount that **never expires**, is not bound to a pod, and stays valid until the Secret or the account is deleted. Anyone who can read the Secret (or a copy of it in a CI system, a backup, a laptop) holds the account's permissions indefinitely.

Since Kubernetes 1.24 these Secrets are no longer created automatically, so one in the input was created on purpose. Zero Trust prefers short-lived, audience-bound, automatically rotated credentials: the TokenRequest API (\`kubectl create token\`) and projected \`serviceAccountToken\` volumes issue tokens that expire and are invalidated when their pod is deleted.`,
    remediation: `Delete the Secret and obtain tokens on demand:

\`\`\`sh
kubectl create token deployer -n ci --duration=10m
\`\`\`

Inside the cluster, mount a projected token with an expiry:

\`\`\`yaml
volumes:
  - name: token
    projected:
      sources:
        - serviceAccountToken: {path: token, expirationSeconds: 600}
\`\`\`

For CI outside the cluster prefer OIDC federation of the CI's own identity over any stored Kubernetes token.`,
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets',
      'https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#legacy-serviceaccount-token-cleaner',
      'https://kubernetes.io/docs/concepts/security/service-accounts/#get-a-token',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Authentication and authorization: service account tokens' },
      { framework: 'nist-800-207', control: 'tenet 3' },
      { framework: 'soc2', control: 'CC6.1' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['/Secret'],
  check(resource, ctx) {
    if (resource.object.type !== 'kubernetes.io/service-account-token') return;
    const annotations = isRecord(resource.object.metadata)
      ? stringMap(resource.object.metadata.annotations)
      : {};
    const account = annotations['kubernetes.io/service-account.name'];
    const ns = resource.ref.namespace ?? 'default';
    ctx.report({
      resource,
      path: ['type'],
      message: account
        ? `Secret "${resource.ref.name}" holds a non-expiring token for ServiceAccount "${ns}/${account}"; use short-lived tokens (TokenRequest, projected volumes) instead`
        : `Secret "${resource.ref.name}" is of type kubernetes.io/service-account-token (a non-expiring token once it names a ServiceAccount); use short-lived tokens (TokenRequest, projected volumes) instead`,
    });
  },
});
