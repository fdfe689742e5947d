/**
 * The RBAC index: every Role, ClusterRole (aggregation resolved), RoleBinding and
 * ClusterRoleBinding of an inventory, indexed so that an authorization decision or a
 * who-can query never scans every rule. It is the authorizer kzt's other RBAC
 * analyses (who-can, effective permissions, risks, escalation paths) and the
 * audit-log tools (src/rbac/audit) are built on.
 *
 * Public API (stable):
 *
 *   buildRbacIndex(inventory, { builtinRoles = true, extraObjects = [] }) → RbacIndex
 *   buildRbacIndexFromObjects(objects, { builtinRoles = true }) → RbacIndex
 *       Objects are plain Role/ClusterRole/RoleBinding/ClusterRoleBinding JSON, e.g.
 *       generated ones; `extraObjects` adds such objects to an inventory's (to ask
 *       "is this allowed by the cluster's RBAC plus what I generated?").
 *
 *   index.authorize(user: UserInfo, req: RequestAttributes) → Decision
 *       { allowed, reason, masters, via: GrantMatch[] } — `reason` has the upstream
 *       audit annotation form (`RBAC: allowed by ClusterRoleBinding "x" of
 *       ClusterRole "y" to Group "z"`) for the first matching grant in the
 *       authorizer's visiting order (ClusterRoleBindings, then the namespace's
 *       RoleBindings, each by name); `via` lists every grant that allows it.
 *       `user.groups` must already hold the implicit groups (userInfoFor() adds them
 *       for a subject); members of system:masters are allowed with `masters: true`.
 *   index.whoCan(req) → GrantMatch[]    every (binding, subject, role, rule) allowing req
 *   index.grantsFor(user, namespace?) → GrantMatch[]   the rules that apply to a user
 *       (in one namespace, '' = cluster-scoped requests only; or everywhere)
 *   index.bindingsFor(user) → { binding, subject }[]
 *   index.directBindingsOf(namespace, name) → BindingDef[]   the bindings that name a
 *       service account itself (not through a group), in visiting order
 *   index.roleOf(binding) → RoleDef | undefined
 *   index.roles, index.bindings, index.problems (RbacProblem[] with object and path),
 *   index.dangling (bindings whose role does not exist)
 *
 *   via(match) → Via   the JSON provenance `{ binding: {kind, name, namespace}, role:
 *       {kind, name}, rule }` of the who-can contract
 *
 * Semantics: see rules.ts (one rule vs one request), subjects.ts (who a subject
 * matches), bindings.ts (scope of a binding), aggregation.ts, builtin-roles.ts.
 */

import type { Inventory } from '../model/inventory.js';
import type { JsonPath, K8sObject, Resource } from '../model/types.js';
import { resolveAggregation } from './aggregation.js';
import {
  type BindingDef,
  type BindingKind,
  type BindingSubject,
  bindingKey,
  parseBinding,
  RBAC_GROUP,
} from './bindings.js';
import { BUILTIN_CLUSTER_ROLE_BINDINGS, BUILTIN_CLUSTER_ROLES, BUILTIN_ROLES } from './builtin-roles.js';
import { inventoryFromObjects } from './inventory-objects.js';
import { type RbacProblem, type RbacProblemCode, sinkFor } from './problems.js';
import type { RequestAttributes, UserInfo } from './request.js';
import { parseRole, type RoleDef, type RoleKind, roleKey, shareEqualRules } from './roles.js';
import { ALL, combinedResource, type PolicyRule, ruleAllows } from './rules.js';
import { GROUP, parseServiceAccountUsername, serviceAccountUsername } from './subjects.js';

export type { BindingDef, BindingSubject } from './bindings.js';
export type { RbacProblem } from './problems.js';
export type { RequestAttributes, UserInfo } from './request.js';
export type { RoleDef } from './roles.js';
export type { PolicyRule } from './rules.js';

export interface RbacIndexOptions {
  /** Know the bootstrap roles and default bindings the input does not define (default true). */
  builtinRoles?: boolean;
  /** More RBAC objects (e.g. generated) analysed together with the inventory's. */
  extraObjects?: readonly K8sObject[];
}

/** One rule reaching one subject through one binding. */
export interface GrantMatch {
  readonly binding: BindingDef;
  readonly subject: BindingSubject;
  readonly role: RoleDef;
  readonly ruleIndex: number;
  readonly rule: PolicyRule;
}

export interface Decision {
  allowed: boolean;
  /** Upstream's allow reason (audit annotation authorization.k8s.io/reason), '' when denied. */
  reason: string;
  /** Allowed because the user is in system:masters, which bypasses RBAC. */
  masters: boolean;
  via: GrantMatch[];
}

/** Provenance as the who-can JSON contract prints it. */
export interface Via {
  binding: { kind: BindingKind; name: string; namespace?: string };
  role: { kind: RoleKind; name: string };
  rule: number;
}

export interface DanglingBinding {
  binding: BindingDef;
  /** The missing role looks like a Kubernetes bootstrap role kzt does not model. */
  systemRole: boolean;
}

const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'] as const;

interface RuleRef {
  role: RoleDef;
  index: number;
}

/**
 * The binding subject entries that name one user or group, in visiting order (bindings
 * in order, then subjects by index), as pairs (position of the binding in `bindings`,
 * offset of the subject in its `subjects`): the lists of a user and its groups are
 * merged by position without sorting, and nothing is allocated per entry.
 */
type SubjectList = number[];

const NO_BINDINGS: readonly BindingDef[] = Object.freeze([]);

function byName<T extends { name: string; namespace: string }>(a: T, b: T): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function addEntry(m: Map<string, SubjectList>, key: string, position: number, offset: number): void {
  const l = m.get(key);
  if (l) l.push(position, offset);
  else m.set(key, [position, offset]);
}

export class RbacIndex {
  readonly roles: ReadonlyMap<string, RoleDef>;
  /** ClusterRoleBindings then RoleBindings, each sorted by namespace and name. */
  readonly bindings: readonly BindingDef[];
  readonly problems: readonly RbacProblem[];
  readonly dangling: readonly DanglingBinding[];

  /** Binding subject entries by username and by group name. */
  private readonly byUser = new Map<string, SubjectList>();
  private readonly byGroup = new Map<string, SubjectList>();
  /** The lists of service account usernames by namespace and name (found without building the username). */
  private readonly byAccount = new Map<string, Map<string, SubjectList>>();
  private readonly bindingsByRole = new Map<string, BindingDef[]>();
  /** The role of each binding of the index (null: it does not exist), looked up once. */
  private readonly roleByBinding = new Map<BindingDef, RoleDef | null>();
  /** verb → resource entry → rules; built from the roles that some binding references. */
  private readonly resourceRules = new Map<string, Map<string, RuleRef[]>>();
  private readonly urlRules = new Map<string, RuleRef[]>();

  constructor(roles: Map<string, RoleDef>, bindings: BindingDef[], problems: RbacProblem[]) {
    this.roles = roles;
    const crbs = bindings.filter((b) => b.kind === 'ClusterRoleBinding').sort(byName);
    const rbs = bindings.filter((b) => b.kind === 'RoleBinding').sort(byName);
    this.bindings = [...crbs, ...rbs];
    this.problems = problems;
    const dangling: DanglingBinding[] = [];
    const indexed = new Set<RoleDef>();
    this.bindings.forEach((b, position) => {
      b.subjects.forEach((s, offset) => {
        if ('user' in s.match) this.addUserEntry(s, position, offset);
        else addEntry(this.byGroup, s.match.group, position, offset);
      });
      const role = b.roleRef
        ? this.roles.get(roleKey(b.roleRef.kind, b.namespace, b.roleRef.name))
        : undefined;
      this.roleByBinding.set(b, role ?? null);
      if (!b.roleRef) return;
      if (!role) {
        dangling.push({ binding: b, systemRole: b.roleRef.name.startsWith('system:') });
        return;
      }
      push(this.bindingsByRole, role.key, b);
      if (!indexed.has(role)) {
        indexed.add(role);
        this.indexRole(role);
      }
    });
    this.dangling = dangling;
  }

  /** A User or ServiceAccount subject entry; a service account's list is also found by namespace and name. */
  private addUserEntry(s: BindingSubject, position: number, offset: number): void {
    const user = (s.match as { user: string }).user;
    const list = this.byUser.get(user);
    if (list) {
      list.push(position, offset);
      return;
    }
    const created: SubjectList = [position, offset];
    this.byUser.set(user, created);
    // The namespace and name the username parses back to (none for names with ':').
    const sa =
      s.kind === 'ServiceAccount'
        ? s.namespace !== '' && !s.namespace!.includes(':') && s.name !== '' && !s.name.includes(':')
          ? { namespace: s.namespace!, name: s.name }
          : undefined
        : parseServiceAccountUsername(user);
    if (!sa) return;
    let m = this.byAccount.get(sa.namespace);
    if (!m) {
      m = new Map();
      this.byAccount.set(sa.namespace, m);
    }
    m.set(sa.name, created);
  }

  private indexRole(role: RoleDef): void {
    role.rules.forEach((rule, index) => {
      const ref = { role, index };
      const { verbs, resources } = rule;
      // Each distinct verb and resource once (a rule may repeat one), in order.
      for (let v = 0; v < verbs.length; v++) {
        const verb = verbs[v]!;
        if (verbs.indexOf(verb) !== v) continue;
        if (resources.length > 0) {
          let byRes = this.resourceRules.get(verb);
          if (!byRes) {
            byRes = new Map();
            this.resourceRules.set(verb, byRes);
          }
          for (let r = 0; r < resources.length; r++)
            if (resources.indexOf(resources[r]!) === r) push(byRes, resources[r]!, ref);
        }
        if (rule.nonResourceURLs.length > 0) push(this.urlRules, verb, ref);
      }
    });
  }

  /** The role a binding references, if it exists (a RoleBinding's Role is looked up in its namespace). */
  roleOf(b: BindingDef): RoleDef | undefined {
    const known = this.roleByBinding.get(b);
    if (known !== undefined) return known ?? undefined;
    if (!b.roleRef) return undefined;
    return this.roles.get(roleKey(b.roleRef.kind, b.namespace, b.roleRef.name));
  }

  /**
   * Calls `visit` for the bindings that name this user (by username or one of its
   * groups), in visiting order, once per binding: with the entry of the username if it
   * has one, else of the first group in `user.groups` order that has one (and within
   * those, the subject that comes first in the binding). The per-name lists are already
   * in visiting order, so this is a merge of a handful of sorted lists: no sort, no set.
   */
  private visitBindings(user: UserInfo, visit: (binding: BindingDef, subject: BindingSubject) => void): void {
    const bindings = this.bindings;
    const own = this.byUser.get(user.name);
    let single: SubjectList | undefined = own;
    let lists: SubjectList[] | undefined;
    for (const g of user.groups) {
      const l = this.byGroup.get(g);
      if (!l) continue;
      if (single === undefined) single = l;
      else if (lists === undefined) lists = [single, l];
      else lists.push(l);
    }
    if (single === undefined) return;
    if (lists === undefined) {
      let last = -1;
      for (let i = 0; i < single.length; i += 2) {
        const p = single[i]!;
        if (p === last) continue; // the binding names this user or group twice: the first entry counts
        last = p;
        const b = bindings[p]!;
        visit(b, b.subjects[single[i + 1]!]!);
      }
      return;
    }
    const at = new Array<number>(lists.length).fill(0);
    for (;;) {
      // The list whose next entry comes first; on a tie (the same binding), the earlier list.
      let best = -1;
      let bestPos = Number.POSITIVE_INFINITY;
      for (let i = 0; i < lists.length; i++) {
        const p = lists[i]![at[i]!];
        if (p !== undefined && p < bestPos) {
          best = i;
          bestPos = p;
        }
      }
      if (best === -1) return;
      const b = bindings[bestPos]!;
      visit(b, b.subjects[lists[best]![at[best]! + 1]!]!);
      // Every other entry of this binding (another subject, or the same name through a group) is skipped.
      for (let i = 0; i < lists.length; i++) {
        const l = lists[i]!;
        while (l[at[i]!] === bestPos) at[i]! += 2;
      }
    }
  }

  /**
   * The bindings that name a service account itself (a ServiceAccount subject, or a
   * User subject with its username), not through a group, in visiting order.
   */
  directBindingsOf(namespace: string, name: string): readonly BindingDef[] {
    // An empty namespace or name, or a ':' in one, makes a username that does not parse back (byAccount).
    const list =
      namespace === '' || name === '' || namespace.includes(':') || name.includes(':')
        ? this.byUser.get(serviceAccountUsername(namespace, name))
        : this.byAccount.get(namespace)?.get(name);
    if (!list) return NO_BINDINGS;
    const out: BindingDef[] = [];
    for (let i = 0; i < list.length; i += 2) if (list[i] !== list[i - 2]) out.push(this.bindings[list[i]!]!);
    return out;
  }

  /** The bindings that name this user (by username or one of its groups), in visiting order. */
  bindingsFor(user: UserInfo): { binding: BindingDef; subject: BindingSubject }[] {
    const found: { binding: BindingDef; subject: BindingSubject }[] = [];
    this.visitBindings(user, (binding, subject) => {
      found.push({ binding, subject });
    });
    return found;
  }

  /**
   * Rules that apply to the user: for `namespace` given, those of ClusterRoleBindings
   * plus the RoleBindings of that namespace ('' = cluster-scoped and non-resource
   * requests: ClusterRoleBindings only), as VisitRulesFor does; without it, every grant.
   */
  grantsFor(user: UserInfo, namespace?: string): GrantMatch[] {
    const out: GrantMatch[] = [];
    this.visitBindings(user, (binding, subject) => {
      if (namespace !== undefined && binding.kind === 'RoleBinding' && binding.namespace !== namespace)
        return;
      const role = this.roleOf(binding);
      if (!role) return;
      const rules = role.rules;
      for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++)
        out.push({ binding, subject, role, ruleIndex, rule: rules[ruleIndex]! });
    });
    return out;
  }

  /** grantsFor(user, the request's namespace) that allow the request; only those are materialised. */
  authorize(user: UserInfo, req: RequestAttributes): Decision {
    const masters = user.groups.includes(GROUP.masters);
    const namespace = req.kind === 'resource' ? req.namespace : '';
    const via: GrantMatch[] = [];
    this.visitBindings(user, (binding, subject) => {
      if (binding.kind === 'RoleBinding' && binding.namespace !== namespace) return;
      const role = this.roleOf(binding);
      if (!role) return;
      const rules = role.rules;
      for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
        const rule = rules[ruleIndex]!;
        if (ruleAllows(rule, req)) via.push({ binding, subject, role, ruleIndex, rule });
      }
    });
    const first = via[0];
    return {
      allowed: masters || first !== undefined,
      masters,
      reason: first ? `RBAC: allowed by ${describeGrant(first)}` : '',
      via,
    };
  }

  /** Every grant (binding × subject × rule) that allows the request. */
  whoCan(req: RequestAttributes): GrantMatch[] {
    const refs: RuleRef[] = [];
    const verbs = req.verb === ALL ? [ALL] : [req.verb, ALL];
    if (req.kind === 'resource') {
      const keys = [combinedResource(req.resource, req.subresource), ALL];
      if (req.subresource !== '') keys.push(`*/${req.subresource}`);
      for (const v of verbs) {
        const byRes = this.resourceRules.get(v);
        if (!byRes) continue;
        for (const k of new Set(keys)) for (const ref of byRes.get(k) ?? []) refs.push(ref);
      }
    } else {
      for (const v of verbs) for (const ref of this.urlRules.get(v) ?? []) refs.push(ref);
    }
    const namespace = req.kind === 'resource' ? req.namespace : '';
    const out: GrantMatch[] = [];
    // One RuleRef per (role, rule), shared by every bucket the rule is in.
    const seen = new Set<RuleRef>();
    for (const ref of refs) {
      if (seen.has(ref)) continue;
      seen.add(ref);
      const { role, index } = ref;
      const rule = role.rules[index]!;
      if (!ruleAllows(rule, req)) continue;
      for (const binding of this.bindingsByRole.get(role.key) ?? []) {
        if (binding.kind === 'RoleBinding' && (namespace === '' || binding.namespace !== namespace)) continue;
        for (const subject of binding.subjects) out.push({ binding, subject, role, ruleIndex: index, rule });
      }
    }
    return out;
  }
}

/** The upstream describer: `ClusterRoleBinding "x" of ClusterRole "y" to Group "z"`. */
export function describeGrant(g: { binding: BindingDef; subject: BindingSubject }): string {
  const b = g.binding;
  const s = g.subject;
  const subject =
    s.kind === 'ServiceAccount' ? `${s.kind} "${s.name}/${s.namespace}"` : `${s.kind} "${s.name}"`;
  const name = b.kind === 'RoleBinding' ? `${b.name}/${b.namespace}` : b.name;
  return `${b.kind} "${name}" of ${b.roleRef?.kind} "${b.roleRef?.name}" to ${subject}`;
}

export function via(g: GrantMatch): Via {
  const b = g.binding;
  return {
    binding: { kind: b.kind, name: b.name, ...(b.kind === 'RoleBinding' ? { namespace: b.namespace } : {}) },
    role: { kind: g.role.kind, name: g.role.name },
    rule: g.ruleIndex,
  };
}

function builtinRoles(): RoleDef[] {
  const namespaced: RoleDef[] = BUILTIN_ROLES.map((b) => ({
    kind: 'Role',
    name: b.name,
    namespace: b.namespace,
    key: roleKey('Role', b.namespace, b.name),
    rules: b.rules,
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
    builtin: true,
  }));
  const cluster: RoleDef[] = BUILTIN_CLUSTER_ROLES.map((b) => ({
    kind: 'ClusterRole',
    name: b.name,
    namespace: '',
    key: roleKey('ClusterRole', '', b.name),
    rules: b.rules,
    labels: b.labels,
    ...(b.aggregateFrom
      ? {
          aggregation: b.aggregateFrom.map((ml) => ({
            matchesAll: false,
            requirements: Object.entries(ml).map(([key, v]) => ({
              key,
              operator: 'In' as const,
              values: [v],
            })),
          })),
        }
      : {}),
    builtin: true,
  }));
  return [...cluster, ...namespaced];
}

function builtinBindings(): BindingDef[] {
  return BUILTIN_CLUSTER_ROLE_BINDINGS.map((b) => ({
    kind: 'ClusterRoleBinding',
    name: b.name,
    namespace: '',
    key: bindingKey('ClusterRoleBinding', '', b.name),
    roleRef: { kind: 'ClusterRole', name: b.role },
    subjects: b.groups.map((g, index) => ({ kind: 'Group', name: g, index, match: { group: g } })),
    builtin: true,
  }));
}

export function buildRbacIndex(inventory: Inventory, options: RbacIndexOptions = {}): RbacIndex {
  const problems: RbacProblem[] = [];
  const roles = new Map<string, RoleDef>();
  const bindings = new Map<string, BindingDef>();
  const inventories = [inventory];
  if (options.extraObjects && options.extraObjects.length > 0)
    inventories.push(inventoryFromObjects(options.extraObjects, '<generated>'));
  // One sink for every object: problems are reported while their object is parsed.
  let current: Resource | undefined;
  const sink = (code: RbacProblemCode, path: JsonPath, message: string) => {
    problems.push({ code, resource: current!, path, message });
  };
  for (const inv of inventories) {
    for (const kind of RBAC_KINDS) {
      for (const resource of inv.ofKind(RBAC_GROUP, kind)) {
        current = resource;
        if (kind === 'Role' || kind === 'ClusterRole') {
          const role = parseRole(resource, sink);
          roles.set(role.key, role); // a later duplicate wins, as a later `kubectl apply` would
        } else {
          const b = parseBinding(resource, sink);
          bindings.set(b.key, b);
        }
      }
    }
  }
  if (options.builtinRoles ?? true) {
    for (const r of builtinRoles()) if (!roles.has(r.key)) roles.set(r.key, r);
    for (const b of builtinBindings()) if (!bindings.has(b.key)) bindings.set(b.key, b);
  }
  shareEqualRules(roles.values());
  const clusterRoles = [...roles.values()].filter((r) => r.kind === 'ClusterRole');
  resolveAggregation(clusterRoles, (role) => sinkFor(role.resource, problems));
  return new RbacIndex(roles, [...bindings.values()], problems);
}

export function buildRbacIndexFromObjects(
  objects: readonly K8sObject[],
  options: Omit<RbacIndexOptions, 'extraObjects'> = {},
): RbacIndex {
  return buildRbacIndex(inventoryFromObjects(objects, '<objects>'), options);
}
