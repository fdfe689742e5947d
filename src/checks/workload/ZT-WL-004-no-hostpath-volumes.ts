import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-004',
    slug: 'no-hostpath-volumes',
    title: 'Pods must not mount hostPath volumes',
    pillar: 'workload',
    severity: 'high',
    description:
      "A hostPath volume mounts a directory of the node into the pod. Writable, it lets a container plant files the node executes or read other pods' secrets from `/var/lib/kubelet`; `/var/run/docker.sock` or `/run/containerd` hand it the container runtime, i.e. the node. Even read-only, it leaks node credentials and logs. Zero Trust keeps workloads out of the node's trust domain. This is the Pod Security Standards baseline control *HostPath Volumes* (check `hostPathVolumes`). At the restricted level it is replaced by ZT-WL-013, which allows only a short list of volume types.",
    remediation:
      'Replace the hostPath volume with a PersistentVolumeClaim, an `emptyDir`, or a `configMap`/`secret`/`projected` volume. Node agents that truly need the host belong in a dedicated namespace with an explicit exemption.\n\n```yaml\nvolumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_hostPathVolumes.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'baseline: HostPath Volumes' },
      { framework: 'cis', control: '5.2.12' },
      { framework: 'nsa-cisa', control: 'Pod security: Pod security enforcement' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'hostPathVolumes', relation: 'same' },
      { tool: 'kubescape', id: 'C-0048', relation: 'inspired' },
      { tool: 'polaris', id: 'hostPathSet', relation: 'inspired' },
      { tool: 'kube-linter', id: 'sensitive-host-mounts', relation: 'inspired' },
      { tool: 'trivy', id: 'KSV-0023', relation: 'inspired' },
    ],
  },
  examples: {
    // At the default level (restricted) ZT-WL-013 reports hostPath volumes instead; see the tests for baseline cases.
    fail: [],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: cache\n      emptyDir: {}\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    reportPssViolation(ctx, workload, 'hostPathVolumes');
  },
});
