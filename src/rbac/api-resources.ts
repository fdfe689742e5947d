/**
 * What `kubectl api-resources` would say about the built-in API (Kubernetes v1.33),
 * plus the CustomResourceDefinitions of the input: resource names, short names,
 * groups, scope and subresources. kzt needs it offline to read a RESOURCE argument
 * the way kubectl's RESTMapper does, and to know that a RoleBinding can never grant a
 * cluster-scoped resource.
 *
 * Also the "virtual" resources that exist only for authorization: users, groups,
 * serviceaccounts (impersonate), userextras/*, uids, signers.
 */
import type { Inventory } from '../model/inventory.js';
import { asArray, isRecord } from '../model/types.js';

export interface ApiResource {
  group: string;
  resource: string;
  singular: string;
  shortNames: readonly string[];
  namespaced: boolean;
  subresources: readonly string[];
}

type Row = [
  group: string,
  resource: string,
  singular: string,
  short: string,
  namespaced: boolean,
  subs?: string,
];

// prettier-ignore
const ROWS: Row[] = [
  ['', 'bindings', 'binding', '', true],
  ['', 'componentstatuses', 'componentstatus', 'cs', false],
  ['', 'configmaps', 'configmap', 'cm', true],
  ['', 'endpoints', 'endpoints', 'ep', true],
  ['', 'events', 'event', 'ev', true],
  ['', 'limitranges', 'limitrange', 'limits', true],
  ['', 'namespaces', 'namespace', 'ns', false, 'finalize,status'],
  ['', 'nodes', 'node', 'no', false, 'proxy,status'],
  ['', 'persistentvolumeclaims', 'persistentvolumeclaim', 'pvc', true, 'status'],
  ['', 'persistentvolumes', 'persistentvolume', 'pv', false, 'status'],
  [
    '',
    'pods',
    'pod',
    'po',
    true,
    'attach,binding,ephemeralcontainers,eviction,exec,log,portforward,proxy,resize,status',
  ],
  ['', 'podtemplates', 'podtemplate', '', true],
  ['', 'replicationcontrollers', 'replicationcontroller', 'rc', true, 'scale,status'],
  ['', 'resourcequotas', 'resourcequota', 'quota', true, 'status'],
  ['', 'secrets', 'secret', '', true],
  ['', 'serviceaccounts', 'serviceaccount', 'sa', true, 'token'],
  ['', 'services', 'service', 'svc', true, 'proxy,status'],
  ['', 'users', 'user', '', false],
  ['', 'groups', 'group', '', false],
  [
    'admissionregistration.k8s.io',
    'mutatingwebhookconfigurations',
    'mutatingwebhookconfiguration',
    '',
    false,
  ],
  [
    'admissionregistration.k8s.io',
    'validatingwebhookconfigurations',
    'validatingwebhookconfiguration',
    '',
    false,
  ],
  [
    'admissionregistration.k8s.io',
    'validatingadmissionpolicies',
    'validatingadmissionpolicy',
    '',
    false,
    'status',
  ],
  [
    'admissionregistration.k8s.io',
    'validatingadmissionpolicybindings',
    'validatingadmissionpolicybinding',
    '',
    false,
  ],
  ['admissionregistration.k8s.io', 'mutatingadmissionpolicies', 'mutatingadmissionpolicy', '', false],
  [
    'admissionregistration.k8s.io',
    'mutatingadmissionpolicybindings',
    'mutatingadmissionpolicybinding',
    '',
    false,
  ],
  [
    'apiextensions.k8s.io',
    'customresourcedefinitions',
    'customresourcedefinition',
    'crd,crds',
    false,
    'status',
  ],
  ['apiregistration.k8s.io', 'apiservices', 'apiservice', '', false, 'status'],
  ['apps', 'controllerrevisions', 'controllerrevision', '', true],
  ['apps', 'daemonsets', 'daemonset', 'ds', true, 'status'],
  ['apps', 'deployments', 'deployment', 'deploy', true, 'scale,status'],
  ['apps', 'replicasets', 'replicaset', 'rs', true, 'scale,status'],
  ['apps', 'statefulsets', 'statefulset', 'sts', true, 'scale,status'],
  ['authentication.k8s.io', 'selfsubjectreviews', 'selfsubjectreview', '', false],
  ['authentication.k8s.io', 'tokenreviews', 'tokenreview', '', false],
  ['authentication.k8s.io', 'userextras', 'userextra', '', false],
  ['authentication.k8s.io', 'uids', 'uid', '', false],
  ['authorization.k8s.io', 'localsubjectaccessreviews', 'localsubjectaccessreview', '', true],
  ['authorization.k8s.io', 'selfsubjectaccessreviews', 'selfsubjectaccessreview', '', false],
  ['authorization.k8s.io', 'selfsubjectrulesreviews', 'selfsubjectrulesreview', '', false],
  ['authorization.k8s.io', 'subjectaccessreviews', 'subjectaccessreview', '', false],
  ['autoscaling', 'horizontalpodautoscalers', 'horizontalpodautoscaler', 'hpa', true, 'status'],
  ['batch', 'cronjobs', 'cronjob', 'cj', true, 'status'],
  ['batch', 'jobs', 'job', '', true, 'status'],
  [
    'certificates.k8s.io',
    'certificatesigningrequests',
    'certificatesigningrequest',
    'csr',
    false,
    'approval,status',
  ],
  ['certificates.k8s.io', 'clustertrustbundles', 'clustertrustbundle', '', false],
  ['certificates.k8s.io', 'signers', 'signer', '', false],
  ['coordination.k8s.io', 'leases', 'lease', '', true],
  ['discovery.k8s.io', 'endpointslices', 'endpointslice', '', true],
  ['events.k8s.io', 'events', 'event', 'ev', true],
  ['flowcontrol.apiserver.k8s.io', 'flowschemas', 'flowschema', '', false, 'status'],
  [
    'flowcontrol.apiserver.k8s.io',
    'prioritylevelconfigurations',
    'prioritylevelconfiguration',
    '',
    false,
    'status',
  ],
  ['networking.k8s.io', 'ingressclasses', 'ingressclass', '', false],
  ['networking.k8s.io', 'ingresses', 'ingress', 'ing', true, 'status'],
  ['networking.k8s.io', 'networkpolicies', 'networkpolicy', 'netpol', true],
  ['networking.k8s.io', 'ipaddresses', 'ipaddress', 'ip', false],
  ['networking.k8s.io', 'servicecidrs', 'servicecidr', '', false, 'status'],
  ['node.k8s.io', 'runtimeclasses', 'runtimeclass', '', false],
  ['policy', 'poddisruptionbudgets', 'poddisruptionbudget', 'pdb', true, 'status'],
  ['rbac.authorization.k8s.io', 'clusterrolebindings', 'clusterrolebinding', '', false],
  ['rbac.authorization.k8s.io', 'clusterroles', 'clusterrole', '', false],
  ['rbac.authorization.k8s.io', 'rolebindings', 'rolebinding', '', true],
  ['rbac.authorization.k8s.io', 'roles', 'role', '', true],
  ['resource.k8s.io', 'deviceclasses', 'deviceclass', '', false],
  ['resource.k8s.io', 'resourceclaims', 'resourceclaim', '', true, 'status'],
  ['resource.k8s.io', 'resourceclaimtemplates', 'resourceclaimtemplate', '', true],
  ['resource.k8s.io', 'resourceslices', 'resourceslice', '', false],
  ['scheduling.k8s.io', 'priorityclasses', 'priorityclass', 'pc', false],
  ['storage.k8s.io', 'csidrivers', 'csidriver', '', false],
  ['storage.k8s.io', 'csinodes', 'csinode', '', false],
  ['storage.k8s.io', 'csistoragecapacities', 'csistoragecapacity', '', true],
  ['storage.k8s.io', 'storageclasses', 'storageclass', 'sc', false],
  ['storage.k8s.io', 'volumeattachments', 'volumeattachment', '', false, 'status'],
  ['storage.k8s.io', 'volumeattributesclasses', 'volumeattributesclass', 'vac', false],
];

export const BUILTIN_API_RESOURCES: readonly ApiResource[] = ROWS.map(
  ([group, resource, singular, short, namespaced, subs]) => ({
    group,
    resource,
    singular,
    shortNames: short ? short.split(',') : [],
    namespaced,
    subresources: subs ? subs.split(',') : [],
  }),
);

/** Groups in kubectl's preference order when a resource name exists in several (the legacy group first). */
const GROUP_PRIORITY = [
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
];

function priority(group: string): number {
  const i = GROUP_PRIORITY.indexOf(group);
  return i === -1 ? GROUP_PRIORITY.length : i;
}

export class ApiResources {
  private readonly all: ApiResource[];

  constructor(extra: readonly ApiResource[] = []) {
    this.all = [...BUILTIN_API_RESOURCES, ...extra];
  }

  /** The built-in API plus the CRDs of the inventory. */
  static forInventory(inventory: Inventory): ApiResources {
    const extra: ApiResource[] = [];
    for (const crd of inventory.ofKind('apiextensions.k8s.io', 'CustomResourceDefinition')) {
      const spec = crd.object.spec;
      if (!isRecord(spec) || typeof spec.group !== 'string' || !isRecord(spec.names)) continue;
      const n = spec.names;
      if (typeof n.plural !== 'string') continue;
      const subs = new Set<string>();
      for (const v of asArray(spec.versions))
        if (isRecord(v) && isRecord(v.subresources)) for (const k of Object.keys(v.subresources)) subs.add(k);
      extra.push({
        group: spec.group,
        resource: n.plural,
        singular:
          typeof n.singular === 'string'
            ? n.singular
            : typeof n.kind === 'string'
              ? n.kind.toLowerCase()
              : '',
        shortNames: asArray(n.shortNames).filter((s): s is string => typeof s === 'string'),
        namespaced: spec.scope !== 'Cluster',
        subresources: [...subs],
      });
    }
    return new ApiResources(extra);
  }

  /** Resolve a (lower-case) name in an optional group, as the RESTMapper with shortcut expansion does. */
  lookup(name: string, group?: string): ApiResource | undefined {
    const hits = this.all.filter(
      (r) =>
        (group === undefined || r.group === group) &&
        (r.resource === name || r.singular === name || r.shortNames.includes(name)),
    );
    // Exact plural first, then singular, then short name; among equals, kubectl's group priority.
    const rank = (r: ApiResource) => (r.resource === name ? 0 : r.singular === name ? 1 : 2);
    hits.sort((a, b) => rank(a) - rank(b) || priority(a.group) - priority(b.group));
    return hits[0];
  }

  /** Scope of a resource: true/false when known, undefined for an unknown one. */
  isNamespaced(group: string, resource: string): boolean | undefined {
    const r = this.all.find((x) => x.group === group && x.resource === resource);
    return r?.namespaced;
  }

  /** Every known resource (the builtin table and the CRDs). */
  list(): readonly ApiResource[] {
    return this.all;
  }
}
