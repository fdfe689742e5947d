/**
 * Which Kubernetes API credentials a pod gets, resolved as the ServiceAccount admission
 * plugin and the kubelet do:
 *
 * - The automatic token (the `kube-api-access-*` projected volume) is mounted unless
 *   `automountServiceAccountToken` says otherwise. The pod's field wins when it is set
 *   (true or false); otherwise the ServiceAccount's field; when neither is set the token
 *   is mounted. A value that is not a boolean is rejected by the API server and is
 *   treated here as not set.
 * - A `projected` volume with a `serviceAccountToken` source mounts a token of the pod's
 *   ServiceAccount whatever `automountServiceAccountToken` says (audience defaults to
 *   the API server, expiry to one hour).
 * - A `secret` volume of a Secret of type `kubernetes.io/service-account-token` mounts a
 *   legacy token that never expires.
 */
import type { Inventory } from './inventory.js';
import { groupOf } from './kinds.js';
import { asArray, asString, isRecord, type JsonPath, type Resource } from './types.js';
import { serviceAccountOf, type Workload } from './workloads.js';

export interface ProjectedToken {
  volume: string;
  /** Path to the serviceAccountToken source in the resource. */
  path: JsonPath;
  /** Undefined: the API server's audience. */
  audience?: string;
  expirationSeconds?: number;
}

export interface LegacyTokenSecret {
  volume: string;
  secretName: string;
  path: JsonPath;
}

export interface TokenResolution {
  namespace: string;
  serviceAccount: string;
  /** The ServiceAccount object, when the input holds it. */
  serviceAccountObject: Resource | undefined;
  /** Whether the automatic API token is mounted. */
  automount: boolean;
  /** What decided `automount`: an explicit pod or ServiceAccount field, or the default. */
  decidedBy: 'pod' | 'serviceAccount' | 'default';
  projected: ProjectedToken[];
  legacySecrets: LegacyTokenSecret[];
}

function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

export type AutomountResolution = Omit<TokenResolution, 'projected' | 'legacySecrets'>;

/** Only the automatic token: who decided and what (no volume scan). */
export function resolveAutomount(w: Workload, inventory: Inventory): AutomountResolution {
  const namespace = w.resource.ref.namespace ?? 'default';
  const serviceAccount = serviceAccountOf(w);
  const sa = inventory.get('', 'ServiceAccount', namespace, serviceAccount);
  const podSetting = bool(w.spec.automountServiceAccountToken);
  const saSetting = sa ? bool(sa.object.automountServiceAccountToken) : undefined;
  let automount = true;
  let decidedBy: TokenResolution['decidedBy'] = 'default';
  if (podSetting !== undefined) {
    automount = podSetting;
    decidedBy = 'pod';
  } else if (saSetting !== undefined) {
    automount = saSetting;
    decidedBy = 'serviceAccount';
  }
  return { namespace, serviceAccount, serviceAccountObject: sa, automount, decidedBy };
}

export function resolveServiceAccountToken(w: Workload, inventory: Inventory): TokenResolution {
  const base = resolveAutomount(w, inventory);
  const namespace = base.namespace;
  const projected: ProjectedToken[] = [];
  const legacySecrets: LegacyTokenSecret[] = [];
  asArray(w.spec.volumes).forEach((v, i) => {
    if (!isRecord(v)) return;
    const volume = asString(v.name) ?? `volumes[${i}]`;
    if (isRecord(v.projected)) {
      asArray(v.projected.sources).forEach((s, j) => {
        if (!isRecord(s) || !isRecord(s.serviceAccountToken)) return;
        const t = s.serviceAccountToken;
        const token: ProjectedToken = {
          volume,
          path: [...w.specPath, 'volumes', i, 'projected', 'sources', j, 'serviceAccountToken'],
        };
        const audience = asString(t.audience);
        if (audience) token.audience = audience;
        if (typeof t.expirationSeconds === 'number') token.expirationSeconds = t.expirationSeconds;
        projected.push(token);
      });
    }
    if (isRecord(v.secret)) {
      const secretName = asString(v.secret.secretName);
      if (secretName === undefined) return;
      const secret = inventory.get('', 'Secret', namespace, secretName);
      if (secret && secret.object.type === 'kubernetes.io/service-account-token') {
        legacySecrets.push({
          volume,
          secretName,
          path: [...w.specPath, 'volumes', i, 'secret', 'secretName'],
        });
      }
    }
  });
  return { ...base, projected, legacySecrets };
}

export interface BindingRef {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  namespace?: string;
  name: string;
}

/**
 * The RoleBindings and ClusterRoleBindings that name service accounts, by `ns/name`:
 * a `ServiceAccount` subject (in a RoleBinding an empty subject namespace is the
 * binding's; in a ClusterRoleBinding it matches nothing), a `User` subject named
 * `system:serviceaccount:<ns>:<name>`, or the `system:serviceaccounts:<ns>` group (key
 * `<ns>/*`). Bindings to every service account or every authenticated identity are
 * left out on purpose: they say nothing about what one workload needs. Whether the
 * referenced role exists or grants anything is for the RBAC analysis.
 */
export type ServiceAccountBindings = ReadonlyMap<string, readonly BindingRef[]>;

export function serviceAccountBindings(inventory: Inventory): ServiceAccountBindings {
  const out = new Map<string, BindingRef[]>();
  const add = (key: string, ref: BindingRef) => {
    const list = out.get(key);
    if (list) list.push(ref);
    else out.set(key, [ref]);
  };
  for (const kind of ['RoleBinding', 'ClusterRoleBinding'] as const) {
    for (const b of inventory.ofKind('rbac.authorization.k8s.io', kind)) {
      if (groupOf(b.ref.apiVersion) !== 'rbac.authorization.k8s.io') continue;
      const ref: BindingRef =
        kind === 'RoleBinding'
          ? { kind, namespace: b.ref.namespace ?? 'default', name: b.ref.name }
          : { kind, name: b.ref.name };
      for (const s of asArray(b.object.subjects)) {
        if (!isRecord(s)) continue;
        const name = asString(s.name);
        if (!name) continue;
        if (s.kind === 'ServiceAccount') {
          const ns = asString(s.namespace) || (kind === 'RoleBinding' ? ref.namespace : undefined);
          if (ns) add(`${ns}/${name}`, ref);
        } else if (s.kind === 'User' && name.startsWith('system:serviceaccount:')) {
          const parts = name.split(':');
          if (parts.length === 4 && parts[2] && parts[3]) add(`${parts[2]}/${parts[3]}`, ref);
        } else if (s.kind === 'Group' && name.startsWith('system:serviceaccounts:')) {
          const ns = name.slice('system:serviceaccounts:'.length);
          if (ns) add(`${ns}/*`, ref);
        }
      }
    }
  }
  return out;
}

/** Bindings that name this service account directly or through its namespace's group. */
export function bindingsOf(
  bindings: ServiceAccountBindings,
  namespace: string,
  serviceAccount: string,
): readonly BindingRef[] {
  const direct = bindings.get(`${namespace}/${serviceAccount}`) ?? [];
  const group = bindings.get(`${namespace}/*`) ?? [];
  return group.length === 0 ? direct : [...direct, ...group];
}

export function formatBinding(b: BindingRef): string {
  return b.kind === 'RoleBinding'
    ? `RoleBinding "${b.namespace}/${b.name}"`
    : `ClusterRoleBinding "${b.name}"`;
}
