import { defineCheck } from '../../engine/define-check.js';
import type { Inventory } from '../../model/inventory.js';
import { isRecord, type JsonPath, stringMap } from '../../model/types.js';

const FAIL = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
  namespace: shop
spec:
  selector:
    matchLabels: {app: legacy}
  template:
    metadata:
      labels:
        app: legacy
        sidecar.istio.io/inject: "false"
    spec:
      containers:
        - name: legacy
          image: registry.example.com/shop/legacy:2.0.1
`;

const PASS = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
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
      containers:
        - name: api
          image: registry.example.com/shop/api:1.4.2
`;

interface MeshState {
  istioSidecar?: string;
  istioAmbient?: string;
  linkerd?: string;
}

/** How a namespace joins a mesh, from its labels and annotations (undefined fields: not meshed that way). */
function namespaceMesh(inventory: Inventory, name: string): MeshState | undefined {
  const ns = inventory.get('', 'Namespace', undefined, name);
  if (!ns) return undefined;
  const meta = isRecord(ns.object.metadata) ? ns.object.metadata : {};
  const labels = stringMap(meta.labels);
  const annotations = stringMap(meta.annotations);
  const out: MeshState = {};
  if (labels['istio-injection'] === 'enabled') out.istioSidecar = 'istio-injection=enabled';
  else if (labels['istio-injection'] === undefined && labels['istio.io/rev'] !== undefined)
    out.istioSidecar = `istio.io/rev=${labels['istio.io/rev']}`;
  if (labels['istio.io/dataplane-mode'] === 'ambient') out.istioAmbient = 'istio.io/dataplane-mode=ambient';
  if (annotations['linkerd.io/inject'] === 'enabled') out.linkerd = 'linkerd.io/inject: enabled';
  return out;
}

function ports(value: string): string {
  return value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(', ');
}

export default defineCheck({
  meta: {
    id: 'ZT-ENC-007',
    slug: 'no-mesh-bypass',
    title: 'Workloads in a meshed namespace must not bypass the mesh',
    pillar: 'encryption',
    severity: 'medium',
    description: `Where a service mesh provides encryption and workload identity (Istio sidecar or ambient, Linkerd), a pod that opts out of it, or excludes ports from its proxy, talks plaintext on those paths and escapes mTLS authentication and the mesh's authorization policies. It is also a hole in the rest of the namespace's posture: a STRICT PeerAuthentication makes the opted-out pod unreachable, so the usual "fix" is to weaken the whole namespace to PERMISSIVE.

Reported for pod templates in namespaces that the input shows as meshed — Namespace label \`istio-injection=enabled\` or \`istio.io/rev\` (sidecar), \`istio.io/dataplane-mode=ambient\`, annotation \`linkerd.io/inject: enabled\` — or pods that opt into a mesh themselves:

- opting out: \`sidecar.istio.io/inject: "false"\` (label or annotation), \`istio.io/dataplane-mode: none\`, \`linkerd.io/inject: disabled\`;
- excluding ports from the proxy: \`traffic.sidecar.istio.io/excludeInboundPorts\` / \`excludeOutboundPorts\`, \`config.linkerd.io/skip-inbound-ports\` / \`skip-outbound-ports\`.

Namespaces not in the input are not guessed at.`,
    remediation: `Remove the opt-out and the port exclusions, and fix what needed them (e.g. give the port's clients mesh identities, or use Istio's \`holdApplicationUntilProxyStarts\` for start-up ordering). If a port must accept non-mesh traffic, say so with a narrowly selected port-level PeerAuthentication and an AuthorizationPolicy, rather than bypassing the proxy:

\`\`\`yaml
metadata:
  labels:
    app: legacy
    # sidecar.istio.io/inject: "false"   <- remove
\`\`\``,
    references: [
      'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy',
      'https://istio.io/latest/docs/reference/config/annotations/',
      'https://linkerd.io/2/reference/proxy-configuration/',
    ],
    frameworks: [
      { framework: 'nist-800-207', control: 'tenet 2' },
      { framework: 'soc2', control: 'CC6.7' },
    ],
    sources: [
      { tool: 'kyverno', id: 'prevent-disabling-injection-pods', relation: 'inspired' },
      { tool: 'kyverno', id: 'prevent-linkerd-port-skipping', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    const labels = stringMap(workload.podMetadata.labels);
    const annotations = stringMap(workload.podMetadata.annotations);
    const ns = workload.resource.ref.namespace ?? 'default';
    const mesh = ctx.memo('namespace-mesh', () => new Map<string, MeshState | undefined>());
    if (!mesh.has(ns)) mesh.set(ns, namespaceMesh(ctx.inventory, ns));
    const nsMesh = mesh.get(ns) ?? {};
    const meta = workload.podMetadataPath;
    const at = (field: 'labels' | 'annotations', key: string): JsonPath => [...meta, field, key];
    const report = (path: JsonPath, message: string, key: string) =>
      ctx.report({ resource: workload.resource, path, message, key });

    const istioLabel = labels['sidecar.istio.io/inject'];
    const istioAnnotation = annotations['sidecar.istio.io/inject'];
    // The label is what current Istio reads; the annotation is the older form.
    const istioPod = istioLabel ?? istioAnnotation;
    const istioPodField = istioLabel !== undefined ? 'labels' : 'annotations';
    const istioMeshed = nsMesh.istioSidecar !== undefined || istioPod === 'true';
    if (nsMesh.istioSidecar && istioPod === 'false') {
      report(
        at(istioPodField, 'sidecar.istio.io/inject'),
        `The pod opts out of the Istio sidecar (sidecar.istio.io/inject: "false") in namespace "${ns}" (${nsMesh.istioSidecar}): its traffic is neither encrypted nor authenticated by the mesh`,
        'istio-inject',
      );
    } else if (istioMeshed) {
      for (const key of [
        'traffic.sidecar.istio.io/excludeInboundPorts',
        'traffic.sidecar.istio.io/excludeOutboundPorts',
      ]) {
        const list = ports(annotations[key] ?? '');
        if (list === '') continue;
        const dir = key.includes('Inbound') ? 'inbound' : 'outbound';
        report(
          at('annotations', key),
          `The pod excludes ${dir} ports ${list} from the Istio sidecar (${key}): traffic on them bypasses mTLS${dir === 'inbound' ? ' and AuthorizationPolicy' : ''}`,
          key,
        );
      }
    }
    if (nsMesh.istioAmbient && labels['istio.io/dataplane-mode'] === 'none') {
      report(
        at('labels', 'istio.io/dataplane-mode'),
        `The pod opts out of the Istio ambient mesh (istio.io/dataplane-mode: none) in namespace "${ns}" (${nsMesh.istioAmbient}): its traffic is neither encrypted nor authenticated by the mesh`,
        'ambient',
      );
    }
    const linkerdPod = annotations['linkerd.io/inject'];
    if (nsMesh.linkerd && linkerdPod === 'disabled') {
      report(
        at('annotations', 'linkerd.io/inject'),
        `The pod opts out of the Linkerd proxy (linkerd.io/inject: disabled) in namespace "${ns}" (${nsMesh.linkerd}): its traffic is neither encrypted nor authenticated by the mesh`,
        'linkerd-inject',
      );
    } else if (nsMesh.linkerd || linkerdPod === 'enabled') {
      for (const key of ['config.linkerd.io/skip-inbound-ports', 'config.linkerd.io/skip-outbound-ports']) {
        const list = ports(annotations[key] ?? '');
        if (list === '') continue;
        const dir = key.includes('inbound') ? 'inbound' : 'outbound';
        report(
          at('annotations', key),
          `The pod skips ${dir} ports ${list} in the Linkerd proxy (${key}): traffic on them bypasses mTLS${dir === 'inbound' ? ' and Linkerd authorization policy' : ''}`,
          key,
        );
      }
    }
  },
});
