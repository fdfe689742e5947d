/**
 * ZT-ID-032: workloads whose pods hold a token of a service account with dangerous
 * permissions (rbac.md §4 #37), rated higher when the workload is internet-facing.
 */

import { defineCheck } from '../../engine/define-check.js';
import { SEVERITIES, type Severity } from '../../engine/types.js';
import { workloadIdentitiesOf } from '../../rbac/check-support.js';
import { cmp } from '../../rbac/order.js';
import { describeGrantChain, describeScope } from '../../rbac/risks.js';

const FAIL = `apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: web-secrets}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get, list]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 443}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers: [{name: web, image: "registry.example.com/web:1.0"}]
`;

const PASS = FAIL.replace(
  '      serviceAccountName: web\n',
  '      serviceAccountName: web\n      automountServiceAccountToken: false\n',
);

const raise = (s: Severity): Severity => SEVERITIES[Math.max(0, SEVERITIES.indexOf(s) - 1)]!;
const worst = (xs: Severity[]): Severity => SEVERITIES.find((s) => xs.includes(s)) ?? 'info';

const TOKEN: Record<string, string> = {
  automount: 'an automounted token',
  projected: 'a projected API token',
  'legacy-secret': 'a legacy token Secret mounted as a volume',
};

export default defineCheck({
  meta: {
    id: 'ZT-ID-032',
    slug: 'workload-identity-privileges',
    title: 'Workloads must not carry tokens of powerful service accounts',
    pillar: 'identity',
    severity: 'high',
    description: `A pod's service account token is one file read away for anyone who gets code execution in it. kzt follows each workload to the service account it runs as (\`default\` when none is named), resolves whether its pods hold a token the API server accepts (\`automountServiceAccountToken\` on the pod, then on the ServiceAccount; projected tokens; legacy token Secrets), computes what that token can do — including grants to \`system:serviceaccounts\`, \`system:serviceaccounts:<ns>\` and \`system:authenticated\` — and reports the dangerous permissions of the catalogue (reading Secrets, creating pods, exec, escalation, nodes/proxy...).

The severity is that of the worst permission, raised one level when the workload is **internet-facing**: selected by a Service of type LoadBalancer (not internal) or NodePort, or behind an Ingress or Gateway API route. Such a pod is the first thing an attacker reaches; a DaemonSet spreads the token to every node. Kubernetes' own components' expected grants do not count.`,
    remediation: `Give the workload its own service account with only what it uses, or turn the token off when it does not call the API:

\`\`\`yaml
spec:
  serviceAccountName: web
  automountServiceAccountToken: false
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#minimize-distribution-of-privileged-tokens',
      'https://kubernetes.io/docs/concepts/security/service-accounts/',
    ],
    frameworks: [
      { framework: 'cis', control: '5.1.6' },
      { framework: 'nsa-cisa', control: 'Authentication and authorization: least privilege RBAC' },
      { framework: 'nist-800-207', control: 'tenet 3' },
      { framework: 'soc2', control: 'CC6.3' },
    ],
    sources: [
      { tool: 'kubescape', id: 'C-0272', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0267', relation: 'inspired' },
      { tool: 'rbac-police', id: 'providerIAM', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    const ids = workloadIdentitiesOf(ctx);
    // Most accounts have no risk: then neither the token nor the exposure is resolved.
    if (ids.accountRisks(workload).length === 0) return;
    const id = ids.of(workload);
    if (!id.apiToken || id.risks.length === 0) return;
    const risks = [...id.risks].sort(
      (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || cmp(a.risk.id, b.risk.id),
    );
    const top = risks[0]!;
    const exposed = id.exposure[0];
    const severity = exposed
      ? raise(worst(risks.map((r) => r.severity)))
      : worst(risks.map((r) => r.severity));
    const r = workload.resource.ref;
    const what = `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
    const facing = exposed ? ` (internet-facing through ${exposed.text})` : '';
    const others = risks.slice(1).map((f) => `${f.risk.can} ${describeScope(f)}`);
    const spread = r.kind === 'DaemonSet' ? ' A DaemonSet puts this token on every node.' : '';
    const saPath =
      typeof workload.spec.serviceAccountName === 'string' ? 'serviceAccountName' : 'serviceAccount';
    ctx.report({
      resource: workload.resource,
      path: [...workload.specPath, ...(workload.spec[saPath] !== undefined ? [saPath] : [])],
      severity,
      message: `${what}${facing} runs as ServiceAccount ${id.subject.namespace}/${id.subject.name} with ${TOKEN[id.apiToken]}, which can ${top.risk.can} ${describeScope(top)} (via ${describeGrantChain(top.grants[0]!)})${others.length > 0 ? `; it can also ${others.slice(0, 4).join('; ')}${others.length > 4 ? ` and ${others.length - 4} more` : ''}` : ''}.${spread}`,
    });
  },
});
