import { defineCheck } from '../../engine/define-check.js';
import { containersCached, newContainersCache } from '../../model/container-text.js';
import { runtimeSocketsUnder, type SocketExposure } from '../../model/host-paths.js';
import { quoteList } from '../../model/secrets-heuristics.js';
import { asArray, asString, isRecord } from '../../model/types.js';

const FAIL = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          image: registry.example.com/agent:2.1.0
          volumeMounts:
            - {name: docker, mountPath: /var/run/docker.sock}
      volumes:
        - name: docker
          hostPath:
            path: /var/run/docker.sock
            type: Socket
`;

const PASS = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          image: registry.example.com/agent:2.1.0
          volumeMounts:
            - {name: logs, mountPath: /var/log, readOnly: true}
      volumes:
        - name: logs
          hostPath:
            path: /var/log
            type: Directory
`;

export default defineCheck({
  meta: {
    id: 'ZT-WL-021',
    slug: 'no-container-runtime-socket',
    title: 'Pods must not mount the container runtime socket',
    pillar: 'workload',
    severity: 'critical',
    description: `A \`hostPath\` volume that is a container runtime socket (Docker, containerd, CRI-O, cri-dockerd, Podman, k3s/RKE2, MicroK8s; Windows named pipes), or a host directory that contains one (\`/var/run\`, \`/run\`, \`/run/containerd\`, \`/var\`, \`/\`), gives the pod the runtime's API. Whoever reaches it can start a privileged container with the host's filesystem mounted — root on the node, outside every admission control, NetworkPolicy and audit trail of Kubernetes, with access to every other pod on that node.

Paths are compared after normalisation (\`//\`, \`.\`, \`..\` and trailing slashes; \`/var/run\` and \`/run\` are both known), so \`/var/run/../run/docker.sock/\` is found, and so is a directory holding the socket. The volume is reported even when no container mounts it yet: an ephemeral container (\`kubectl debug\`) can mount any volume of the pod. Zero Trust grants each workload the least privilege it needs; nothing but the node itself needs the runtime API.`,
    remediation: `Remove the volume. Tools that need container metadata can use the Kubernetes API or the kubelet's read-only endpoints; image builds belong in rootless builders (BuildKit rootless, kaniko, buildah) rather than the node's daemon. If a node agent truly needs the runtime, run it in a dedicated, tightly controlled namespace, mount the socket file alone (not its directory), and suppress this finding there with a reason:

\`\`\`yaml
metadata:
  annotations:
    kzt.io/ignore: ZT-WL-021
    kzt.io/ignore-reason: "node agent, reviewed by security 2026-11"
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
      'https://docs.docker.com/engine/security/#docker-daemon-attack-surface',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Pod security: restrict host access' },
      { framework: 'cis', control: '5.2.12' },
      { framework: 'nist-800-207', control: 'tenet 6' },
    ],
    sources: [
      { tool: 'kubescape', id: 'C-0074', relation: 'inspired' },
      { tool: 'kubesec', id: 'DockerSock', relation: 'inspired' },
      { tool: 'kube-linter', id: 'docker-sock', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0006', relation: 'inspired' },
      { tool: 'checkov', id: 'CKV_K8S_27', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    const volumes = asArray(workload.spec.volumes);
    if (volumes.length === 0) return;
    let mountsByVolume: Map<string, string[]> | undefined;
    volumes.forEach((v, i) => {
      if (!isRecord(v) || !isRecord(v.hostPath)) return;
      const path = asString(v.hostPath.path);
      if (path === undefined) return;
      const sockets = ctx.memo('runtime-sockets-by-path', () => new Map<string, SocketExposure | null>());
      let exposure = sockets.get(path);
      if (exposure === undefined) {
        exposure = runtimeSocketsUnder(path) ?? null;
        if (sockets.size < 100_000) sockets.set(path, exposure);
      }
      if (!exposure) return;
      if (!mountsByVolume) {
        mountsByVolume = new Map();
        for (const c of containersCached(ctx.memo('containers-of', newContainersCache), workload)) {
          for (const m of asArray(c.container.volumeMounts)) {
            const name = isRecord(m) ? asString(m.name) : undefined;
            if (name === undefined) continue;
            const list = mountsByVolume.get(name) ?? [];
            if (!list.includes(c.name)) list.push(c.name);
            mountsByVolume.set(name, list);
          }
        }
      }
      const name = asString(v.name) ?? `volumes[${i}]`;
      const first = exposure.sockets[0]!;
      const runtimes = [...new Set(exposure.sockets.map((s) => s.runtime))];
      const what = exposure.sockets.some((s) => s.path === exposure.hostPath)
        ? `is the ${first.runtime} socket`
        : runtimes.length === 1
          ? `contains the ${first.runtime} socket ${first.path}`
          : `contains the sockets of ${runtimes.join(', ')}`;
      const users = mountsByVolume.get(name) ?? [];
      const where =
        users.length === 0
          ? 'no container mounts it yet, but an ephemeral container can'
          : `mounted by ${users.length === 1 ? 'container' : 'containers'} ${quoteList(users, 10)}`;
      const shown = exposure.hostPath === path ? path : `${path} (${exposure.hostPath})`;
      ctx.report({
        resource: workload.resource,
        path: [...workload.specPath, 'volumes', i, 'hostPath', 'path'],
        message: `hostPath volume "${name}" at ${shown} ${what}, which gives root on the node (${where})`,
      });
    });
  },
});
