/**
 * Built-in kinds the analyses need to tell apart: API groups, scope, and which kinds
 * carry a pod template (and where).
 */
import type { JsonPath } from './types.js';

export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i === -1 ? '' : apiVersion.slice(0, i);
}

/** Kinds that are cluster-scoped, keyed `group/Kind` (core group is ''). */
const CLUSTER_SCOPED = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/IPAddress',
  'networking.k8s.io/ServiceCIDR',
  'certificates.k8s.io/CertificateSigningRequest',
  'certificates.k8s.io/ClusterTrustBundle',
  'policy/PodSecurityPolicy',
  'extensions/PodSecurityPolicy',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'policy.networking.k8s.io/AdminNetworkPolicy',
  'policy.networking.k8s.io/BaselineAdminNetworkPolicy',
  'policy.networking.k8s.io/ClusterNetworkPolicy',
  'gateway.networking.k8s.io/GatewayClass',
  'resource.k8s.io/DeviceClass',
  'resource.k8s.io/ResourceSlice',
  'kyverno.io/ClusterPolicy',
  'wgpolicyk8s.io/ClusterPolicyReport',
  'cert-manager.io/ClusterIssuer',
  'security.istio.io/ClusterAuthorizationPolicy',
  'cilium.io/CiliumClusterwideNetworkPolicy',
  'crd.projectcalico.org/GlobalNetworkPolicy',
  'projectcalico.org/GlobalNetworkPolicy',
  'projectcalico.org/GlobalNetworkSet',
  'apiserver.config.k8s.io/EncryptionConfiguration',
  'audit.k8s.io/Policy',
]);

/** Scope of a kind; `undefined` when kzt does not know (an unknown CRD without its definition). */
export function isClusterScoped(
  group: string,
  kind: string,
  crdScopes?: ReadonlyMap<string, boolean>,
): boolean | undefined {
  const key = `${group}/${kind}`;
  if (CLUSTER_SCOPED.has(key)) return true;
  const fromCrd = crdScopes?.get(key);
  if (fromCrd !== undefined) return fromCrd;
  if (KNOWN_NAMESPACED_GROUPS.has(group)) return false;
  return undefined;
}

/** Groups whose every kind not listed above is namespaced. */
const KNOWN_NAMESPACED_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'extensions',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'storage.k8s.io',
  'gateway.networking.k8s.io',
  'policy.networking.k8s.io',
  'security.istio.io',
  'networking.istio.io',
  'cert-manager.io',
]);

/** Where the pod lives inside each pod-bearing kind. */
export interface PodTemplateLocation {
  /** Path to the pod's ObjectMeta (for a Pod, `metadata`). */
  metadata: JsonPath;
  /** Path to the PodSpec. */
  spec: JsonPath;
}

const TEMPLATE = { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] } as const;

/** Pod-bearing kinds keyed `group/Kind`, including the legacy groups that still appear in old manifests. */
export const POD_TEMPLATE_LOCATIONS: ReadonlyMap<string, PodTemplateLocation> = new Map<
  string,
  PodTemplateLocation
>([
  ['/Pod', { metadata: ['metadata'], spec: ['spec'] }],
  ['/PodTemplate', { metadata: ['template', 'metadata'], spec: ['template', 'spec'] }],
  ['/ReplicationController', TEMPLATE],
  ['apps/Deployment', TEMPLATE],
  ['apps/ReplicaSet', TEMPLATE],
  ['apps/StatefulSet', TEMPLATE],
  ['apps/DaemonSet', TEMPLATE],
  ['extensions/Deployment', TEMPLATE],
  ['extensions/ReplicaSet', TEMPLATE],
  ['extensions/DaemonSet', TEMPLATE],
  ['batch/Job', TEMPLATE],
  [
    'batch/CronJob',
    {
      metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
      spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    },
  ],
]);

/** The workload kinds in the order reports and tests enumerate them. */
export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
  'PodTemplate',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
