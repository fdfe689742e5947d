import { defineCheck } from '../../engine/define-check.js';
import {
  containerLabel,
  containersCached,
  isWindowsPod,
  newContainersCache,
} from '../../model/container-text.js';
import { isRecord } from '../../model/types.js';

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
          image: nginx:1.27
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
          image: nginx:1.27
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - {name: cache, mountPath: /var/cache/nginx}
            - {name: run, mountPath: /var/run}
      volumes:
        - {name: cache, emptyDir: {}}
        - {name: run, emptyDir: {medium: Memory}}
`;

export default defineCheck({
  meta: {
    id: 'ZT-WL-020',
    slug: 'read-only-root-filesystem',
    title: 'Containers must run with a read-only root filesystem',
    pillar: 'workload',
    severity: 'medium',
    description: `Every container (init, regular and ephemeral) must set \`securityContext.readOnlyRootFilesystem: true\`. The field exists only on the container, not on the pod, and defaults to false.

A writable root filesystem lets an attacker who gains code execution drop tools, modify binaries and libraries, plant persistence and tamper with the evidence — the image you scanned and signed is no longer what runs. Zero Trust treats the workload as possibly compromised and keeps its integrity verifiable: an immutable container filesystem means the running code is exactly the verified image, and anything written goes to explicitly declared volumes.

Pods with \`spec.os.name: windows\` are skipped: Kubernetes forbids this Linux-only field there.`,
    remediation: `Set the field on each container and give the application writable \`emptyDir\` volumes only where it must write (caches, \`/tmp\`, PID files):

\`\`\`yaml
containers:
  - name: web
    securityContext:
      readOnlyRootFilesystem: true
    volumeMounts:
      - {name: tmp, mountPath: /tmp}
volumes:
  - {name: tmp, emptyDir: {}}
\`\`\``,
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Pod security: immutable container file systems' },
      { framework: 'cis', control: '5.7.3' },
      { framework: 'nist-800-207', control: 'tenet 5' },
    ],
    sources: [
      { tool: 'kube-score', id: 'container-security-context-readonlyrootfilesystem', relation: 'same' },
      { tool: 'polaris', id: 'readOnlyRootFilesystem', relation: 'same' },
      { tool: 'kubescape', id: 'C-0017', relation: 'same' },
      { tool: 'kube-linter', id: 'no-read-only-root-fs', relation: 'same' },
      { tool: 'trivy', id: 'KSV-0014', relation: 'same' },
      { tool: 'checkov', id: 'CKV_K8S_22', relation: 'same' },
      { tool: 'kubesec', id: 'ReadOnlyRootFilesystem', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    if (isWindowsPod(workload.spec)) return;
    for (const c of containersCached(ctx.memo('containers-of', newContainersCache), workload)) {
      const sc = c.container.securityContext;
      const value = isRecord(sc) ? sc.readOnlyRootFilesystem : undefined;
      if (value === true) continue;
      ctx.report({
        resource: workload.resource,
        path: [...c.path, 'securityContext', 'readOnlyRootFilesystem'],
        message:
          value === false
            ? `${containerLabel(c)} sets readOnlyRootFilesystem: false, so its root filesystem is writable`
            : `${containerLabel(c)} does not set securityContext.readOnlyRootFilesystem: true, so its root filesystem is writable`,
      });
    }
  },
});
