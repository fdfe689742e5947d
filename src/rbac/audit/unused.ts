/**
 * Granted but never used: for every binding of the manifests, every rule of its role
 * and every verb of the rule, was it used by an allowed request in the log's time
 * window?
 *
 * Attribution uses kzt's authorizer (src/rbac/index.ts): each distinct allowed request
 * is authorized as its own identity (username and groups from the log) and every grant
 * that allows it — binding, rule — counts as used for that verb. When several grants
 * allow the same request, all of them count: the API server stops at the first one in
 * its visiting order (the one the `authorization.k8s.io/reason` annotation names), but
 * removing either would still leave the request allowed only if the other stays, so
 * kzt reports neither as unused rather than guess. Requests that were denied, or whose
 * outcome is unknown, are not use. Requests of system:masters members bypass RBAC and
 * are not use either.
 *
 * "Unused" means unused in the window the log covers: a monthly job that did not run
 * in it looks unused. The report prints the window for that reason.
 */

import { getOrInsert } from '../../model/maps.js';
import type { BindingDef, RbacIndex } from '../index.js';
import type { PolicyRule } from '../rules.js';
import { ALL } from '../rules.js';
import type { AuditCollection } from './collect.js';

export interface UnusedVerb {
  verb: string;
  /** Allowed requests (distinct shapes × count) that used this verb entry. */
  uses: number;
  /** For a `*` entry: the verbs that were used through it. */
  usedAs?: string[];
}

export interface RuleUsage {
  /** Index in the role's effective rules (after aggregation). */
  index: number;
  rule: PolicyRule;
  verbs: UnusedVerb[];
  unusedVerbs: string[];
  /** No verb of the rule was used. */
  unused: boolean;
  /** For an aggregated ClusterRole: the role and rule it came from. */
  origin?: { role: string; rule: number };
}

export interface BindingUsage {
  binding: { kind: BindingDef['kind']; name: string; namespace?: string };
  role: { kind: string; name: string };
  /** The role does not exist in the manifests (nor among the defaults). */
  roleMissing: boolean;
  subjects: Array<{ kind: string; name: string; namespace?: string }>;
  location?: { file: string; line?: number };
  /** Allowed requests that this binding allowed. */
  requests: number;
  rules: RuleUsage[];
  /** Nothing the binding grants was used. */
  unused: boolean;
}

export interface UnusedReport {
  window?: { from: string; to: string };
  counts: {
    /** Distinct allowed requests examined (and how many times they were made). */
    allowedDistinct: number;
    allowedTotal: number;
    /** Allowed in the log, but granted by none of the manifests' bindings (another authorizer, or RBAC not in PATH). */
    notGranted: number;
    /** Made by system:masters members, which bypass RBAC. */
    masters: number;
    /** Denied or undetermined requests, which are not use. */
    notAllowed: number;
  };
  bindings: BindingUsage[];
}

export function findUnused(collection: AuditCollection, index: RbacIndex): UnusedReport {
  // binding key → rule index → verb → uses
  const used = new Map<string, Map<number, Map<string, number>>>();
  const bindingUses = new Map<string, number>();
  const counts = { allowedDistinct: 0, allowedTotal: 0, notGranted: 0, masters: 0, notAllowed: 0 };
  for (const identity of collection.identities.values()) {
    for (const u of identity.requests.values()) {
      if (u.allowed === 0) {
        counts.notAllowed += u.denied + u.undetermined;
        continue;
      }
      counts.notAllowed += u.denied + u.undetermined;
      counts.allowedDistinct++;
      counts.allowedTotal += u.allowed;
      const d = index.authorize(identity.user, u.request);
      if (d.masters) {
        counts.masters += u.allowed;
        continue;
      }
      if (d.via.length === 0) {
        counts.notGranted += u.allowed;
        continue;
      }
      const seenBindings = new Set<string>();
      for (const g of d.via) {
        const byVerb = getOrInsert(
          getOrInsert(used, g.binding.key, () => new Map()),
          g.ruleIndex,
          () => new Map<string, number>(),
        );
        byVerb.set(u.request.verb, (byVerb.get(u.request.verb) ?? 0) + u.allowed);
        if (!seenBindings.has(g.binding.key)) {
          seenBindings.add(g.binding.key);
          bindingUses.set(g.binding.key, (bindingUses.get(g.binding.key) ?? 0) + u.allowed);
        }
      }
    }
  }

  const bindings: BindingUsage[] = [];
  for (const b of index.bindings) {
    if (b.builtin) continue;
    const role = index.roleOf(b);
    const byRule = used.get(b.key);
    const rules: RuleUsage[] = (role?.rules ?? []).map((rule, i) => {
      const byVerb = byRule?.get(i);
      const verbs: UnusedVerb[] = [...new Set(rule.verbs)].map((v) => {
        if (v === ALL) {
          const usedAs = [...(byVerb?.keys() ?? [])].sort();
          const uses = [...(byVerb?.values() ?? [])].reduce((a, n) => a + n, 0);
          return { verb: v, uses, ...(usedAs.length > 0 ? { usedAs } : {}) };
        }
        return { verb: v, uses: byVerb?.get(v) ?? 0 };
      });
      const unusedVerbs = verbs.filter((v) => v.uses === 0).map((v) => v.verb);
      const origin = role?.origins?.[i];
      return {
        index: i,
        rule,
        verbs,
        unusedVerbs,
        unused: unusedVerbs.length === verbs.length,
        ...(origin && origin.role !== role?.name ? { origin } : {}),
      };
    });
    const loc = b.resource?.origin;
    bindings.push({
      binding: {
        kind: b.kind,
        name: b.name,
        ...(b.kind === 'RoleBinding' ? { namespace: b.namespace } : {}),
      },
      role: { kind: b.roleRef?.kind ?? '', name: b.roleRef?.name ?? '' },
      roleMissing: b.roleRef !== undefined && role === undefined,
      subjects: b.subjects.map((s) => ({
        kind: s.kind,
        name: s.name,
        ...(s.namespace !== undefined ? { namespace: s.namespace } : {}),
      })),
      ...(loc ? { location: { file: loc.file, ...(loc.line !== undefined ? { line: loc.line } : {}) } } : {}),
      requests: bindingUses.get(b.key) ?? 0,
      rules,
      unused: (bindingUses.get(b.key) ?? 0) === 0,
    });
  }
  return { ...(collection.window ? { window: collection.window } : {}), counts, bindings };
}
