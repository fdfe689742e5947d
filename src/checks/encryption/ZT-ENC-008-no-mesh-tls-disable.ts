import { defineCheck } from '../../engine/define-check.js';
import { asArray, asString, isRecord, type JsonPath } from '../../model/types.js';

const FAIL = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: DISABLE
`;

const PASS = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews.shop.svc.cluster.local
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
`;

/**
 * Hosts that name Kubernetes services inside the cluster: short names (resolved in the
 * DestinationRule's namespace), `*.svc`, `*.svc.<cluster-domain>`, `*.cluster.local`,
 * `*.local` and the wildcards over them.
 */
export function isClusterHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === '' || h === '*') return false;
  if (!h.includes('.')) return true;
  return (
    /\.svc$/.test(h) ||
    /\.svc\.[a-z0-9.-]+$/.test(h) ||
    /(^|\.)cluster\.local$/.test(h) ||
    /(^|\.)local$/.test(h)
  );
}

export default defineCheck({
  meta: {
    id: 'ZT-ENC-008',
    slug: 'no-mesh-tls-disable',
    title: 'Istio DestinationRules must not disable TLS to in-cluster services',
    pillar: 'encryption',
    severity: 'medium',
    description: `A DestinationRule's \`tls.mode\` tells the client-side proxy how to connect. \`DISABLE\` makes every sidecar that routes to the host send plaintext: no encryption, and no workload identity for the server to authorize — its \`AuthorizationPolicy\` rules on principals or namespaces can no longer tell callers apart. This is the client half of turning mTLS off, and it silently overrides the mesh's automatic mTLS.

Reported for each \`tls.mode: DISABLE\` — on the rule's \`trafficPolicy\`, a \`portLevelSettings\` entry, a subset, or a subset's port — when the host is a service inside the cluster: a short name (resolved in the rule's namespace), \`*.svc\`, \`*.svc.<cluster domain>\`, \`*.cluster.local\` or \`*.local\`. Plaintext to external hosts is out of scope here.`,
    remediation: `Remove the TLS override (the mesh then uses mTLS automatically) or set \`ISTIO_MUTUAL\`:

\`\`\`yaml
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
\`\`\``,
    references: [
      'https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode',
      'https://istio.io/latest/docs/concepts/security/#auto-mutual-tls',
    ],
    frameworks: [
      { framework: 'nist-800-207', control: 'tenet 2' },
      { framework: 'soc2', control: 'CC6.7' },
      { framework: 'hipaa', control: '164.312(e)(1)' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['networking.istio.io/DestinationRule'],
  check(resource, ctx) {
    const spec = isRecord(resource.object.spec) ? resource.object.spec : {};
    const host = asString(spec.host);
    if (host === undefined || !isClusterHost(host)) return;
    const name = resource.ref.name;
    const visit = (policy: unknown, path: JsonPath, where: string) => {
      if (!isRecord(policy)) return;
      if (isRecord(policy.tls) && policy.tls.mode === 'DISABLE') {
        ctx.report({
          resource,
          path: [...path, 'tls', 'mode'],
          key: where,
          message: `DestinationRule "${name}" disables TLS${where} for in-cluster host "${host}": sidecars send that traffic in plaintext, without mesh identity`,
        });
      }
      asArray(policy.portLevelSettings).forEach((p, i) => {
        if (!isRecord(p) || !isRecord(p.tls) || p.tls.mode !== 'DISABLE') return;
        const port = isRecord(p.port) && typeof p.port.number === 'number' ? String(p.port.number) : '?';
        ctx.report({
          resource,
          path: [...path, 'portLevelSettings', i, 'tls', 'mode'],
          key: `${where} port ${port}`,
          message: `DestinationRule "${name}" disables TLS${where} on port ${port} for in-cluster host "${host}": sidecars send that traffic in plaintext, without mesh identity`,
        });
      });
    };
    visit(spec.trafficPolicy, ['spec', 'trafficPolicy'], '');
    asArray(spec.subsets).forEach((s, j) => {
      if (!isRecord(s)) return;
      visit(s.trafficPolicy, ['spec', 'subsets', j, 'trafficPolicy'], ` (subset "${asString(s.name) ?? j}")`);
    });
  },
});
