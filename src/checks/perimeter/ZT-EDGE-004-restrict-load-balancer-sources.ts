import { defineCheck } from '../../engine/define-check.js';
import {
  internalLoadBalancer,
  isWholeInternet,
  loadBalancerSourceRanges,
  servicePortsText,
} from '../../model/service-exposure.js';
import { isRecord } from '../../model/types.js';

const FAIL = `apiVersion: v1
kind: Service
metadata:
  name: admin
  namespace: shop
spec:
  type: LoadBalancer
  selector: {app: admin}
  ports:
    - {port: 443, targetPort: 8443}
`;

const PASS = `apiVersion: v1
kind: Service
metadata:
  name: admin
  namespace: shop
spec:
  type: LoadBalancer
  loadBalancerSourceRanges:
    - 203.0.113.0/24
  selector: {app: admin}
  ports:
    - {port: 443, targetPort: 8443}
`;

export default defineCheck({
  meta: {
    id: 'ZT-EDGE-004',
    slug: 'restrict-load-balancer-sources',
    title: 'LoadBalancer Services must restrict the source addresses they accept',
    pillar: 'perimeter',
    severity: 'medium',
    description: `A Service of \`type: LoadBalancer\` gets an address from the cloud provider and, unless restricted, accepts connections from anywhere — for an internet-facing load balancer, the whole internet. Zero Trust minimises what each resource exposes: an endpoint meant for a partner, an office, a VPN or another cluster should accept only those networks, so that scanning, credential stuffing and exploitation of the next vulnerability start from a short list of sources rather than everyone.

The ranges in force are computed as kube-proxy and the cloud controllers do: a non-empty \`spec.loadBalancerSourceRanges\` wins and the \`service.beta.kubernetes.io/load-balancer-source-ranges\` annotation is then ignored; otherwise the annotation; otherwise \`0.0.0.0/0\`. A range with prefix length 0 (\`0.0.0.0/0\`, \`::/0\`) allows every address. Internal load balancers (AWS \`aws-load-balancer-internal\`, AWS Load Balancer Controller scheme \`internal\` — its default —, GKE/GCE \`load-balancer-type: Internal\`, Azure, OCI, OpenStack, Alibaba and IBM private annotations) are not reported.

A public website legitimately accepts everyone: suppress the finding on such Services with a reason. Note that a LoadBalancer Service also opens node ports unless \`allocateLoadBalancerNodePorts: false\`; source ranges are enforced for the load balancer address, not for those node ports.`,
    remediation: `List the networks that need access:

\`\`\`yaml
spec:
  type: LoadBalancer
  loadBalancerSourceRanges:
    - 203.0.113.0/24     # office
    - 198.51.100.17/32   # partner
\`\`\`

or make the load balancer internal (e.g. \`networking.gke.io/load-balancer-type: "Internal"\`, \`service.beta.kubernetes.io/aws-load-balancer-scheme: internal\`, \`service.beta.kubernetes.io/azure-load-balancer-internal: "true"\`), or put it behind an authenticating proxy and suppress with a reason.`,
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer',
      'https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/',
      'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/',
    ],
    frameworks: [
      { framework: 'nist-800-207', control: 'tenet 3' },
      { framework: 'nsa-cisa', control: 'Network separation and hardening: limit exposure' },
      { framework: 'soc2', control: 'CC6.6' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['/Service'],
  check(resource, ctx) {
    const spec = resource.object.spec;
    if (!isRecord(spec) || spec.type !== 'LoadBalancer') return;
    if (internalLoadBalancer(resource)) return;
    const sr = loadBalancerSourceRanges(resource);
    const ports = servicePortsText(resource);
    const name = resource.ref.name;
    if (sr.from === 'default') {
      ctx.report({
        resource,
        path: sr.path,
        message: `LoadBalancer Service "${name}" (${ports}) accepts connections from any address: neither spec.loadBalancerSourceRanges nor the load-balancer-source-ranges annotation restricts it`,
      });
      return;
    }
    const open = sr.ranges.filter(isWholeInternet);
    if (open.length === 0) return;
    const where =
      sr.from === 'field' ? 'spec.loadBalancerSourceRanges' : 'the load-balancer-source-ranges annotation';
    ctx.report({
      resource,
      path: sr.path,
      message: `LoadBalancer Service "${name}" (${ports}) accepts connections from any address: ${where} includes ${open.join(', ')}`,
    });
  },
});
