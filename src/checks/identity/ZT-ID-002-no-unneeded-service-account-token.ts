import { defineCheck } from '../../engine/define-check.js';
import {
  bindingsOf,
  formatBinding,
  resolveAutomount,
  serviceAccountBindings,
} from '../../model/service-account-token.js';

const FAIL = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: nginx:1.27.3
`;

const PASS = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: nginx:1.27.3
`;

export default defineCheck({
  meta: {
    id: 'ZT-ID-002',
    slug: 'no-unneeded-service-account-token',
    title: 'Pods must not get an API token they did not ask for',
    pillar: 'identity',
    severity: 'medium',
    description: `Kubernetes mounts an API token of the pod's ServiceAccount into every container unless \`automountServiceAccountToken\` says otherwise. The pod's field wins when set; otherwise the ServiceAccount's; when neither is set, the token is mounted. Most applications never call the Kubernetes API, yet every one of them then carries a credential that an attacker with code execution (or a path-traversal bug) reads from \`/var/run/secrets/kubernetes.io/serviceaccount/token\` and replays against the API server, and that also authenticates to anything trusting Kubernetes tokens (Vault, cloud workload identity).

**"Not needed", precisely:** kzt reports a pod whose token is mounted *only by default* — neither the pod nor its ServiceAccount sets \`automountServiceAccountToken\`. An explicit \`true\` on either is an owner's statement that the workload uses the API and is not reported; an explicit \`serviceAccountToken\` projected volume is likewise deliberate. The message then says what the input shows about need: when no RoleBinding or ClusterRoleBinding names the account (directly, as \`system:serviceaccount:NS:NAME\`, or through the \`system:serviceaccounts:NS\` group) the token grants nothing beyond what every identity has, so it is almost certainly unneeded (severity medium); when a binding names it, the workload probably uses it and the fix is to say so explicitly (severity low).`,
    remediation: `Turn the automatic token off on the ServiceAccount (or on the pod) for workloads that do not call the API server:

\`\`\`yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
automountServiceAccountToken: false
\`\`\`

For a workload that does call it, opt in explicitly on the pod so reviewers see the need:

\`\`\`yaml
spec:
  serviceAccountName: operator
  automountServiceAccountToken: true
\`\`\`

If only another system needs a token (e.g. Vault), mount a projected \`serviceAccountToken\` with that audience and a short \`expirationSeconds\` instead of the API-server token.`,
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
      'https://kubernetes.io/docs/concepts/security/service-accounts/',
      'https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken',
    ],
    frameworks: [
      { framework: 'cis', control: '5.1.6' },
      {
        framework: 'nsa-cisa',
        control: 'Authentication and authorization: disable automounting of service account tokens',
      },
      { framework: 'nist-800-207', control: 'tenet 6' },
      { framework: 'soc2', control: 'CC6.1' },
    ],
    sources: [
      { tool: 'polaris', id: 'automountServiceAccountToken', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0034', relation: 'inspired' },
      { tool: 'checkov', id: 'CKV_K8S_38', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    const t = resolveAutomount(workload, ctx.inventory);
    if (!t.automount || t.decidedBy !== 'default') return;
    const bindings = bindingsOf(
      ctx.memo('service-account-bindings', () => serviceAccountBindings(ctx.inventory)),
      t.namespace,
      t.serviceAccount,
    );
    const account = `ServiceAccount "${t.namespace}/${t.serviceAccount}"`;
    const why = t.serviceAccountObject
      ? 'neither the pod nor the ServiceAccount sets automountServiceAccountToken'
      : 'the pod does not set automountServiceAccountToken and the ServiceAccount is not in the input';
    const path = [...workload.specPath, 'automountServiceAccountToken'];
    if (bindings.length === 0) {
      ctx.report({
        resource: workload.resource,
        path,
        message: `The pod gets an API token for ${account} by default (${why}), and no RoleBinding or ClusterRoleBinding in the input names that account: set automountServiceAccountToken: false`,
      });
      return;
    }
    const named =
      bindings.length === 1
        ? formatBinding(bindings[0]!)
        : `${formatBinding(bindings[0]!)} and ${bindings.length - 1} more binding${bindings.length > 2 ? 's' : ''}`;
    ctx.report({
      resource: workload.resource,
      path,
      severity: 'low',
      message: `The pod gets an API token for ${account} by default (${why}); ${named} grant${bindings.length === 1 ? 's' : ''} that account access, so if the workload calls the API server set automountServiceAccountToken: true on the pod, otherwise false`,
    });
  },
});
