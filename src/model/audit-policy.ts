/**
 * Audit policy (`audit.k8s.io/v1` Policy) analysis with the API server's semantics
 * (`k8s.io/apiserver/pkg/audit/policy/checker.go`): rules are tried in order and the
 * first rule that matches a request decides its level (no match: None). A rule matches
 * when each of its non-empty filters matches — users, userGroups, verbs; namespaces and
 * resources for resource requests (a rule with neither, and with nonResourceURLs, only
 * matches non-resource requests; a rule with no filter at all matches everything).
 * Resources match by API group (empty = core) and `resource`, `resource/subresource`,
 * `*`, `*\/subresource` or `resource/*`, restricted by resourceNames when given.
 *
 * For a given kind of request (group, resource, subresource, verb) a rule matches it
 * "always" when nothing else (user, group, namespace, resource name) restricts it, and
 * "sometimes" when such a restriction remains: requests of other users still fall
 * through to later rules.
 */
import { asArray, asString, isRecord } from './types.js';

export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';
const LEVELS = new Set<string>(['None', 'Metadata', 'Request', 'RequestResponse']);

export interface AuditRule {
  index: number;
  level: AuditLevel | undefined;
  users: string[];
  userGroups: string[];
  verbs: string[];
  namespaces: string[];
  nonResourceURLs: string[];
  resources: Array<{ group: string; resources: string[]; resourceNames: string[] }>;
}

function strings(v: unknown): string[] {
  return asArray(v).filter((s): s is string => typeof s === 'string');
}

export function auditRules(policy: Record<string, unknown>): AuditRule[] {
  return asArray(policy.rules).flatMap((r, index) => {
    if (!isRecord(r)) return [];
    const level = asString(r.level);
    return [
      {
        index,
        level: level !== undefined && LEVELS.has(level) ? (level as AuditLevel) : undefined,
        users: strings(r.users),
        userGroups: strings(r.userGroups),
        verbs: strings(r.verbs),
        namespaces: strings(r.namespaces),
        nonResourceURLs: strings(r.nonResourceURLs),
        resources: asArray(r.resources)
          .filter(isRecord)
          .map((g) => ({
            group: asString(g.group) ?? '',
            resources: strings(g.resources),
            resourceNames: strings(g.resourceNames),
          })),
      },
    ];
  });
}

export interface RequestKind {
  group: string;
  resource: string;
  subresource?: string;
  verb: string;
  /** Namespaced resources carry a namespace; cluster-scoped ones have namespace "". */
  namespaced: boolean;
}

/** 'always', 'sometimes' or 'never' for requests of this kind. */
export function ruleMatches(rule: AuditRule, req: RequestKind): 'always' | 'sometimes' | 'never' {
  if (rule.verbs.length > 0 && !rule.verbs.includes(req.verb)) return 'never';
  let partial = rule.users.length > 0 || rule.userGroups.length > 0;
  if (rule.namespaces.length === 0 && rule.resources.length === 0) {
    return rule.nonResourceURLs.length > 0 ? 'never' : partial ? 'sometimes' : 'always';
  }
  if (rule.namespaces.length > 0) {
    if (req.namespaced) partial = true;
    else if (!rule.namespaces.includes('')) return 'never';
  }
  if (rule.resources.length === 0) return partial ? 'sometimes' : 'always';
  const combined = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  let best: 'always' | 'sometimes' | 'never' = 'never';
  for (const gr of rule.resources) {
    if (gr.group !== req.group) continue;
    const matched =
      gr.resources.length === 0 ||
      gr.resources.some(
        (res) =>
          res === combined ||
          res === '*' ||
          (req.subresource !== undefined && res === `*/${req.subresource}`) ||
          (res.endsWith('/*') && res.slice(0, -2) === req.resource),
      );
    if (!matched) continue;
    if (gr.resourceNames.length === 0 && !partial) return 'always';
    best = 'sometimes';
  }
  return best;
}

export interface VerbOutcome {
  verb: string;
  /** Rules that can decide some of these requests, in order, up to and including the one that decides all. */
  deciding: AuditRule[];
  /** The rule that decides every remaining request, if any (otherwise the rest is not logged). */
  final: AuditRule | undefined;
}

/** For each verb, which rules decide requests of that kind. */
export function outcomes(
  rules: readonly AuditRule[],
  base: Omit<RequestKind, 'verb'>,
  verbs: readonly string[],
) {
  return verbs.map((verb): VerbOutcome => {
    const req = { ...base, verb };
    const deciding: AuditRule[] = [];
    for (const rule of rules) {
      const m = ruleMatches(rule, req);
      if (m === 'never') continue;
      deciding.push(rule);
      if (m === 'always') return { verb, deciding, final: rule };
    }
    return { verb, deciding, final: undefined };
  });
}

/** Resources whose request or response bodies hold credentials, per the upstream guidance. */
export interface SensitiveResource {
  label: string;
  group: string;
  resource: string;
  subresource?: string;
  namespaced: boolean;
  verbs: readonly string[];
  /** Verbs whose request body holds the credential (logged from level Request). */
  requestBodyVerbs: readonly string[];
  /** Whether responses hold the credential (logged at RequestResponse). */
  responseBody: boolean;
}

const ALL_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
] as const;
const WRITE_VERBS = ['create', 'update', 'patch'] as const;

export const SENSITIVE_RESOURCES: readonly SensitiveResource[] = [
  {
    label: 'secrets',
    group: '',
    resource: 'secrets',
    namespaced: true,
    verbs: ALL_VERBS,
    requestBodyVerbs: WRITE_VERBS,
    responseBody: true,
  },
  {
    label: 'configmaps',
    group: '',
    resource: 'configmaps',
    namespaced: true,
    verbs: ALL_VERBS,
    requestBodyVerbs: WRITE_VERBS,
    responseBody: true,
  },
  {
    label: 'serviceaccounts/token',
    group: '',
    resource: 'serviceaccounts',
    subresource: 'token',
    namespaced: true,
    verbs: ['create'],
    requestBodyVerbs: [],
    responseBody: true,
  },
  {
    label: 'tokenreviews',
    group: 'authentication.k8s.io',
    resource: 'tokenreviews',
    namespaced: false,
    verbs: ['create'],
    requestBodyVerbs: ['create'],
    responseBody: true,
  },
];

/** Whether a rule's level records the credential of this resource for this verb. */
export function levelRecordsBody(level: AuditLevel | undefined, r: SensitiveResource, verb: string): boolean {
  if (level === 'RequestResponse') return r.responseBody || r.requestBodyVerbs.includes(verb);
  if (level === 'Request') return r.requestBodyVerbs.includes(verb);
  return false;
}

/** "a", "a and b", "a, b and c" (or "or"). */
export function joinWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}
