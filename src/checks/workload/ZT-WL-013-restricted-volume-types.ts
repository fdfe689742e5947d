import { defineCheck } from '../../engine/define-check.js';
import { reportPssViolation } from '../../pss/index.js';

export default defineCheck({
  meta: {
    id: 'ZT-WL-013',
    slug: 'restricted-volume-types',
    title: 'Pods must use only volume types that stay inside the pod',
    pillar: 'workload',
    severity: 'medium',
    description:
      "Volume types such as `nfs`, `iscsi`, `rbd`, `cephfs`, `gitRepo` or `flexVolume` make the node mount remote storage or run code on the pod's behalf, with the node's credentials and network position; `hostPath` exposes the node itself. Zero Trust keeps storage access behind an explicit, reviewable claim. This is the Pod Security Standards restricted control *Volume Types* (check `restrictedVolumes`): only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret are allowed. It replaces ZT-WL-004 at the restricted level; hostPath volumes are reported with high severity.",
    remediation:
      'Provision the storage as a PersistentVolume (by an administrator or a StorageClass) and mount it through a claim; use `emptyDir` for scratch space.\n\n```yaml\nvolumes:\n  - name: shared\n    persistentVolumeClaim:\n      claimName: shared-data\n```',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_restrictedVolumes.go',
    ],
    frameworks: [
      { framework: 'pss', control: 'restricted: Volume Types' },
      { framework: 'cis', control: '5.2.12' },
      { framework: 'nsa-cisa', control: 'Pod security: Pod security enforcement' },
    ],
    sources: [
      { tool: 'pod-security-admission', id: 'restrictedVolumes', relation: 'same' },
      { tool: 'trivy', id: 'KSV-0028', relation: 'inspired' },
      { tool: 'kubescape', id: 'C-0048', relation: 'inspired' },
    ],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: shared\n      nfs:\n        server: nfs.example.com\n        path: /exports/shared\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: shared\n      persistentVolumeClaim:\n        claimName: shared-data\n',
    ],
  },
  target: 'workloads',
  check(workload, ctx) {
    // A hostPath volume is as severe here as under ZT-WL-004, which this check replaces at restricted.
    reportPssViolation(ctx, workload, 'restrictedVolumes', (f) =>
      f.value === 'hostPath' ? 'high' : undefined,
    );
  },
});
