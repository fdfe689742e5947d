/**
 * Aggregated ClusterRoles, computed from the input as the clusterrole-aggregation
 * controller would (pkg/controller/clusterroleaggregation):
 *
 * - for each clusterRoleSelector in order, the ClusterRoles it matches (full
 *   LabelSelector semantics), sorted by name, the aggregating role itself skipped;
 * - their rules appended unless an equal rule is already present (deep equality);
 * - the result *replaces* the role's own `rules`.
 *
 * Any ClusterRole change re-queues every aggregated role, so nested aggregation
 * (view → edit → admin) converges. We compute the least fixpoint: aggregated roles
 * start empty and are recomputed in name order until nothing changes. It is
 * deterministic and equals what the controller reaches from a fresh cluster; rules
 * only grow, so it terminates (after at most one pass per aggregated role, plus one).
 */
import { selectorMatches } from '../model/selectors.js';
import type { ProblemSink } from './problems.js';
import type { RoleDef, RuleOrigin } from './roles.js';
import { formatRule, type PolicyRule, ruleKey } from './rules.js';

export function resolveAggregation(
  clusterRoles: readonly RoleDef[],
  problemFor: (role: RoleDef) => ProblemSink,
): void {
  const byName = [...clusterRoles].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const aggregated = byName.filter((r) => r.aggregation !== undefined);
  if (aggregated.length === 0) return;
  const declared = new Map<RoleDef, PolicyRule[]>();
  for (const r of aggregated) {
    declared.set(r, r.rules);
    r.rules = [];
    r.origins = [];
  }
  // Which roles each selector matches never changes (labels are fixed): compute once.
  const sources = new Map<RoleDef, RoleDef[][]>();
  for (const r of aggregated) {
    sources.set(
      r,
      r.aggregation!.map((sel) => byName.filter((c) => c !== r && selectorMatches(sel, c.labels))),
    );
  }
  for (let pass = 0; pass <= aggregated.length + 1; pass++) {
    let changed = false;
    for (const r of aggregated) {
      const rules: PolicyRule[] = [];
      const origins: RuleOrigin[] = [];
      const seen = new Set<string>();
      for (const matched of sources.get(r)!) {
        for (const src of matched) {
          src.rules.forEach((rule, i) => {
            const k = ruleKey(rule);
            if (seen.has(k)) return;
            seen.add(k);
            rules.push(rule);
            origins.push(src.origins?.[i] ?? { role: src.name, rule: i });
          });
        }
      }
      if (rules.length !== r.rules.length) changed = true;
      r.rules = rules;
      r.origins = origins;
    }
    if (!changed) break;
  }
  // The declared rules are overwritten by the controller: say so when they differ.
  for (const r of aggregated) {
    const computed = new Set(r.rules.map(ruleKey));
    const lost = (declared.get(r) ?? []).filter((rule) => !computed.has(ruleKey(rule)));
    if (lost.length > 0)
      problemFor(r)(
        'aggregated-rules-replaced',
        ['rules'],
        `ClusterRole ${r.name} has an aggregationRule, so the controller replaces its rules with those of the selected ClusterRoles; ${lost.length} rule(s) written here come from no selected ClusterRole in the input and are not granted (first: ${formatRule(lost[0]!)}); if they come from a ClusterRole missing from the input, add it`,
      );
  }
}
