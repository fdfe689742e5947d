/**
 * Generated rules → Kubernetes objects, and their YAML / JSON text.
 *
 * One subject gets at most one ClusterRole + ClusterRoleBinding (cluster-scoped
 * resources, requests across all namespaces, non-resource URLs) and one Role +
 * RoleBinding per namespace it worked in. All are named `kzt:<subject>`
 * (`kzt:sa:shop:cart`, `kzt:user:alice`, `kzt:group:ci`), so they are easy to find
 * (`kubectl get clusterroles,roles -A | grep kzt:`) and one subject's objects never
 * collide with another's. RBAC object names are path segments: `/` and `%` are not
 * allowed, so they are replaced and a short hash of the subject keeps the name unique.
 *
 * The YAML output carries comments for the reviewer above each object; the JSON
 * output is a plain `v1 List`, for `kubectl apply -f`.
 */
import yaml from 'js-yaml';
import type { K8sObject } from '../../model/types.js';
import { RBAC_GROUP } from '../bindings.js';
import type { PolicyRule } from '../rules.js';
import { formatSubject, type SubjectRef } from '../subjects.js';

export const NAME_PREFIX = 'kzt:';

/** FNV-1a, 32 bits: a short stable suffix, not a security measure. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The name of every object generated for the subject. */
export function objectName(subject: SubjectRef): string {
  const raw = `${NAME_PREFIX}${formatSubject(subject)}`;
  const safe = raw.replace(/[/%]/g, '_');
  return safe === raw ? raw : `${safe}-${shortHash(raw)}`;
}

export function bindingSubject(s: SubjectRef): Record<string, string> {
  if (s.kind === 'ServiceAccount')
    return { kind: 'ServiceAccount', name: s.name, namespace: s.namespace ?? '' };
  return { apiGroup: RBAC_GROUP, kind: s.kind, name: s.name };
}

/** A rule as it is written in YAML: only the fields it uses. */
export function ruleObject(r: PolicyRule): Record<string, string[]> {
  if (r.nonResourceURLs.length > 0) return { nonResourceURLs: [...r.nonResourceURLs], verbs: [...r.verbs] };
  return {
    apiGroups: [...r.apiGroups],
    resources: [...r.resources],
    ...(r.resourceNames.length > 0 ? { resourceNames: [...r.resourceNames] } : {}),
    verbs: [...r.verbs],
  };
}

export interface SubjectRoles {
  subject: SubjectRef;
  cluster: PolicyRule[];
  /** Sorted by namespace. */
  namespaces: ReadonlyArray<readonly [string, PolicyRule[]]>;
}

/** One generated object with the comment lines the YAML output puts above it. */
export interface EmittedObject {
  object: K8sObject;
  /** '' for the cluster-scoped pair. */
  namespace: string;
  comments: string[];
}

export function emitObjects(roles: SubjectRoles): EmittedObject[] {
  const name = objectName(roles.subject);
  const subject = bindingSubject(roles.subject);
  const out: EmittedObject[] = [];
  if (roles.cluster.length > 0) {
    out.push({
      namespace: '',
      comments: [],
      object: {
        apiVersion: `${RBAC_GROUP}/v1`,
        kind: 'ClusterRole',
        metadata: { name },
        rules: roles.cluster.map(ruleObject),
      },
    });
    out.push({
      namespace: '',
      comments: [],
      object: {
        apiVersion: `${RBAC_GROUP}/v1`,
        kind: 'ClusterRoleBinding',
        metadata: { name },
        roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
        subjects: [subject],
      },
    });
  }
  for (const [ns, rules] of roles.namespaces) {
    if (rules.length === 0) continue;
    out.push({
      namespace: ns,
      comments: [],
      object: {
        apiVersion: `${RBAC_GROUP}/v1`,
        kind: 'Role',
        metadata: { name, namespace: ns },
        rules: rules.map(ruleObject),
      },
    });
    out.push({
      namespace: ns,
      comments: [],
      object: {
        apiVersion: `${RBAC_GROUP}/v1`,
        kind: 'RoleBinding',
        metadata: { name, namespace: ns },
        roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name },
        subjects: [subject],
      },
    });
  }
  return out;
}

/** A comment line that cannot break out of the comment, whatever the log contained. */
function commentLine(s: string): string {
  return `# ${s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?')}`.trimEnd();
}

/** Multi-document YAML: each object after `---`, its comments above it. */
export function renderYaml(objects: readonly EmittedObject[], header: readonly string[] = []): string {
  const parts: string[] = [];
  for (const h of header) parts.push(`${commentLine(h)}\n`);
  for (const o of objects) {
    let doc = '---\n';
    for (const c of o.comments) doc += `${commentLine(c)}\n`;
    doc += yaml.dump(o.object, { noRefs: true, lineWidth: -1, sortKeys: false });
    parts.push(doc);
  }
  return parts.join('');
}

export function renderJson(objects: readonly EmittedObject[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map((o) => o.object) }, null, 2)}\n`;
}
