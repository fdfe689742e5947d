import { defineCheck } from '../../engine/define-check.js';
import { openIngressOf } from './open-ingress.js';
import { policyResources } from './support.js';

const FAIL = `apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: shop}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec: {containers: [{name: orders, image: orders:1.0, ports: [{name: grpc, containerPort: 9000}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: orders, namespace: shop}
spec:
  podSelector: {matchLabels: {app: orders}}
  ingress:
    - ports: [{port: grpc}]
`;

const PASS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: shop}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec: {containers: [{name: orders, image: orders:1.0, ports: [{name: grpc, containerPort: 9000}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: orders, namespace: shop}
spec:
  podSelector: {matchLabels: {app: orders}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: frontend}}}]
      ports: [{port: grpc}]
`;

export default defineCheck({
  meta: {
    id: 'ZT-NET-004',
    slug: 'no-ingress-from-internet',
    title: 'Internal workloads must not accept connections from the internet',
    pillar: 'segmentation',
    severity: 'high',
    description: `A rule without \`from\`, or with \`ipBlock: {cidr: 0.0.0.0/0}\`, admits every address — the whole internet wherever the pod is routable (a LoadBalancer or NodePort added later, a flat VPC, a misconfigured firewall) — and every pod of the cluster. For a workload that is not meant to be reached from outside, that turns one network mistake elsewhere into direct exposure. Zero Trust does not rely on the perimeter: the workload's own policy should name who may call it.

kzt reports a workload when an explicit rule (NetworkPolicy, or AdminNetworkPolicy/BaselineAdminNetworkPolicy Allow) lets **more than half of the public IPv4 address space** open a connection to it — public meaning outside 0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.0.0.0/24, 192.168.0.0/16, 198.18.0.0/15 and 224.0.0.0/3 — as the exact engine evaluates it (a broad allow cut down by an \`except\` or an admin Deny counts only for what is left). Narrow CIDRs for partners are not reported. Edge-facing workloads are exempt: those behind an Ingress, OpenShift Route or Gateway API route, or selected by a LoadBalancer or NodePort Service or one with externalIPs. Workloads that no policy isolates are ZT-NET-003's finding. One finding per rule, naming the workloads and the ports.`,
    remediation: `Name the callers instead of everyone, or put the workload behind an Ingress or Gateway:

\`\`\`yaml
spec:
  podSelector: {matchLabels: {app: orders}}
  ingress:
    - from:
        - podSelector: {matchLabels: {app: frontend}}
      ports: [{port: grpc}]
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Network separation and hardening: NetworkPolicies' },
      { framework: 'cis', control: '5.3.2' },
      { framework: 'nist-800-207', control: 'tenet 2' },
    ],
    sources: [{ tool: 'kubescape', id: 'C-0260', relation: 'inspired' }],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: policyResources,
  run(ctx) {
    for (const f of openIngressOf(ctx).internet)
      ctx.report({ resource: f.resource, path: f.path, key: f.key, message: f.message });
  },
});
