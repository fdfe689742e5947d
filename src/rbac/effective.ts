/**
 * Effective permissions of one subject (`kzt rbac can`): every rule that reaches it,
 * through its own bindings and those of its groups (implicit ones included), merged
 * per scope and each with its provenance.
 *
 * Scopes: `*` holds what ClusterRoleBindings grant (every namespace, cluster-scoped
 * resources, nonResourceURLs); a namespace holds what that namespace's RoleBindings
 * grant there. Rules that a RoleBinding cannot make effective — nonResourceURLs and
 * cluster-scoped resources other than the namespace itself — are left out of the
 * namespace scope and listed as `ineffective`, so nobody mistakes them for access.
 * Merging unions the verbs of rules that name the same groups, resources,
 * resourceNames and URLs (order-insensitive), keeping every grant as provenance.
 */

import type { ApiResources } from './api-resources.js';
import type { RbacIndex } from './index.js';
import { cmp } from './order.js';
import type { PolicyRule } from './rules.js';
import { type SubjectKind, type SubjectRef, userInfoFor } from './subjects.js';
import { viaOf, type WhoCanVia } from './who-can.js';

export interface EffectiveVia extends WhoCanVia {
  /** The binding subject that matched: the subject itself or one of its groups. */
  subject: { kind: SubjectKind; name: string; namespace?: string };
}

export interface EffectiveRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  via: EffectiveVia[];
}

export interface EffectiveScope {
  /** `*` = cluster-wide (ClusterRoleBindings), else a namespace. */
  namespace: string;
  rules: EffectiveRule[];
}

export interface EffectivePermissions {
  subject: SubjectRef;
  user: { name: string; groups: string[] };
  /** Members of system:masters bypass RBAC; kzt cannot see membership, it only says so for the group itself. */
  bypassesRbac: boolean;
  scopes: EffectiveScope[];
  ineffective: { namespace: string; rule: PolicyRule; reason: string; via: EffectiveVia }[];
}

const sorted = (xs: readonly string[]) => [...new Set(xs)].sort();

function verbOrder(a: string, b: string): number {
  if (a === '*') return -1;
  if (b === '*') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function effectivePermissions(
  index: RbacIndex,
  subject: SubjectRef,
  api: ApiResources,
  extraGroups: readonly string[] = [],
): EffectivePermissions {
  const user = userInfoFor(subject, extraGroups);
  const scopes = new Map<string, Map<string, EffectiveRule>>();
  const ineffective: EffectivePermissions['ineffective'] = [];
  for (const g of index.grantsFor(user)) {
    const v: EffectiveVia = {
      ...viaOf(g),
      subject: {
        kind: g.subject.kind,
        name: g.subject.name,
        ...(g.subject.namespace !== undefined ? { namespace: g.subject.namespace } : {}),
      },
    };
    const ns = g.binding.kind === 'ClusterRoleBinding' ? '*' : g.binding.namespace;
    let rule = g.rule;
    if (ns !== '*') {
      if (rule.nonResourceURLs.length > 0) {
        ineffective.push({
          namespace: ns,
          rule,
          reason: 'a RoleBinding never grants nonResourceURLs',
          via: v,
        });
        rule = { ...rule, nonResourceURLs: [] };
      }
      const clusterOnly = rule.resources.filter(
        (r) =>
          r !== 'namespaces' &&
          rule.apiGroups.every((grp) => api.isNamespaced(grp, r.split('/')[0]!) === false),
      );
      if (clusterOnly.length > 0 && rule.apiGroups.length > 0) {
        ineffective.push({
          namespace: ns,
          rule: { ...rule, resources: clusterOnly },
          reason: 'cluster-scoped resources: a RoleBinding never grants them',
          via: v,
        });
        rule = { ...rule, resources: rule.resources.filter((r) => !clusterOnly.includes(r)) };
      }
      if (rule.resources.length === 0 && rule.nonResourceURLs.length === 0) continue;
    }
    if (rule.verbs.length === 0) continue;
    const key = JSON.stringify([
      sorted(rule.apiGroups),
      sorted(rule.resources),
      sorted(rule.resourceNames),
      sorted(rule.nonResourceURLs),
    ]);
    let scope = scopes.get(ns);
    if (!scope) {
      scope = new Map();
      scopes.set(ns, scope);
    }
    const existing = scope.get(key);
    if (existing) {
      existing.verbs = [...new Set([...existing.verbs, ...rule.verbs])].sort(verbOrder);
      existing.via.push(v);
    } else {
      scope.set(key, {
        verbs: [...new Set(rule.verbs)].sort(verbOrder),
        apiGroups: sorted(rule.apiGroups),
        resources: sorted(rule.resources),
        resourceNames: sorted(rule.resourceNames),
        nonResourceURLs: sorted(rule.nonResourceURLs),
        via: [v],
      });
    }
  }
  const names = [...scopes.keys()].sort((a, b) => (a === '*' ? -1 : b === '*' ? 1 : a < b ? -1 : 1));
  return {
    subject,
    user: { name: user.name, groups: [...user.groups] },
    bypassesRbac: user.groups.includes('system:masters'),
    scopes: names.map((namespace) => ({
      namespace,
      rules: [...scopes.get(namespace)!.values()].sort(
        (a, b) =>
          (a.nonResourceURLs.length > 0 ? 1 : 0) - (b.nonResourceURLs.length > 0 ? 1 : 0) ||
          cmp(a.apiGroups.join(), b.apiGroups.join()) ||
          cmp(a.resources.join(), b.resources.join()),
      ),
    })),
    ineffective,
  };
}
