/**
 * Roles and ClusterRoles of the input as the authorizer uses them: their rules
 * parsed defensively (every problem reported with its path), their labels (for
 * aggregation) and their aggregationRule.
 */
import { parseLabelSelector, type Selector } from '../model/selectors.js';
import { asRecord, isRecord, type JsonPath, type Resource, stringMap } from '../model/types.js';
import type { ProblemSink } from './problems.js';
import { type PolicyRule, ruleKey } from './rules.js';

export type RoleKind = 'Role' | 'ClusterRole';

/** Where a rule of an aggregated ClusterRole came from. */
export interface RuleOrigin {
  role: string;
  rule: number;
}

export interface RoleDef {
  readonly kind: RoleKind;
  readonly name: string;
  /** '' for ClusterRoles. */
  readonly namespace: string;
  /** `ClusterRole:<name>` or `Role:<ns>/<name>`. */
  readonly key: string;
  /** The effective rules (for an aggregated ClusterRole, after aggregation). */
  rules: PolicyRule[];
  /** For aggregated ClusterRoles: the source of each rule of `rules`. */
  origins?: RuleOrigin[];
  readonly labels: Readonly<Record<string, string>>;
  /** Parsed clusterRoleSelectors (invalid selectors are dropped and reported). */
  readonly aggregation?: readonly Selector[];
  /** The object in the input; absent for kzt's builtin bootstrap roles. */
  readonly resource?: Resource;
  readonly builtin: boolean;
}

export function roleKey(kind: RoleKind, namespace: string, name: string): string {
  return kind === 'ClusterRole' ? `ClusterRole:${name}` : `Role:${namespace}/${name}`;
}

/**
 * A list of strings; a lone string is read as a one-element list (and reported). The
 * path of `field` in the rule at `at` is built only for a problem.
 */
function stringList(v: unknown, at: JsonPath, field: string, problem: ProblemSink): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') {
    problem(
      'invalid-field',
      [...at, field],
      `${field} must be a list of strings, not a string; read as [${JSON.stringify(v)}]`,
    );
    return [v];
  }
  if (!Array.isArray(v)) {
    problem('invalid-field', [...at, field], `${field} must be a list of strings; ignored`);
    return [];
  }
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    if (!(i in v)) continue; // a hole, which forEach skipped too
    const item: unknown = v[i];
    if (typeof item === 'string') out.push(item);
    else problem('invalid-field', [...at, field, i], `${field}[${i}] is not a string; ignored`);
  }
  return out;
}

/** Parses `rules` of a Role or ClusterRole. */
export function parseRules(
  raw: unknown,
  path: JsonPath,
  namespaced: boolean,
  problem: ProblemSink,
): PolicyRule[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problem('invalid-field', path, 'rules must be a list; the role grants nothing');
    return [];
  }
  const rules: PolicyRule[] = [];
  raw.forEach((r, i) => {
    const at = [...path, i];
    if (!isRecord(r)) {
      problem('invalid-field', at, `rules[${i}] is not an object; ignored`);
      return;
    }
    const verbs = stringList(r.verbs, at, 'verbs', problem);
    const apiGroups = stringList(r.apiGroups, at, 'apiGroups', problem);
    const resources = stringList(r.resources, at, 'resources', problem);
    const resourceNames = stringList(r.resourceNames, at, 'resourceNames', problem);
    const nonResourceURLs = stringList(r.nonResourceURLs, at, 'nonResourceURLs', problem);
    const rule: PolicyRule = { verbs, apiGroups, resources, resourceNames, nonResourceURLs };
    if (verbs.length === 0) problem('rule-without-verbs', at, `rules[${i}] has no verbs: it grants nothing`);
    if (resources.length > 0 && nonResourceURLs.length > 0)
      problem(
        'rule-mixes-resources-and-urls',
        at,
        `rules[${i}] lists both resources and nonResourceURLs, which the API server rejects; analysed as both`,
      );
    if (resources.length > 0 && apiGroups.length === 0)
      problem(
        'rule-without-api-groups',
        at,
        `rules[${i}] lists resources but no apiGroups: it matches no resource`,
      );
    if (namespaced && nonResourceURLs.length > 0)
      problem(
        'role-with-non-resource-urls',
        [...at, 'nonResourceURLs'],
        `rules[${i}]: a namespaced Role cannot grant nonResourceURLs (only a ClusterRole bound by a ClusterRoleBinding can); it grants nothing there`,
      );
    rules.push(rule);
  });
  return rules;
}

export function parseRole(resource: Resource, problem: ProblemSink): RoleDef {
  const kind = resource.ref.kind as RoleKind;
  const obj = resource.object;
  const meta = asRecord(obj.metadata);
  const labels = stringMap(meta?.labels);
  const namespace = kind === 'Role' ? (resource.ref.namespace ?? 'default') : '';
  const rules = parseRules(obj.rules, ['rules'], kind === 'Role', problem);
  let aggregation: Selector[] | undefined;
  if (kind === 'ClusterRole' && obj.aggregationRule !== undefined && obj.aggregationRule !== null) {
    aggregation = [];
    const ar = asRecord(obj.aggregationRule);
    if (!ar)
      problem('aggregation-selector-invalid', ['aggregationRule'], 'aggregationRule must be an object');
    const sels = ar?.clusterRoleSelectors;
    if (sels !== undefined && sels !== null && !Array.isArray(sels))
      problem(
        'aggregation-selector-invalid',
        ['aggregationRule', 'clusterRoleSelectors'],
        'clusterRoleSelectors must be a list',
      );
    (Array.isArray(sels) ? sels : []).forEach((s, i) => {
      const parsed = parseLabelSelector(s);
      if (parsed.ok) aggregation!.push(parsed.selector);
      else
        problem(
          'aggregation-selector-invalid',
          ['aggregationRule', 'clusterRoleSelectors', i],
          `clusterRoleSelectors[${i}]: ${parsed.error}; it selects nothing`,
        );
    });
  }
  return {
    kind,
    name: resource.ref.name,
    namespace,
    key: roleKey(kind, namespace, resource.ref.name),
    rules,
    labels,
    ...(aggregation ? { aggregation } : {}),
    resource,
    builtin: false,
  };
}

/**
 * Makes equal rules one object across roles. Roles stamped from one template (a Helm
 * chart per app) repeat the same rule thousands of times, and every per-rule cache
 * (the risk probes a rule allows, the escalation techniques it serves) is keyed by the
 * rule object: shared, each distinct rule is evaluated once. Rules are never mutated,
 * and aggregation already shares rule objects between roles, so nothing can tell.
 */
export function shareEqualRules(roles: Iterable<RoleDef>): void {
  const canonical = new Map<string, PolicyRule>();
  for (const role of roles) {
    let rules = role.rules;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const key = ruleKey(rule);
      const shared = canonical.get(key);
      if (shared === undefined) canonical.set(key, rule);
      else if (shared !== rule) {
        // Builtin roles hold constant arrays: copied before the first change.
        if (role.builtin && rules === role.rules) rules = role.rules = [...rules];
        rules[i] = shared;
      }
    }
  }
}
