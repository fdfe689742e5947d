import { defineCheck } from '../../engine/define-check.js';

const FAIL = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:1.4.2
`;

const PASS = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: shop
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      serviceAccountName: api
      containers:
        - name: api
          image: registry.example.com/shop/api:1.4.2
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-001',
    slug: 'no-default-service-account',
    title: 'Workloads must run as their own service account, not "default"',
    pillar: 'identity',
    severity: 'medium',
    description: `A pod that names no service account (\`spec.serviceAccountName\` absent or empty, and no deprecated \`spec.serviceAccount\`) runs as its namespace's \`default\` ServiceAccount, and so does a pod that names \`default\` explicitly.

In Zero Trust every workload has its own identity, and policy is written against identities. The \`default\` account is shared by every pod in the namespace that did not choose one: any permission granted to it (RBAC, cloud IAM through workload identity, Vault roles) goes to all of them, and everything that authenticates workloads by service account — service-mesh mTLS identities (SPIFFE IDs are derived from the service account), \`AuthorizationPolicy\` principals, audit logs — cannot tell them apart.`,
    remediation: `Create one ServiceAccount per workload, and disable its token unless the workload calls the API server (ZT-ID-002):

\`\`\`yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: shop
automountServiceAccountToken: false
---
# in the pod template
spec:
  serviceAccountName: api
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/security/service-accounts/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/',
    ],
    frameworks: [
      { framework: 'cis', control: '5.1.5' },
      { framework: 'nsa-cisa', control: 'Authentication and authorization: service accounts' },
      { framework: 'nist-800-207', control: 'tenet 6' },
      { framework: 'soc2', control: 'CC6.1' },
    ],
    sources: [
      { tool: 'kube-linter', id: 'default-service-account', relation: 'same' },
      { tool: 'kubescape', id: 'C-0189', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    const spec = workload.spec;
    const name = spec.serviceAccountName;
    const legacy = spec.serviceAccount;
    const ns = workload.resource.ref.namespace ?? 'default';
    let field: 'serviceAccountName' | 'serviceAccount';
    let how: string;
    if (typeof name === 'string' && name !== '') {
      if (name !== 'default') return;
      field = 'serviceAccountName';
      how = 'serviceAccountName: default';
    } else if (typeof legacy === 'string' && legacy !== '') {
      if (legacy !== 'default') return;
      field = 'serviceAccount';
      how = 'the deprecated serviceAccount: default';
    } else {
      field = 'serviceAccountName';
      how = 'no serviceAccountName is set';
    }
    ctx.report({
      resource: workload.resource,
      path: [...workload.specPath, field],
      message: `The pod runs as the "default" ServiceAccount of namespace "${ns}" (${how}), an identity shared by every pod there that names none`,
    });
  },
});
