import { defineCheck } from '../../engine/define-check.js';
import { asArray, isRecord } from '../../model/types.js';

const FAIL = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: NodePort
  selector: {app: web}
  ports:
    - {port: 80, targetPort: 8080, nodePort: 30080}
`;

const PASS = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: ClusterIP
  selector: {app: web}
  ports:
    - {port: 80, targetPort: 8080}
`;

export default defineCheck({
  meta: {
    id: 'ZT-EDGE-005',
    slug: 'no-node-port-services',
    title: 'Services should not be exposed through node ports',
    pillar: 'perimeter',
    severity: 'low',
    description: `A Service of \`type: NodePort\` opens a port (30000–32767 by default) on **every** node's addresses, whether or not the Service's pods run there. The workload is reachable by anything that can reach any node, outside the Ingress or Gateway where TLS, authentication and rate limits live, and node addresses are rarely covered by the same firewall rules as a load balancer. It also couples the application to node networking, so node IPs become part of the attack surface.

Zero Trust exposes each service through one controlled, authenticated entry point. Only \`type: NodePort\` is reported here; \`LoadBalancer\` Services also allocate node ports unless \`allocateLoadBalancerNodePorts: false\` — see ZT-EDGE-004.`,
    remediation: `Use \`ClusterIP\` behind an Ingress or Gateway (or a \`LoadBalancer\` with source ranges):

\`\`\`yaml
spec:
  type: ClusterIP
  ports:
    - {port: 80, targetPort: 8080}
\`\`\``,
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport'],
    frameworks: [
      { framework: 'nist-800-207', control: 'tenet 3' },
      { framework: 'nsa-cisa', control: 'Network separation and hardening: limit exposure' },
    ],
    sources: [{ tool: 'kube-score', id: 'service-type', relation: 'same' }],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['/Service'],
  check(resource, ctx) {
    const spec = resource.object.spec;
    if (!isRecord(spec) || spec.type !== 'NodePort') return;
    const ports = asArray(spec.ports)
      .filter(isRecord)
      .map((p) => {
        const proto = typeof p.protocol === 'string' ? p.protocol : 'TCP';
        return typeof p.nodePort === 'number' && p.nodePort > 0
          ? `${p.nodePort}/${proto} (port ${String(p.port)})`
          : `an allocated port for ${String(p.port ?? '?')}/${proto}`;
      });
    const what = ports.length === 0 ? 'node ports' : ports.join(', ');
    ctx.report({
      resource,
      path: ['spec', 'type'],
      message: `Service "${resource.ref.name}" is of type NodePort: ${what} open on every node's addresses`,
    });
  },
});
