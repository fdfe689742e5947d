/**
 * Property tests: the indexed authorizer agrees with a naive rule-by-rule reference
 * (written here independently from src/rbac, after the upstream Go code) on random
 * RBAC and random requests; adding a rule never removes access; wildcards are
 * supersets of what they replace.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../src/model/types.js';
import { buildRbacIndexFromObjects } from '../src/rbac/index.js';
import type { RequestAttributes, UserInfo } from '../src/rbac/request.js';

const VERBS = ['get', 'list', 'create', 'GET', '*'];
const GROUPS = ['', 'apps', '*'];
const RESOURCES = ['pods', 'pods/exec', 'pods/status', '*', '*/status', 'pods/*', 'deployments', 'nodes'];
const NAMES = ['a', 'b', ''];
const URLS = ['/healthz', '/apis/*', '*', '/api', '/apis'];
const NAMESPACES = ['ns1', 'ns2'];
const USERS = ['alice', 'bob', '*', 'system:serviceaccount:ns1:sa'];
const GROUP_NAMES = ['devs', 'system:authenticated', 'system:serviceaccounts:ns1'];

interface RawRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

const sub = <T>(xs: readonly T[], max = 3) => fc.uniqueArray(fc.constantFrom(...xs), { maxLength: max });

const ruleArb: fc.Arbitrary<RawRule> = fc.record({
  verbs: sub(VERBS),
  apiGroups: sub(GROUPS, 2),
  resources: sub(RESOURCES),
  resourceNames: sub(
    NAMES.filter((n) => n !== ''),
    2,
  ),
  nonResourceURLs: fc.oneof(fc.constant([] as string[]), sub(URLS, 2)),
});

const subjectArb = fc.oneof(
  fc.record({ kind: fc.constant('User'), name: fc.constantFrom(...USERS) }),
  fc.record({ kind: fc.constant('Group'), name: fc.constantFrom(...GROUP_NAMES) }),
  fc.record({
    kind: fc.constant('ServiceAccount'),
    name: fc.constantFrom('sa', 'other'),
    namespace: fc.constantFrom(...NAMESPACES, ''),
  }),
);

interface World {
  roles: { kind: 'Role' | 'ClusterRole'; name: string; namespace: string; rules: RawRule[] }[];
  bindings: {
    kind: 'RoleBinding' | 'ClusterRoleBinding';
    name: string;
    namespace: string;
    roleRef: { kind: 'Role' | 'ClusterRole'; name: string };
    subjects: { kind: string; name: string; namespace?: string }[];
  }[];
}

const worldArb: fc.Arbitrary<World> = fc
  .record({
    roles: fc.array(
      fc.record({
        kind: fc.constantFrom('Role' as const, 'ClusterRole' as const),
        name: fc.constantFrom('r1', 'r2', 'r3'),
        namespace: fc.constantFrom(...NAMESPACES),
        rules: fc.array(ruleArb, { maxLength: 3 }),
      }),
      { maxLength: 5 },
    ),
    bindings: fc.array(
      fc.record({
        kind: fc.constantFrom('RoleBinding' as const, 'ClusterRoleBinding' as const),
        name: fc.constantFrom('b1', 'b2', 'b3', 'b4'),
        namespace: fc.constantFrom(...NAMESPACES),
        roleRef: fc.record({
          kind: fc.constantFrom('Role' as const, 'ClusterRole' as const),
          name: fc.constantFrom('r1', 'r2', 'r3'),
        }),
        subjects: fc.array(subjectArb, { maxLength: 3 }),
      }),
      { maxLength: 5 },
    ),
  })
  .map((w) => {
    // Later duplicates win in the index (as a later apply would): keep the last of each identity here too.
    const roles = new Map(
      w.roles.map((r) => [`${r.kind}/${r.kind === 'Role' ? r.namespace : ''}/${r.name}`, r]),
    );
    const bindings = new Map(
      w.bindings
        .filter((b) => !(b.kind === 'ClusterRoleBinding' && b.roleRef.kind === 'Role'))
        .map((b) => [`${b.kind}/${b.kind === 'RoleBinding' ? b.namespace : ''}/${b.name}`, b]),
    );
    return { roles: [...roles.values()], bindings: [...bindings.values()] };
  });

const requestArb: fc.Arbitrary<RequestAttributes> = fc.oneof(
  fc.record({
    kind: fc.constant('resource' as const),
    verb: fc.constantFrom(...VERBS, 'delete'),
    apiGroup: fc.constantFrom('', 'apps', 'batch'),
    resource: fc.constantFrom('pods', 'deployments', 'nodes', '*'),
    subresource: fc.constantFrom('', 'exec', 'status', 'xstatus', 'atus', '*'),
    namespace: fc.constantFrom(...NAMESPACES, ''),
    name: fc.constantFrom(...NAMES),
  }),
  fc.record({
    kind: fc.constant('nonResource' as const),
    verb: fc.constantFrom('get', 'post'),
    path: fc.constantFrom('/healthz', '/apis', '/apis/v1', '/api', '/version', '/'),
  }),
);

const userArb: fc.Arbitrary<UserInfo> = fc.record({
  name: fc.constantFrom(...USERS, 'system:serviceaccount:ns2:sa', 'system:serviceaccount:ns1:other'),
  groups: sub(GROUP_NAMES),
});

function toObjects(w: World): K8sObject[] {
  const api = 'rbac.authorization.k8s.io/v1';
  return [
    ...w.roles.map((r) => ({
      apiVersion: api,
      kind: r.kind,
      metadata: { name: r.name, ...(r.kind === 'Role' ? { namespace: r.namespace } : {}) },
      rules: r.rules,
    })),
    ...w.bindings.map((b) => ({
      apiVersion: api,
      kind: b.kind,
      metadata: { name: b.name, ...(b.kind === 'RoleBinding' ? { namespace: b.namespace } : {}) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...b.roleRef },
      subjects: b.subjects,
    })),
  ];
}

// ---- the naive reference, transcribed from upstream rbac.go / evaluation_helpers.go / rule.go ----

function refRuleAllows(rule: RawRule, r: RequestAttributes): boolean {
  const verb = rule.verbs.some((v) => v === '*' || v === r.verb);
  if (r.kind === 'nonResource') {
    return (
      verb &&
      rule.nonResourceURLs.some(
        (u) => u === '*' || u === r.path || (u.endsWith('*') && r.path.startsWith(u.replace(/\*+$/, ''))),
      )
    );
  }
  const combined = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  const group = rule.apiGroups.some((g) => g === '*' || g === r.apiGroup);
  const res = rule.resources.some(
    (x) =>
      x === '*' ||
      x === combined ||
      (r.subresource !== '' &&
        x.length === r.subresource.length + 2 &&
        x.startsWith('*/') &&
        x.endsWith(r.subresource)),
  );
  const name = rule.resourceNames.length === 0 || rule.resourceNames.includes(r.name);
  return verb && group && res && name;
}

function refApplies(
  s: World['bindings'][number]['subjects'][number],
  user: UserInfo,
  bindingNs: string,
): boolean {
  if (s.kind === 'User') return user.name === s.name;
  if (s.kind === 'Group') return user.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') {
    const ns = s.namespace || bindingNs;
    return ns !== '' && user.name === `system:serviceaccount:${ns}:${s.name}`;
  }
  return false;
}

function refRoleRules(w: World, b: World['bindings'][number]): RawRule[] | undefined {
  const ns = b.kind === 'RoleBinding' ? b.namespace : '';
  return w.roles.find(
    (r) =>
      r.kind === b.roleRef.kind &&
      r.name === b.roleRef.name &&
      (r.kind === 'ClusterRole' || r.namespace === ns),
  )?.rules;
}

function refAuthorize(w: World, user: UserInfo, r: RequestAttributes): boolean {
  const ns = r.kind === 'resource' ? r.namespace : '';
  for (const b of w.bindings) {
    if (b.kind === 'RoleBinding' && (ns === '' || b.namespace !== ns)) continue;
    const bns = b.kind === 'RoleBinding' ? b.namespace : '';
    if (!b.subjects.some((s) => refApplies(s, user, bns))) continue;
    if ((refRoleRules(w, b) ?? []).some((rule) => refRuleAllows(rule, r))) return true;
  }
  return false;
}

/** who-can by brute force: every (binding, subject index, rule index). */
function refWhoCan(w: World, r: RequestAttributes): string[] {
  const ns = r.kind === 'resource' ? r.namespace : '';
  const out: string[] = [];
  for (const b of w.bindings) {
    if (b.kind === 'RoleBinding' && (ns === '' || b.namespace !== ns)) continue;
    const rules = refRoleRules(w, b) ?? [];
    rules.forEach((rule, i) => {
      if (!refRuleAllows(rule, r)) return;
      b.subjects.forEach((s, si) => {
        if (s.kind !== 'User' && s.kind !== 'Group' && s.kind !== 'ServiceAccount') return;
        if (s.kind === 'ServiceAccount' && !s.namespace && b.kind === 'ClusterRoleBinding') return;
        out.push(`${b.kind}/${b.name}/${si}/${i}`);
      });
    });
  }
  return out.sort();
}

const RUNS = { numRuns: 400 };

describe('the indexed authorizer agrees with the naive reference', () => {
  it('one rule, one request (dense: most requests hit the rule somewhere)', () => {
    fc.assert(
      fc.property(ruleArb, requestArb, (rule, r) => {
        const w: World = {
          roles: [{ kind: 'ClusterRole', name: 'r1', namespace: '', rules: [rule] }],
          bindings: [
            {
              kind: 'ClusterRoleBinding',
              name: 'b',
              namespace: '',
              roleRef: { kind: 'ClusterRole', name: 'r1' },
              subjects: [{ kind: 'User', name: 'alice' }],
            },
          ],
        };
        const index = buildRbacIndexFromObjects(toObjects(w), { builtinRoles: false });
        const expected = refRuleAllows(rule, r);
        expect(index.authorize({ name: 'alice', groups: [] }, r).allowed).toBe(expected);
        expect(index.whoCan(r).length).toBe(expected ? 1 : 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('authorize()', () => {
    fc.assert(
      fc.property(worldArb, userArb, requestArb, (w, user, r) => {
        const index = buildRbacIndexFromObjects(toObjects(w), { builtinRoles: false });
        expect(index.authorize(user, r).allowed).toBe(refAuthorize(w, user, r));
      }),
      RUNS,
    );
  });

  it('whoCan() returns exactly the matching (binding, subject, rule) triples', () => {
    fc.assert(
      fc.property(worldArb, requestArb, (w, r) => {
        const index = buildRbacIndexFromObjects(toObjects(w), { builtinRoles: false });
        const got = index
          .whoCan(r)
          .map((g) => `${g.binding.kind}/${g.binding.name}/${g.subject.index}/${g.ruleIndex}`)
          .sort();
        expect(got).toEqual(refWhoCan(w, r));
      }),
      RUNS,
    );
  });

  it('whoCan() and authorize() agree with each other for every subject they name', () => {
    fc.assert(
      fc.property(worldArb, requestArb, (w, r) => {
        const index = buildRbacIndexFromObjects(toObjects(w), { builtinRoles: false });
        for (const g of index.whoCan(r)) {
          const u: UserInfo =
            'user' in g.subject.match
              ? { name: g.subject.match.user, groups: [] }
              : { name: '', groups: [g.subject.match.group] };
          expect(index.authorize(u, r).allowed).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('monotonicity and wildcards', () => {
  it('adding a rule to a role never removes access', () => {
    fc.assert(
      fc.property(worldArb, ruleArb, userArb, requestArb, fc.nat(), (w, extra, user, r, pick) => {
        fc.pre(w.roles.length > 0);
        const before = buildRbacIndexFromObjects(toObjects(w), { builtinRoles: false }).authorize(
          user,
          r,
        ).allowed;
        const i = pick % w.roles.length;
        const grown: World = {
          ...w,
          roles: w.roles.map((role, j) => (j === i ? { ...role, rules: [...role.rules, extra] } : role)),
        };
        const after = buildRbacIndexFromObjects(toObjects(grown), { builtinRoles: false }).authorize(
          user,
          r,
        ).allowed;
        if (before) expect(after).toBe(true);
      }),
      RUNS,
    );
  });

  it('replacing a verb, group or resource list by * never removes access', () => {
    fc.assert(
      fc.property(
        ruleArb,
        requestArb,
        fc.constantFrom('verbs', 'apiGroups', 'resources', 'nonResourceURLs'),
        (rule, r, field) => {
          fc.pre(rule.verbs.length > 0);
          const user: UserInfo = { name: 'alice', groups: [] };
          const world = (rl: RawRule): World => ({
            roles: [{ kind: 'ClusterRole', name: 'r1', namespace: 'ns1', rules: [rl] }],
            bindings: [
              {
                kind: 'ClusterRoleBinding',
                name: 'b',
                namespace: '',
                roleRef: { kind: 'ClusterRole', name: 'r1' },
                subjects: [{ kind: 'User', name: 'alice' }],
              },
            ],
          });
          const a = buildRbacIndexFromObjects(toObjects(world(rule)), { builtinRoles: false }).authorize(
            user,
            r,
          ).allowed;
          const widened = { ...rule, [field]: ['*'] };
          const b = buildRbacIndexFromObjects(toObjects(world(widened)), { builtinRoles: false }).authorize(
            user,
            r,
          ).allowed;
          if (a) expect(b).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('a ClusterRoleBinding grants at least what a RoleBinding of the same ClusterRole grants', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 3 }), requestArb, (rules, r) => {
        const user: UserInfo = { name: 'alice', groups: [] };
        const world = (kind: 'RoleBinding' | 'ClusterRoleBinding'): World => ({
          roles: [{ kind: 'ClusterRole', name: 'r1', namespace: '', rules }],
          bindings: [
            {
              kind,
              name: 'b',
              namespace: 'ns1',
              roleRef: { kind: 'ClusterRole', name: 'r1' },
              subjects: [{ kind: 'User', name: 'alice' }],
            },
          ],
        });
        const rb = buildRbacIndexFromObjects(toObjects(world('RoleBinding')), {
          builtinRoles: false,
        }).authorize(user, r).allowed;
        const crb = buildRbacIndexFromObjects(toObjects(world('ClusterRoleBinding')), {
          builtinRoles: false,
        }).authorize(user, r).allowed;
        if (rb) expect(crb).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('bad input never crashes', () => {
  const junk = fc.oneof(
    fc.constant(null),
    fc.string({ maxLength: 6 }),
    fc.integer(),
    fc.boolean(),
    fc.constantFrom(
      '*',
      '',
      'pods',
      'Role',
      'ClusterRole',
      'ServiceAccount',
      'User',
      'Group',
      'system:masters',
    ),
  );
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      junk,
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(
        fc.constantFrom(
          'verbs',
          'apiGroups',
          'resources',
          'resourceNames',
          'nonResourceURLs',
          'kind',
          'name',
          'namespace',
          'apiGroup',
          'matchLabels',
          'matchExpressions',
          'key',
          'operator',
          'values',
        ),
        tie('v'),
        { maxKeys: 4 },
      ),
    ),
  })).v;
  const objectArb = fc.record({
    apiVersion: fc.constant('rbac.authorization.k8s.io/v1'),
    kind: fc.constantFrom('Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'),
    metadata: fc.record({
      name: fc.constantFrom('a', 'b', 'edit', 'cluster-admin'),
      namespace: fc.constantFrom('x', 'y'),
    }),
    rules: value,
    roleRef: value,
    subjects: value,
    aggregationRule: fc.oneof(fc.constant(undefined), value, fc.record({ clusterRoleSelectors: value })),
  });

  it('random shapes of every field: the index, who-can, risks and the escalation graph all answer', async () => {
    const { analyseRisks } = await import('../src/rbac/risks.js');
    const { EscalationGraph } = await import('../src/rbac/escalation.js');
    const { findPaths } = await import('../src/rbac/paths.js');
    const { inventoryFromObjects } = await import('../src/rbac/inventory-objects.js');
    fc.assert(
      fc.property(fc.array(objectArb, { maxLength: 6 }), requestArb, (objects, r) => {
        const inventory = inventoryFromObjects(objects as never, 'fuzz');
        const index = buildRbacIndexFromObjects(objects as never);
        index.whoCan(r);
        index.authorize({ name: 'a', groups: ['system:authenticated'] }, r);
        analyseRisks(index);
        findPaths(new EscalationGraph(inventory, index), { to: 'cluster-admin' });
      }),
      { numRuns: 300 },
    );
  });
});
