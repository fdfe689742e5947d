/**
 * `kzt rbac unused`: per binding, rule and verb of the manifests, what no allowed
 * request of the log used. Attribution goes through kzt's authorizer.
 */
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../src/input/load.js';
import { collectAuditLogs } from '../src/rbac/audit/collect.js';
import { findUnused, type UnusedReport } from '../src/rbac/audit/unused.js';
import { buildRbacIndex, buildRbacIndexFromObjects } from '../src/rbac/index.js';
import { collectEvents, ev, FIXTURES, fixture, memorySource } from './rbac-audit-helpers.js';

async function fixtureReport(): Promise<UnusedReport> {
  const loaded = await loadManifests([`${FIXTURES}/rbac`]);
  const index = buildRbacIndex(loaded.inventory, { builtinRoles: true });
  const c = await collectAuditLogs(
    ['workload.jsonl', 'impersonation.jsonl'].map((f) => memorySource(f, fixture(f))),
  );
  return findUnused(c, index);
}

/** binding → rule index → unused verbs ('ALL' when the rule is unused), for rules with something unused. */
function summary(r: UnusedReport): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const b of r.bindings) {
    const key = `${b.binding.kind} ${b.binding.namespace ? `${b.binding.namespace}/` : ''}${b.binding.name}`;
    if (b.roleMissing) out[key] = 'role missing';
    else if (b.unused) out[key] = 'unused';
    else {
      const rules: Record<number, string> = {};
      for (const rule of b.rules)
        if (rule.unusedVerbs.length > 0) rules[rule.index] = rule.unused ? 'ALL' : rule.unusedVerbs.join(',');
      out[key] = Object.keys(rules).length === 0 ? 'fully used' : rules;
    }
  }
  return out;
}

describe('unused permissions of the fixture manifests', async () => {
  const report = await fixtureReport();

  it('per binding, rule and verb', () => {
    expect(summary(report)).toEqual({
      // Denied requests (list nodes, get /metrics) are not use.
      'ClusterRoleBinding break-glass': 'unused',
      'ClusterRoleBinding cart-nodes': 'unused',
      // `*` used as create by the service account (a member of system:serviceaccounts:shop).
      'ClusterRoleBinding events-writer': 'fully used',
      // get pods came through impersonation (ops as the service account); get secrets was denied.
      'RoleBinding shop/cart': { 1: 'ALL', 2: 'delete' },
      'RoleBinding shop/dangling': 'role missing',
      'RoleBinding shop/dev-view': {
        0: 'ALL',
        1: 'ALL',
        2: 'ALL',
        3: 'ALL',
        4: 'list,watch',
        5: 'ALL',
        6: 'ALL',
        7: 'ALL',
        8: 'ALL',
        9: 'ALL',
      },
    });
  });

  it('a * verb reports the verbs used through it; counts are per request', () => {
    const events = report.bindings.find((b) => b.binding.name === 'events-writer')!;
    expect(events.rules[0]!.verbs).toEqual([{ verb: '*', uses: 1, usedAs: ['create'] }]);
    const cart = report.bindings.find((b) => b.binding.name === 'cart')!;
    expect(cart.requests).toBe(5);
    expect(cart.rules[0]!.verbs).toEqual([
      { verb: 'get', uses: 1 },
      { verb: 'list', uses: 1 },
      { verb: 'watch', uses: 1 },
    ]);
    expect(cart.location).toEqual({ file: expect.stringContaining('manifests.yaml'), line: 18 });
  });

  it('aggregated rules name the role they came from', () => {
    const view = report.bindings.find((b) => b.binding.name === 'dev-view')!;
    expect(view.rules[0]!.origin).toEqual({ role: 'system:aggregate-to-view', rule: 0 });
  });

  it('counts and window', () => {
    expect(report.window).toEqual({ from: '2024-05-01T10:00:01.001000Z', to: '2024-05-01T10:00:31.031000Z' });
    expect(report.counts).toMatchObject({ allowedTotal: 24, masters: 0 });
    expect(report.counts.notGranted).toBeGreaterThan(0);
  });
});

describe('attribution rules', () => {
  const role = (name: string, rules: unknown[]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules,
  });
  const crb = (name: string, roleName: string, subjects: unknown[]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects,
  });
  const user = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name });
  const index = buildRbacIndexFromObjects(
    [
      role('pods-read', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]),
      crb('a', 'pods-read', [user('alice')]),
      crb('b', 'pods-read', [user('alice')]),
      crb('root', 'pods-read', [user('root')]),
    ],
    { builtinRoles: false },
  );

  it('two bindings granting the same request are both used', async () => {
    const c = await collectEvents([ev({ verb: 'get', user: 'alice', resource: 'pods', ns: 'x', name: 'p' })]);
    const r = findUnused(c, index);
    expect(summary(r)).toMatchObject({
      'ClusterRoleBinding a': { 0: 'list' },
      'ClusterRoleBinding b': { 0: 'list' },
    });
  });

  it('denied, verdict-less and system:masters requests are not use', async () => {
    const c = await collectEvents([
      ev({ verb: 'get', user: 'alice', resource: 'pods', ns: 'x', name: 'p', decision: 'forbid' }),
      ev({ verb: 'list', user: 'alice', resource: 'pods', ns: 'x', code: 500, decision: null }),
      ev({
        verb: 'get',
        user: 'root',
        groups: ['system:masters', 'system:authenticated'],
        resource: 'pods',
        ns: 'x',
        name: 'p',
      }),
    ]);
    const r = findUnused(c, index);
    expect(summary(r)).toEqual({
      'ClusterRoleBinding a': 'unused',
      'ClusterRoleBinding b': 'unused',
      'ClusterRoleBinding root': 'unused',
    });
    expect(r.counts).toMatchObject({ masters: 1, notAllowed: 2, allowedTotal: 1 });
  });
});
