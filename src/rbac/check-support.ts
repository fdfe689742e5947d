/**
 * What the identity checks (src/checks/identity/ZT-ID-020…) share: the RBAC index and
 * the risk analysis, computed once per scan through ctx.memo, and the way a risk
 * becomes a finding (on the binding that grants it, at the subject's entry, so the
 * report shows the binding's file:line).
 */
import type { CheckContext, Severity } from '../engine/types.js';
import type { Resource } from '../model/types.js';
import { EscalationGraph } from './escalation.js';
import { buildRbacIndex, type GrantMatch, type RbacIndex } from './index.js';
import { analyseRisks, type RiskCheck, type RiskFinding, riskMessage } from './risks.js';
import { subjectKey } from './subjects.js';
import { WorkloadIdentities } from './workload-identity.js';

export function rbacIndexOf(ctx: CheckContext): RbacIndex {
  return ctx.memo('rbac:index', () => buildRbacIndex(ctx.inventory));
}

export function riskFindingsOf(ctx: CheckContext): RiskFinding[] {
  return ctx.memo('rbac:risks', () => analyseRisks(rbacIndexOf(ctx)));
}

/** The RBAC objects of the input: what the RBAC checks evaluate (for scoring; once per scan, shared by the checks). */
export function rbacObjects(ctx: CheckContext): Resource[] {
  return ctx.memo('rbac:objects', () => {
    const g = 'rbac.authorization.k8s.io';
    return ['RoleBinding', 'ClusterRoleBinding', 'Role', 'ClusterRole'].flatMap((k) => [
      ...ctx.inventory.ofKind(g, k),
    ]);
  });
}

/** The risk findings of each subject (by subjectKey), in catalogue order. */
export function riskFindingsBySubject(ctx: CheckContext): ReadonlyMap<string, readonly RiskFinding[]> {
  return ctx.memo('rbac:risks-by-subject', () => {
    const out = new Map<string, RiskFinding[]>();
    for (const f of riskFindingsOf(ctx)) {
      const k = subjectKey(f.subject);
      const l = out.get(k);
      if (l) l.push(f);
      else out.set(k, [f]);
    }
    return out;
  });
}

/** Where a grant is reported: the binding's subject entry, or the role when the binding is a builtin one. */
export function grantLocation(g: GrantMatch): { resource: Resource; path: (string | number)[] } | undefined {
  if (g.binding.resource) return { resource: g.binding.resource, path: ['subjects', g.subject.index] };
  if (g.role.resource) return { resource: g.role.resource, path: ['rules', g.ruleIndex] };
  return undefined;
}

export function reportRisks(ctx: CheckContext, check: RiskCheck): void {
  for (const f of riskFindingsOf(ctx)) {
    if (f.risk.check !== check) continue;
    const at = f.grants.map(grantLocation).find((l) => l !== undefined);
    if (!at) continue;
    ctx.report({
      resource: at.resource,
      path: at.path,
      message: riskMessage(f),
      severity: f.severity as Severity,
      key: `${subjectKey(f.subject)}:${f.risk.id}`,
    });
  }
}

export function workloadIdentitiesOf(ctx: CheckContext): WorkloadIdentities {
  return ctx.memo('rbac:workload-identities', () => new WorkloadIdentities(ctx.inventory, rbacIndexOf(ctx)));
}

export function escalationGraphOf(ctx: CheckContext): EscalationGraph {
  return ctx.memo(
    'rbac:escalation-graph',
    () => new EscalationGraph(ctx.inventory, rbacIndexOf(ctx), workloadIdentitiesOf(ctx)),
  );
}
