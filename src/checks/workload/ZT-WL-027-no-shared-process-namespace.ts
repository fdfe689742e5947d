import { defineCheck } from '../../engine/define-check.js';
import { containersCached, newContainersCache } from '../../model/container-text.js';
import { quoteList } from '../../model/secrets-heuristics.js';

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
      shareProcessNamespace: true
      containers:
        - name: api
          image: registry.example.com/shop/api:1.4.2
        - name: proxy
          image: envoyproxy/envoy:v1.30.1
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
          image: registry.example.com/shop/api:1.4.2
        - name: proxy
          image: envoyproxy/envoy:v1.30.1
`;

export default defineCheck({
  meta: {
    id: 'ZT-WL-027',
    slug: 'no-shared-process-namespace',
    title: 'Containers of a pod should not share one process namespace',
    pillar: 'workload',
    severity: 'medium',
    description: `With \`spec.shareProcessNamespace: true\` every container of the pod sees every other container's processes. Running as the same user (or with \`CAP_SYS_PTRACE\`), a compromised container can read the others' environment (\`/proc/<pid>/environ\`: their secrets), their memory, and their whole filesystem through \`/proc/<pid>/root\` — including the private keys and certificates of a service-mesh sidecar, which are the pod's workload identity. The container boundary inside the pod, which Zero Trust relies on to keep the identity and secrets of the proxy apart from the application, is gone.

Reported for pods with more than one container (init and ephemeral containers included in the count); a single-container pod shares nothing. The Pod Security Standards do not cover this field.`,
    remediation: `Remove the field (it defaults to false). For debugging, use an ephemeral container targeting one container instead (\`kubectl debug -it POD --target=api --image=busybox\`):

\`\`\`yaml
spec:
  shareProcessNamespace: false
\`\`\``,
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/',
      'https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Pod security: isolate containers' },
      { framework: 'nist-800-207', control: 'tenet 6' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    if (workload.spec.shareProcessNamespace !== true) return;
    const containers = containersCached(ctx.memo('containers-of', newContainersCache), workload);
    if (containers.length < 2) return;
    ctx.report({
      resource: workload.resource,
      path: [...workload.specPath, 'shareProcessNamespace'],
      message: `The pod shares one process namespace between containers ${quoteList(
        containers.map((c) => c.name),
        6,
      )}: each can read the others' environment, memory and files through /proc`,
    });
  },
});
