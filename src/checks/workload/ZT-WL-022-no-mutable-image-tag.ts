import { defineCheck } from '../../engine/define-check.js';
import { containerLabel, containersCached, newContainersCache } from '../../model/container-text.js';
import { mutability, newImageCache, parseCached } from '../../model/image-ref.js';

const FAIL = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:latest
        - name: exporter
          image: nginx/nginx-prometheus-exporter
`;

const PASS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27.3
        - name: exporter
          image: nginx/nginx-prometheus-exporter:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
`;

export default defineCheck({
  meta: {
    id: 'ZT-WL-022',
    slug: 'no-mutable-image-tag',
    title: 'Images must not use the latest tag or no tag',
    pillar: 'workload',
    severity: 'medium',
    description: `A container image with no tag, or with the tag \`latest\`, runs whatever the registry serves under \`latest\` when a node pulls it. Two replicas can run different code, a rollback does not roll back, and nobody can say which build is in production — so nothing that was reviewed, scanned or signed is known to be what runs.

Images are parsed with the container runtime's reference grammar: \`localhost:5000/app\` has no tag (the \`:5000\` is the registry port), \`registry:5000/app:latest\` is tagged \`latest\`, and an image pinned by digest (\`app@sha256:…\` or \`app:latest@sha256:…\`) is immutable — the runtime pulls by digest and ignores the tag — so it passes. Other tags can be moved too: ZT-WL-023 asks for digests.`,
    remediation: `Use an explicit version tag, or better, a digest produced by your build (see ZT-WL-023):

\`\`\`yaml
containers:
  - name: web
    image: nginx:1.27.3
    # or, immutable:
    # image: nginx:1.27.3@sha256:<digest>
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      'https://kubernetes.io/docs/concepts/configuration/overview/#container-images',
      'https://github.com/distribution/reference/blob/main/reference.go',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Supply chain: use immutable, scanned images' },
      { framework: 'nist-800-207', control: 'tenet 5' },
    ],
    sources: [
      { tool: 'kube-score', id: 'container-image-tag', relation: 'same' },
      { tool: 'polaris', id: 'tagNotSpecified', relation: 'same' },
      { tool: 'trivy', id: 'KSV-0013', relation: 'same' },
      { tool: 'checkov', id: 'CKV_K8S_14', relation: 'same' },
      { tool: 'kube-linter', id: 'latest-tag', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    const cache = ctx.memo('image-ref-cache', newImageCache);
    for (const c of containersCached(ctx.memo('containers-of', newContainersCache), workload)) {
      const image = c.container.image;
      if (typeof image !== 'string') continue;
      const parsed = parseCached(cache, image);
      if (!parsed.ok) continue;
      const m = mutability(parsed.ref);
      if (m !== 'latest' && m !== 'untagged') continue;
      ctx.report({
        resource: workload.resource,
        path: [...c.path, 'image'],
        message:
          m === 'latest'
            ? `${containerLabel(c)} uses image "${image}" with the mutable "latest" tag`
            : `${containerLabel(c)} uses image "${image}" with no tag, so it runs whatever "latest" is when a node pulls it`,
      });
    }
  },
});
