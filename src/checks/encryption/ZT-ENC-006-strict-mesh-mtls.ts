import { defineCheck } from '../../engine/define-check.js';
import { isRecord, stringMap } from '../../model/types.js';

const FAIL = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: PERMISSIVE
`;

const PASS = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
`;

/** Istio's default root namespace (meshConfig.rootNamespace). */
const ROOT_NAMESPACE = 'istio-system';

export default defineCheck({
  meta: {
    id: 'ZT-ENC-006',
    slug: 'strict-mesh-mtls',
    title: 'Istio PeerAuthentication must not accept plaintext',
    pillar: 'encryption',
    severity: 'medium',
    description: `In an Istio mesh, mutual TLS both encrypts traffic between workloads and authenticates each side with its workload identity; \`AuthorizationPolicy\` rules on principals and namespaces only mean something when the peer was authenticated. A \`PeerAuthentication\` in mode \`PERMISSIVE\` also accepts plaintext connections — from anything that is not in the mesh, or that chooses to skip mTLS — and \`DISABLE\` turns mTLS off. Either way the workloads it covers accept unauthenticated, unencrypted traffic, which is exactly what Zero Trust rules out.

Each PeerAuthentication is reported when its \`spec.mtls.mode\` is \`PERMISSIVE\` (medium) or \`DISABLE\` (high), and for each port of \`portLevelMtls\` with such a mode. \`UNSET\` inherits from the enclosing scope and is not reported. The message names the scope: the whole mesh (no selector, in the root namespace — \`istio-system\` unless \`meshConfig.rootNamespace\` says otherwise), a namespace (no selector), or the workloads its selector matches. Note that a mesh with no PeerAuthentication at all runs in PERMISSIVE mode.`,
    remediation: `Move to STRICT once every client is in the mesh — mesh-wide in the root namespace, or per namespace:

\`\`\`yaml
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
\`\`\`

Keep a narrowly selected, port-level exception only for a port that must accept traffic from outside the mesh, and document it with a suppression reason.`,
    references: [
      'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
      'https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/',
    ],
    frameworks: [
      { framework: 'nist-800-207', control: 'tenet 2' },
      { framework: 'soc2', control: 'CC6.7' },
      { framework: 'hipaa', control: '164.312(e)(1)' },
      { framework: 'gdpr', control: 'Art. 32(1)(a)' },
    ],
    sources: [{ tool: 'kyverno', id: 'enforce-strict-mtls', relation: 'inspired' }],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['security.istio.io/PeerAuthentication'],
  check(resource, ctx) {
    const spec = isRecord(resource.object.spec) ? resource.object.spec : {};
    const ns = resource.ref.namespace ?? 'default';
    const selector = isRecord(spec.selector) ? stringMap(spec.selector.matchLabels) : {};
    const labels = Object.entries(selector).map(([k, v]) => `${k}=${v}`);
    const scope =
      labels.length > 0
        ? `the workloads matching ${labels.join(',')} in namespace "${ns}"`
        : ns === ROOT_NAMESPACE
          ? `the whole mesh (root namespace ${ROOT_NAMESPACE})`
          : `namespace "${ns}"`;
    const effect = (mode: string) =>
      mode === 'DISABLE'
        ? 'mTLS is off: connections are plaintext and unauthenticated'
        : 'plaintext, unauthenticated connections are accepted';
    const name = resource.ref.name;
    const mode = isRecord(spec.mtls) ? spec.mtls.mode : undefined;
    if (mode === 'PERMISSIVE' || mode === 'DISABLE') {
      ctx.report({
        resource,
        path: ['spec', 'mtls', 'mode'],
        ...(mode === 'DISABLE' ? { severity: 'high' as const } : {}),
        message: `PeerAuthentication "${name}" sets mTLS mode ${mode} for ${scope}: ${effect(mode)}`,
      });
    }
    if (isRecord(spec.portLevelMtls)) {
      for (const [port, setting] of Object.entries(spec.portLevelMtls)) {
        const m = isRecord(setting) ? setting.mode : undefined;
        if (m !== 'PERMISSIVE' && m !== 'DISABLE') continue;
        ctx.report({
          resource,
          path: ['spec', 'portLevelMtls', port, 'mode'],
          key: port,
          ...(m === 'DISABLE' ? { severity: 'high' as const } : {}),
          message: `PeerAuthentication "${name}" sets mTLS mode ${m} on port ${port} for ${scope}: ${effect(m)} on that port`,
        });
      }
    }
  },
});
