import { defineCheck } from '../../engine/define-check.js';
import { containerLabel, containersCached, newContainersCache } from '../../model/container-text.js';
import { defaultPullPolicy, newImageCache, type PullPolicy, parseCached } from '../../model/image-ref.js';

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
          image: registry.example.com/shop/api:1.4
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
          image: registry.example.com/shop/api:1.4
          imagePullPolicy: Always
`;

export default defineCheck({
  meta: {
    id: 'ZT-WL-024',
    slug: 'pull-mutable-images-always',
    title: 'Images not pinned by digest must be pulled with imagePullPolicy: Always',
    pillar: 'workload',
    severity: 'low',
    description: `With \`IfNotPresent\` (the default for any tag other than \`latest\`) or \`Never\`, a node runs whatever it has cached under the tag. When the tag moves, nodes diverge silently; an image planted in a node's cache is trusted; and a pod can start from a private image that another pod pulled, without its own pull credentials ever being checked. \`Always\` makes the kubelet resolve the reference against the registry, with the pod's credentials, each time a container starts (layers already present are not downloaded again).

The effective policy is computed as the API server defaults it: \`Always\` when the tag is \`latest\` or absent, \`IfNotPresent\` otherwise — including \`app:1.4@sha256:…\`. Images pinned by digest are exempt: their content is verified whatever the policy.`,
    remediation: `Pin the image by digest (ZT-WL-023), or pull it on every start:

\`\`\`yaml
containers:
  - name: api
    image: registry.example.com/shop/api:1.4
    imagePullPolicy: Always
\`\`\`

Cluster-wide, the \`AlwaysPullImages\` admission plugin enforces the same for multi-tenant clusters.`,
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy',
      'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#alwayspullimages',
    ],
    frameworks: [
      { framework: 'cis', control: '1.2.11' },
      { framework: 'nist-800-207', control: 'tenet 6' },
    ],
    sources: [
      { tool: 'kube-score', id: 'container-image-pull-policy', relation: 'inspired' },
      { tool: 'checkov', id: 'CKV_K8S_15', relation: 'inspired' },
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
      if (!parsed.ok || parsed.ref.digest !== undefined) continue;
      const explicit = c.container.imagePullPolicy;
      let pull: { policy: PullPolicy; defaulted: boolean };
      if (explicit === undefined || explicit === null || explicit === '') pull = defaultPullPolicy(parsed);
      else if (explicit === 'IfNotPresent' || explicit === 'Never')
        pull = { policy: explicit, defaulted: false };
      else continue; // Always, or a value the API server rejects
      if (pull.policy === 'Always') continue;
      const how = pull.defaulted
        ? `imagePullPolicy defaults to ${pull.policy}`
        : `imagePullPolicy is ${pull.policy}`;
      ctx.report({
        resource: workload.resource,
        path: [...c.path, 'imagePullPolicy'],
        message: `${containerLabel(c)} uses image "${image}", which is not pinned by digest, and its ${how}: nodes run whatever they cached under that tag`,
      });
    }
  },
});
