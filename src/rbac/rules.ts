/**
 * One PolicyRule against one request, exactly as the upstream authorizer decides it
 * (`RuleAllows` in plugin/pkg/auth/authorizer/rbac/rbac.go and the helpers in
 * pkg/apis/rbac/v1/evaluation_helpers.go).
 *
 * The details that peer tools get wrong, and why we do it this way:
 * - every string comparison is exact and case-sensitive (`GET` is not `get`);
 * - `*` in resources matches every resource and every subresource; a star-slash
 *   entry (`*` + `/status`) matches the `status` subresource of anything; nothing else is a wildcard, so
 *   `pods/*` only matches a subresource literally named `*` (kubernetes#78936);
 * - `pods` does not match `pods/status`, nor the other way round;
 * - a rule with resourceNames never matches a request without a name (list,
 *   collection watch, create, deletecollection), because the empty name is not in
 *   the list;
 * - a nonResourceURL ending in `*` is a prefix (all trailing `*` removed, as
 *   strings.TrimRight does), so `/apis/*` matches `/apis/v1` but not `/apis`.
 */
import type { RequestAttributes } from './request.js';

/** A rule as stored by the API server (absent lists are empty). */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

export const ALL = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const v of rule.verbs) if (v === ALL || v === verb) return true;
  return false;
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  for (const g of rule.apiGroups) if (g === ALL || g === group) return true;
  return false;
}

/**
 * `combined` is `resource` or `resource/subresource`; `subresource` is '' when none.
 * The star-slash form requires the exact length check upstream uses, so `*` + `/status`
 * does not match the subresource `xstatus`.
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources) {
    if (r === ALL || r === combined) return true;
    if (
      subresource !== '' &&
      r.length === subresource.length + 2 &&
      r.startsWith('*/') &&
      r.endsWith(subresource)
    )
      return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  if (rule.resourceNames.length === 0) return true;
  for (const n of rule.resourceNames) if (n === name) return true;
  return false;
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs) {
    if (u === ALL || u === path) return true;
    if (u.endsWith('*') && path.startsWith(trimRightStars(u))) return true;
  }
  return false;
}

function trimRightStars(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 42 /* * */) end--;
  return s.slice(0, end);
}

export function combinedResource(resource: string, subresource: string): string {
  return subresource === '' ? resource : `${resource}/${subresource}`;
}

/** Does this rule allow this request? (namespace and subject are the binding's business.) */
export function ruleAllows(rule: PolicyRule, req: RequestAttributes): boolean {
  if (req.kind === 'resource') {
    return (
      verbMatches(rule, req.verb) &&
      apiGroupMatches(rule, req.apiGroup) &&
      resourceMatches(rule, combinedResource(req.resource, req.subresource), req.subresource) &&
      resourceNameMatches(rule, req.name)
    );
  }
  return verbMatches(rule, req.verb) && nonResourceURLMatches(rule, req.path);
}

/** True when a rule grants everything: `*` verbs on `*` resources in `*` groups, all names. */
export function isFullWildcard(rule: PolicyRule): boolean {
  return (
    rule.verbs.includes(ALL) &&
    rule.apiGroups.includes(ALL) &&
    rule.resources.includes(ALL) &&
    rule.resourceNames.length === 0
  );
}

/** kubectl-describe-like one line: `get,list core/pods,pods/log [names: a,b]` or `get /healthz`. */
export function formatRule(rule: PolicyRule): string {
  const parts: string[] = [];
  const verbs = rule.verbs.join(',') || '(no verbs)';
  if (rule.resources.length > 0 || rule.apiGroups.length > 0) {
    const groups = rule.apiGroups.map((g) => (g === '' ? 'core' : g)).join(',') || '(no apiGroups)';
    const res = rule.resources.join(',') || '(no resources)';
    let s = `${verbs} ${res} in ${groups}`;
    if (rule.resourceNames.length > 0) s += ` named ${rule.resourceNames.join(',')}`;
    parts.push(s);
  }
  if (rule.nonResourceURLs.length > 0) parts.push(`${verbs} ${rule.nonResourceURLs.join(',')}`);
  return parts.join('; ') || `${verbs} (nothing)`;
}

/** Deep-equality key of a rule, field order fixed (aggregation dedupes by semantic equality). */
export function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([
    rule.verbs,
    rule.apiGroups,
    rule.resources,
    rule.resourceNames,
    rule.nonResourceURLs,
  ]);
}

export function makeRule(partial: Partial<PolicyRule> & { verbs: readonly string[] }): PolicyRule {
  return {
    verbs: partial.verbs,
    apiGroups: partial.apiGroups ?? [],
    resources: partial.resources ?? [],
    resourceNames: partial.resourceNames ?? [],
    nonResourceURLs: partial.nonResourceURLs ?? [],
  };
}
