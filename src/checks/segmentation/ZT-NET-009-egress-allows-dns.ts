import { defineCheck } from '../../engine/define-check.js';
import type { Resource } from '../../model/types.js';
import { dnsPort, isDnsWorkload } from '../../netpol/generate/dns.js';
import { parseIPv4 } from '../../netpol/ip.js';
import { isSelectable } from '../../netpol/model.js';
import { externalPieces } from '../../netpol/peer-ref.js';
import { connHas, type Protocol } from '../../netpol/ports.js';
import type { Peer, WorkloadPeer } from '../../netpol/workloads.js';
import { coverageOf, evaluateAt, listNames, netpolModelOf, policyResources } from './support.js';

const FAIL = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1.0}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

const PASS = `${FAIL}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}
      ports:
        - {protocol: UDP, port: 53}
        - {protocol: TCP, port: 53}
`;

/** CoreDNS as kubeadm, kOps, EKS, GKE and AKS deploy it, for when the input has no DNS pods. */
const DNS_PROBE: WorkloadPeer = Object.freeze({
  type: 'workload',
  index: -1,
  namespace: 'kube-system',
  name: 'coredns',
  kind: 'Deployment',
  labels: { 'k8s-app': 'kube-dns' },
  ports: [
    { name: 'dns', port: 53, protocol: 'UDP' },
    { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    { name: 'metrics', port: 9153, protocol: 'TCP' },
  ],
  hostNetwork: false,
  ips: [],
  replicated: true,
  pods: [],
  display: 'kube-system/coredns[Deployment]',
}) as WorkloadPeer;

/** NodeLocal DNSCache's link-local address. */
const NODE_LOCAL_DNS = parseIPv4('169.254.20.10')!;

export default defineCheck({
  meta: {
    id: 'ZT-NET-009',
    slug: 'egress-allows-dns',
    title: 'Egress-isolated workloads must be allowed DNS',
    pillar: 'segmentation',
    severity: 'medium',
    description: `Default-deny egress also blocks name resolution: the pods fail with "bad address" or time out, and the usual "fix" under pressure is to delete the policy or allow all egress. Allow DNS explicitly, to the cluster DNS only: UDP **and** TCP port 53 (DNS falls back to TCP for large answers, and some resolvers use TCP first).

For each workload whose egress a policy restricts (a NetworkPolicy isolates it for egress, or an AdminNetworkPolicy or BaselineAdminNetworkPolicy selects it with egress rules), kzt asks the exact engine whether it may connect to the cluster DNS: the kube-dns/CoreDNS pods of kube-system in the input (on their DNS container ports), or, when the input has none, a CoreDNS pod as Kubernetes distributions deploy it (\`k8s-app: kube-dns\`, ports 53/UDP and 53/TCP). A rule allowing port 53 to any destination counts, and so does NodeLocal DNSCache's address 169.254.20.10. Findings are grouped by the policy that isolates the workloads; severity is low when only TCP is missing.`,
    remediation: `Allow DNS to kube-dns for every pod of the namespace:

\`\`\`yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}
      ports:
        - {protocol: UDP, port: 53}
        - {protocol: TCP, port: 53}
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
      'https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Network separation and hardening: NetworkPolicies' },
      { framework: 'nist-800-207', control: 'tenet 3' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: policyResources,
  run(ctx) {
    const model = netpolModelOf(ctx);
    const dnsServers = model.workloads.filter(isDnsWorkload);
    const targets: WorkloadPeer[] = dnsServers.length > 0 ? dnsServers : [DNS_PROBE];
    const nodeLocal = externalPieces(model.destinationAtoms, [NODE_LOCAL_DNS, NODE_LOCAL_DNS])[0];
    interface Group {
      resource: Resource;
      path: (string | number)[];
      label: string;
      udp: string[];
      tcp: string[];
      /** Every workload of `udp` also lacks TCP. */
      both: boolean;
    }
    const groups = new Map<Resource, Group>();
    const coverage = coverageOf(ctx);
    const peers: Peer[] = [...targets, ...(nodeLocal ? [nodeLocal] : [])];
    // The verdicts depend only on the policies that restrict the workload's egress (its
    // own ports play no part: named ports resolve on the DNS pods), so workloads with the
    // same policies share one evaluation.
    const byPolicies = new Map<string, { udp: boolean; tcp: boolean }>();
    for (const w of model.workloads) {
      if (!isSelectable(w, model.profile) || isDnsWorkload(w)) continue;
      const isolating = coverage.networkPolicies.egress[w.index];
      const admin = coverage.admin.egress[w.index];
      if (!isolating && !admin) continue;
      const key = `${isolating ?? ''}|${admin ?? ''}`;
      let dns = byPolicies.get(key);
      if (!dns) {
        const verdicts = peers.map((t) => ({ t, allowed: evaluateAt(ctx, 'egress', w, t).allowed }));
        const allows = (protocol: Protocol) =>
          verdicts.some(({ t, allowed }) =>
            connHas(allowed, protocol, t.type === 'workload' ? dnsPort(t, protocol) : 53),
          );
        dns = { udp: allows('UDP'), tcp: allows('TCP') };
        byPolicies.set(key, dns);
      }
      const { udp, tcp } = dns;
      if (udp && tcp) continue;
      const owner = isolating ? model.networkPolicies[isolating[0]!]! : coverage.adminPolicies[admin![0]!]!;
      let g = groups.get(owner.resource);
      if (!g) {
        g = {
          resource: owner.resource,
          path: owner.kind === 'NetworkPolicy' ? ['spec', 'policyTypes'] : ['spec', 'egress'],
          label:
            owner.kind === 'NetworkPolicy'
              ? `NetworkPolicy ${owner.namespace}/${owner.name} isolates egress of`
              : `${owner.kind} ${owner.name} restricts egress of`,
          udp: [],
          tcp: [],
          both: true,
        };
        groups.set(owner.resource, g);
      }
      if (!udp) {
        g.udp.push(w.display);
        if (tcp) g.both = false;
      } else g.tcp.push(w.display);
    }
    const dnsName =
      dnsServers.length > 0 ? listNames(dnsServers.map((w) => w.display)) : 'kube-system/kube-dns';
    for (const g of groups.values()) {
      if (g.udp.length > 0)
        ctx.report({
          resource: g.resource,
          path: g.path,
          key: 'udp',
          message: `${g.label} ${listNames(g.udp)} without allowing DNS (${g.both ? 'UDP and TCP' : 'UDP'} 53 to ${dnsName}): name resolution fails`,
        });
      if (g.tcp.length > 0)
        ctx.report({
          resource: g.resource,
          path: g.path,
          key: 'tcp',
          severity: 'low',
          message: `${g.label} ${listNames(g.tcp)} allowing DNS over UDP but not TCP 53 to ${dnsName}: large answers (truncated over UDP) fail`,
        });
    }
  },
});
