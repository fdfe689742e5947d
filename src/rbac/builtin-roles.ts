/**
 * The default roles and bindings every cluster has (the RBAC bootstrap policy,
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go), so that manifests that
 * bind `admin`, `edit`, `view` or `cluster-admin` are analysed without a cluster dump.
 *
 * They reflect Kubernetes v1.33 (unchanged in the parts below through v1.35). Rules are
 * written as upstream's PolicyRuleBuilder stores them (lists sorted).
 *
 * What "builtin" includes, and why:
 * - the user-facing roles: cluster-admin, admin, edit, view (aggregated from the
 *   system:aggregate-to-* roles through the same labels, so input ClusterRoles with
 *   those labels are aggregated into them as in a cluster);
 * - the roles bound to everyone by default, with their default ClusterRoleBindings:
 *   system:discovery, system:basic-user (system:authenticated),
 *   system:public-info-viewer (system:authenticated and system:unauthenticated),
 *   system:service-account-issuer-discovery (system:serviceaccounts),
 *   system:monitoring (group system:monitoring), and cluster-admin → system:masters;
 * - a few system: roles that third-party manifests commonly bind:
 *   system:auth-delegator, system:node-proxier, system:node-bootstrapper and the
 *   CSR node-client roles, and the Role kube-system/extension-apiserver-authentication-reader
 *   that every aggregated API server binds.
 * Not included: the control-plane components' own roles and bindings
 * (system:kube-scheduler, system:node, system:controller:*, ...). Their subjects are
 * not in manifests; scan a cluster dump (`kubectl get clusterroles,clusterrolebindings
 * -o yaml`) to include them. A binding to a system: role kzt does not know is reported
 * as such, not as a plain dangling binding.
 *
 * An object of the input with the same kind and name always wins over a builtin one.
 */
import type { PolicyRule } from './rules.js';

export const BUILTIN_POLICY_VERSION = 'v1.33';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ_WRITE = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function r(verbs: string[], apiGroups: string[], resources: string[]): PolicyRule {
  return { verbs, apiGroups, resources, resourceNames: [], nonResourceURLs: [] };
}
function url(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { verbs, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs };
}

export interface BuiltinClusterRole {
  name: string;
  labels: Record<string, string>;
  rules: PolicyRule[];
  /** matchLabels selectors of the aggregationRule. */
  aggregateFrom?: Record<string, string>[];
}

export interface BuiltinClusterRoleBinding {
  name: string;
  role: string;
  groups: string[];
}

const BOOTSTRAP = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
const TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
const TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

export const BUILTIN_CLUSTER_ROLES: readonly BuiltinClusterRole[] = [
  {
    name: 'cluster-admin',
    labels: BOOTSTRAP,
    rules: [r(['*'], ['*'], ['*']), url(['*'], ['*'])],
  },
  { name: 'admin', labels: BOOTSTRAP, rules: [], aggregateFrom: [{ [TO_ADMIN]: 'true' }] },
  {
    name: 'edit',
    labels: { ...BOOTSTRAP, [TO_ADMIN]: 'true' },
    rules: [],
    aggregateFrom: [{ [TO_EDIT]: 'true' }],
  },
  {
    name: 'view',
    labels: { ...BOOTSTRAP, [TO_EDIT]: 'true' },
    rules: [],
    aggregateFrom: [{ [TO_VIEW]: 'true' }],
  },
  {
    name: 'system:aggregate-to-admin',
    labels: { ...BOOTSTRAP, [TO_ADMIN]: 'true' },
    rules: [
      r(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
      r(READ_WRITE, ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']),
    ],
  },
  {
    name: 'system:aggregate-to-edit',
    labels: { ...BOOTSTRAP, [TO_EDIT]: 'true' },
    rules: [
      r(
        READ,
        [''],
        ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'],
      ),
      r(['impersonate'], [''], ['serviceaccounts']),
      r(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
      r(['create'], [''], ['pods/eviction']),
      r(
        WRITE,
        [''],
        [
          'configmaps',
          'events',
          'persistentvolumeclaims',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'secrets',
          'serviceaccounts',
          'services',
          'services/proxy',
        ],
      ),
      r(['create'], [''], ['serviceaccounts/token']),
      r(
        WRITE,
        ['apps'],
        [
          'daemonsets',
          'deployments',
          'deployments/rollback',
          'deployments/scale',
          'replicasets',
          'replicasets/scale',
          'statefulsets',
          'statefulsets/scale',
        ],
      ),
      r(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
      r(WRITE, ['batch'], ['cronjobs', 'jobs']),
      r(
        WRITE,
        ['extensions'],
        [
          'daemonsets',
          'deployments',
          'deployments/rollback',
          'deployments/scale',
          'ingresses',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicationcontrollers/scale',
        ],
      ),
      r(WRITE, ['policy'], ['poddisruptionbudgets']),
      r(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
      r(READ_WRITE, ['coordination.k8s.io'], ['leases']),
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: { ...BOOTSTRAP, [TO_VIEW]: 'true' },
    rules: [
      r(
        READ,
        [''],
        [
          'configmaps',
          'endpoints',
          'persistentvolumeclaims',
          'persistentvolumeclaims/status',
          'pods',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'serviceaccounts',
          'services',
          'services/status',
        ],
      ),
      r(
        READ,
        [''],
        [
          'bindings',
          'events',
          'limitranges',
          'namespaces/status',
          'pods/log',
          'pods/status',
          'replicationcontrollers/status',
          'resourcequotas',
          'resourcequotas/status',
        ],
      ),
      r(READ, [''], ['namespaces']),
      r(READ, ['discovery.k8s.io'], ['endpointslices']),
      r(
        READ,
        ['apps'],
        [
          'controllerrevisions',
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'statefulsets',
          'statefulsets/scale',
          'statefulsets/status',
        ],
      ),
      r(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
      r(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
      r(
        READ,
        ['extensions'],
        [
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'ingresses',
          'ingresses/status',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'replicationcontrollers/scale',
        ],
      ),
      r(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
      r(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
    ],
  },
  {
    name: 'system:discovery',
    labels: BOOTSTRAP,
    rules: [
      url(
        ['get'],
        [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/openapi',
          '/openapi/*',
          '/readyz',
          '/version',
          '/version/',
        ],
      ),
    ],
  },
  {
    name: 'system:basic-user',
    labels: BOOTSTRAP,
    rules: [
      r(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
      r(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
    ],
  },
  {
    name: 'system:public-info-viewer',
    labels: BOOTSTRAP,
    rules: [url(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])],
  },
  {
    name: 'system:service-account-issuer-discovery',
    labels: BOOTSTRAP,
    rules: [
      url(
        ['get'],
        [
          '/.well-known/openid-configuration',
          '/.well-known/openid-configuration/',
          '/openid/v1/jwks',
          '/openid/v1/jwks/',
        ],
      ),
    ],
  },
  {
    name: 'system:monitoring',
    labels: BOOTSTRAP,
    rules: [
      url(
        ['get'],
        ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'],
      ),
    ],
  },
  {
    name: 'system:auth-delegator',
    labels: BOOTSTRAP,
    rules: [
      r(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      r(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    ],
  },
  {
    name: 'system:node-proxier',
    labels: BOOTSTRAP,
    rules: [
      r(['list', 'watch'], [''], ['endpoints', 'services']),
      r(['get', 'list', 'watch'], [''], ['nodes']),
      r(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']),
      r(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices']),
    ],
  },
  {
    name: 'system:node-bootstrapper',
    labels: BOOTSTRAP,
    rules: [r(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests'])],
  },
  {
    name: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
    labels: BOOTSTRAP,
    rules: [r(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/nodeclient'])],
  },
  {
    name: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
    labels: BOOTSTRAP,
    rules: [r(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient'])],
  },
];

/**
 * Namespaced bootstrap Roles that manifests bind: every aggregated API server (e.g.
 * metrics-server) binds kube-system/extension-apiserver-authentication-reader.
 */
export const BUILTIN_ROLES: readonly { namespace: string; name: string; rules: PolicyRule[] }[] = [
  {
    namespace: 'kube-system',
    name: 'extension-apiserver-authentication-reader',
    rules: [
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: ['extension-apiserver-authentication'],
        nonResourceURLs: [],
      },
    ],
  },
];

export const BUILTIN_CLUSTER_ROLE_BINDINGS: readonly BuiltinClusterRoleBinding[] = [
  { name: 'cluster-admin', role: 'cluster-admin', groups: ['system:masters'] },
  { name: 'system:basic-user', role: 'system:basic-user', groups: ['system:authenticated'] },
  { name: 'system:discovery', role: 'system:discovery', groups: ['system:authenticated'] },
  { name: 'system:monitoring', role: 'system:monitoring', groups: ['system:monitoring'] },
  {
    name: 'system:public-info-viewer',
    role: 'system:public-info-viewer',
    groups: ['system:authenticated', 'system:unauthenticated'],
  },
  {
    name: 'system:service-account-issuer-discovery',
    role: 'system:service-account-issuer-discovery',
    groups: ['system:serviceaccounts'],
  },
];
