import { defineCheck } from '../../engine/define-check.js';
import { containerLabel, containersCached, newContainersCache } from '../../model/container-text.js';
import { asArray, asString, isRecord } from '../../model/types.js';

const FAIL = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-shipper
spec:
  selector:
    matchLabels: {app: log-shipper}
  template:
    metadata:
      labels: {app: log-shipper}
    spec:
      containers:
        - name: shipper
          image: fluent/fluent-bit:3.1.9
          volumeMounts:
            - {name: varlog, mountPath: /var/log}
      volumes:
        - name: varlog
          hostPath: {path: /var/log}
`;

const PASS = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-shipper
spec:
  selector:
    matchLabels: {app: log-shipper}
  template:
    metadata:
      labels: {app: log-shipper}
    spec:
      containers:
        - name: shipper
          image: fluent/fluent-bit:3.1.9
          volumeMounts:
            - {name: varlog, mountPath: /var/log, readOnly: true}
      volumes:
        - name: varlog
          hostPath: {path: /var/log}
`;

export default defineCheck({
  meta: {
    id: 'ZT-WL-025',
    slug: 'read-only-host-path-mounts',
    title: 'hostPath volumes must be mounted read-only',
    pillar: 'workload',
    severity: 'high',
    description: `A container that mounts a \`hostPath\` volume without \`readOnly: true\` can write to the node's filesystem: replace binaries or kubelet configuration, plant files other pods or host services read, fill the disk, or tamper with the logs that monitoring depends on. One compromised container becomes a compromised node, and from there every pod on it.

The Pod Security Standards (ZT-WL-004) forbid hostPath altogether at the baseline level; this check is for the workloads that legitimately need one (node agents, log shippers — usually exempted from that policy): each mount of a hostPath volume, in every container including init and ephemeral containers, is reported unless it is read-only. Note that \`readOnly: true\` alone is not recursive: mounts below the path on the host stay writable unless \`recursiveReadOnly: Enabled\` (Kubernetes 1.33+) is also set.`,
    remediation: `Mount host paths read-only, and as narrowly as possible:

\`\`\`yaml
volumeMounts:
  - name: varlog
    mountPath: /var/log
    readOnly: true
    recursiveReadOnly: IfPossible
\`\`\`

If the agent must write (e.g. a position file), give it a dedicated host directory for that alone.`,
    references: [
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
      'https://kubernetes.io/docs/concepts/storage/volumes/#read-only-mounts',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Pod security: restrict host access' },
      { framework: 'cis', control: '5.2.12' },
      { framework: 'nist-800-207', control: 'tenet 5' },
    ],
    sources: [
      { tool: 'kube-linter', id: 'writable-host-mount', relation: 'same' },
      { tool: 'kubescape', id: 'C-0045', relation: 'same' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    const hostPaths = new Map<string, string>();
    for (const v of asArray(workload.spec.volumes)) {
      if (!isRecord(v) || !isRecord(v.hostPath)) continue;
      const name = asString(v.name);
      if (name !== undefined) hostPaths.set(name, asString(v.hostPath.path) ?? '(no path)');
    }
    if (hostPaths.size === 0) return;
    for (const c of containersCached(ctx.memo('containers-of', newContainersCache), workload)) {
      asArray(c.container.volumeMounts).forEach((m, j) => {
        if (!isRecord(m)) return;
        const name = asString(m.name);
        const hostPath = name === undefined ? undefined : hostPaths.get(name);
        if (hostPath === undefined || m.readOnly === true) return;
        const at = asString(m.mountPath);
        ctx.report({
          resource: workload.resource,
          path: [...c.path, 'volumeMounts', j, 'readOnly'],
          message: `${containerLabel(c)} mounts hostPath volume "${name}" (${hostPath})${at ? ` at ${at}` : ''} writable`,
        });
      });
    }
  },
});
