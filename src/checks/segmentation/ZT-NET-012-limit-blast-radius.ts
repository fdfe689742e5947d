import { defineCheck } from '../../engine/define-check.js';
import { blastRadiusOf, netpolModelOf, workloadResource, workloadResources } from './support.js';

const WORKLOADS = ['web', 'api', 'worker', 'cache']
  .map(
    (app) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec: {containers: [{name: ${app}, image: ${app}:1.0}]}
`,
  )
  .join('---\n');

const FAIL = WORKLOADS;

const PASS = `${WORKLOADS}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 8080}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-to-api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{to: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: 8080}]}]
`;

/** A workload is reported when it reaches at least this share of the other workloads … */
export const BLAST_RADIUS_SHARE = 0.5;
/** … and at least this many of them. */
export const BLAST_RADIUS_MIN = 3;

export default defineCheck({
  meta: {
    id: 'ZT-NET-012',
    slug: 'limit-blast-radius',
    title: 'A compromised workload must not reach most of the cluster',
    pillar: 'segmentation',
    severity: 'medium',
    description: `Segmentation is measured by what an attacker can do after compromising one pod: connect to what its policies allow, compromise the next workload, and go on. kzt computes this lateral-movement reach for every workload from the exact policy verdicts (any allowed port of any protocol is an edge; the egress of the source and the ingress of the destination must both allow it), on the workload graph, transitively.

A workload is reported when its **transitive reach** covers at least half of the other workloads of the input, and at least ${BLAST_RADIUS_MIN} of them. The message gives the direct and transitive counts and the most sensitive workloads it reaches, with a shortest path. Sensitivity: control-plane namespace (kube-*) 3; node access (privileged container, hostPath volume or host network) 2; data store (a StatefulSet, or a database/queue/secret-store name or image) 2; reads Secrets 1 — summed. The severity is high when a workload scoring 2 or more is reachable. \`kzt netpol blast-radius\` shows the whole table and every path.`,
    remediation: `Cut the paths: default-deny both directions in every namespace and allow only the calls each workload makes, so that reach follows the application's real call graph:

\`\`\`yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
\`\`\`

\`kzt netpol generate --flows F\` derives the allow policies from observed traffic.`,
    references: [
      'https://attack.mitre.org/tactics/TA0008/',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Network separation and hardening: NetworkPolicies' },
      { framework: 'cis', control: '5.3.2' },
      { framework: 'nist-800-207', control: 'tenet 3' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: workloadResources,
  run(ctx) {
    const model = netpolModelOf(ctx);
    const others = model.workloads.length - 1;
    const threshold = Math.max(BLAST_RADIUS_MIN, Math.ceil(others * BLAST_RADIUS_SHARE));
    if (others < threshold) return;
    const br = blastRadiusOf(ctx);
    for (const w of model.workloads) {
      const reach = br.transitive(w);
      if (reach < threshold) continue;
      const top = br.mostSensitive(w, 2);
      const pct = Math.round((reach / others) * 100);
      const targets = top
        .map(
          (t) =>
            `${t.target.display} (${t.sensitivity.reasons.join(', ')}) via ${t.path.map((p) => p.display).join(' -> ')}`,
        )
        .join('; ');
      ctx.report({
        resource: workloadResource(w),
        path: ['metadata', 'name'],
        key: w.display,
        severity: (top[0]?.sensitivity.score ?? 0) >= 2 ? 'high' : 'medium',
        message: `a compromise of ${w.display} reaches ${reach} of the ${others} other workloads (${pct}%), ${br.direct(w)} directly${targets ? `; most sensitive: ${targets}` : ''}`,
      });
    }
  },
});
