import { describe, expect, it } from 'vitest';
import { type AuditRule, auditRules, outcomes, type RequestKind, ruleMatches } from './audit-policy.js';

const rule = (r: Record<string, unknown>): AuditRule => auditRules({ rules: [r] })[0]!;
const SECRET_GET: RequestKind = { group: '', resource: 'secrets', verb: 'get', namespaced: true };
const TOKEN: RequestKind = {
  group: '',
  resource: 'serviceaccounts',
  subresource: 'token',
  verb: 'create',
  namespaced: true,
};
const REVIEW: RequestKind = {
  group: 'authentication.k8s.io',
  resource: 'tokenreviews',
  verb: 'create',
  namespaced: false,
};

describe('ruleMatches (apiserver audit policy checker)', () => {
  const cases: Array<[string, Record<string, unknown>, RequestKind, string]> = [
    ['no filter matches everything', { level: 'Metadata' }, SECRET_GET, 'always'],
    [
      'nonResourceURLs only never match resource requests',
      { level: 'None', nonResourceURLs: ['/healthz*'] },
      SECRET_GET,
      'never',
    ],
    [
      'a user filter leaves other users',
      { level: 'None', users: ['system:kube-proxy'] },
      SECRET_GET,
      'sometimes',
    ],
    [
      'a group filter leaves other users',
      { level: 'None', userGroups: ['system:nodes'] },
      SECRET_GET,
      'sometimes',
    ],
    ['a verb filter that excludes', { level: 'None', verbs: ['watch'] }, SECRET_GET, 'never'],
    ['a verb filter that includes', { level: 'None', verbs: ['get', 'list'] }, SECRET_GET, 'always'],
    [
      'namespaces restrict namespaced requests',
      { level: 'None', namespaces: ['kube-system'] },
      SECRET_GET,
      'sometimes',
    ],
    [
      'namespaces without "" never match cluster-scoped requests',
      { level: 'None', namespaces: ['a'] },
      REVIEW,
      'never',
    ],
    [
      'namespaces with "" match cluster-scoped requests',
      { level: 'None', namespaces: [''] },
      REVIEW,
      'always',
    ],
    [
      'core group by omission',
      { level: 'None', resources: [{ resources: ['secrets'] }] },
      SECRET_GET,
      'always',
    ],
    [
      'another group',
      { level: 'None', resources: [{ group: 'apps', resources: ['secrets'] }] },
      SECRET_GET,
      'never',
    ],
    [
      'group with no resources = all of the group',
      { level: 'None', resources: [{ group: '' }] },
      SECRET_GET,
      'always',
    ],
    ['"*"', { level: 'None', resources: [{ group: '', resources: ['*'] }] }, SECRET_GET, 'always'],
    [
      'resourceNames restrict',
      { level: 'None', resources: [{ resources: ['secrets'], resourceNames: ['x'] }] },
      SECRET_GET,
      'sometimes',
    ],
    [
      '"secrets/*" matches the resource itself too',
      { level: 'None', resources: [{ resources: ['secrets/*'] }] },
      SECRET_GET,
      'always',
    ],
    [
      '"serviceaccounts" does not match the token subresource',
      { level: 'None', resources: [{ resources: ['serviceaccounts'] }] },
      TOKEN,
      'never',
    ],
    [
      '"serviceaccounts/token"',
      { level: 'None', resources: [{ resources: ['serviceaccounts/token'] }] },
      TOKEN,
      'always',
    ],
    ['"*/token"', { level: 'None', resources: [{ resources: ['*/token'] }] }, TOKEN, 'always'],
    [
      '"serviceaccounts/*"',
      { level: 'None', resources: [{ resources: ['serviceaccounts/*'] }] },
      TOKEN,
      'always',
    ],
    [
      '"*/token" does not match a request without subresource',
      { level: 'None', resources: [{ resources: ['*/token'] }] },
      SECRET_GET,
      'never',
    ],
    [
      'an exact group on a cluster-scoped resource',
      { level: 'None', resources: [{ group: 'authentication.k8s.io', resources: ['tokenreviews'] }] },
      REVIEW,
      'always',
    ],
  ];
  it.each(cases)('%s', (_n, r, req, expected) => expect(ruleMatches(rule(r), req)).toBe(expected));
});

describe('outcomes', () => {
  it('stops at the first rule that decides every request, keeping earlier partial rules', () => {
    const rules = auditRules({
      rules: [
        { level: 'None', users: ['system:kube-controller-manager'] },
        { level: 'RequestResponse', verbs: ['create'] },
        { level: 'Metadata', resources: [{ resources: ['secrets'] }] },
        { level: 'Request' },
        'junk',
      ],
    });
    const [get, create] = outcomes(rules, { group: '', resource: 'secrets', namespaced: true }, [
      'get',
      'create',
    ]);
    expect(get!.deciding.map((r) => r.index)).toEqual([0, 2]);
    expect(get!.final?.index).toBe(2);
    expect(create!.deciding.map((r) => r.index)).toEqual([0, 1]);
    expect(create!.final?.level).toBe('RequestResponse');
  });
  it('no final rule when only partial rules match', () => {
    const [o] = outcomes(
      auditRules({ rules: [{ level: 'Metadata', namespaces: ['a'] }] }),
      { group: '', resource: 'secrets', namespaced: true },
      ['get'],
    );
    expect(o!.final).toBeUndefined();
  });
});
