import { defineCheck } from '../../engine/define-check.js';
import { containerLabel, containersCached, newContainersCache } from '../../model/container-text.js';
import { newImageCache, parseCached } from '../../model/image-ref.js';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const FAIL = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
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

const PASS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:1.4.2@${DIGEST}
`;

export default defineCheck({
  meta: {
    id: 'ZT-WL-023',
    slug: 'require-image-digest',
    title: 'Images must be pinned by digest',
    pillar: 'workload',
    severity: 'low',
    description: `A tag is a movable pointer: whoever can push to the repository (or compromise it) can point \`1.4.2\` at different content, and the next node that pulls gets it. A digest (\`@sha256:…\`) names the content itself; the runtime verifies what it downloads against it. Pinning by digest is what makes "the image we scanned and signed is the image that runs" true, which is the Zero Trust stance toward the supply chain: verify the artefact, do not trust the registry's naming.

An image with both a tag and a digest (\`api:1.4.2@sha256:…\`) is pinned: the runtime pulls by digest and ignores the tag, and the tag stays readable for people. References that do not parse are skipped (the pod cannot start at all). ZT-WL-022 reports the worst case, \`latest\` or no tag, separately.`,
    remediation: `Let the build or the deploy tool resolve tags to digests (e.g. \`kustomize edit set image\`, \`crane digest\`, Renovate/Flux image automation), and keep the tag for readability:

\`\`\`yaml
containers:
  - name: api
    image: registry.example.com/shop/api:1.4.2@sha256:<digest>
\`\`\`

Admission can enforce it (Kyverno \`verifyImages\` with \`mutateDigest\`, or a ValidatingAdmissionPolicy on \`image.contains('@sha256:')\`).`,
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      'https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Supply chain: use immutable, scanned images' },
      { framework: 'nist-800-207', control: 'tenet 5' },
    ],
    sources: [{ tool: 'checkov', id: 'CKV_K8S_43', relation: 'same' }],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    const cache = ctx.memo('image-ref-cache', newImageCache);
    for (const c of containersCached(ctx.memo('containers-of', newContainersCache), workload)) {
      const image = c.container.image;
      if (typeof image !== 'string') continue;
      const parsed = parseCached(cache, image);
      if (!parsed.ok || parsed.ref.digest !== undefined) continue;
      ctx.report({
        resource: workload.resource,
        path: [...c.path, 'image'],
        message: `${containerLabel(c)} uses image "${image}", which is not pinned by digest`,
      });
    }
  },
});
