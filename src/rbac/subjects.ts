/**
 * Binding subjects and who they match (`appliesToUser` in
 * pkg/registry/rbac/validation/rule.go), and the identities kzt reasons about.
 *
 * - `User`: exact name; `*` is not a wildcard (upstream test "* user subject name
 *   doesn't match all users").
 * - `Group`: membership in the request's group list.
 * - `ServiceAccount`: matches the username `system:serviceaccount:<ns>:<name>`. An
 *   empty namespace defaults to the RoleBinding's namespace; in a
 *   ClusterRoleBinding it matches nobody.
 * - Any other kind matches nobody.
 * - apiGroup is not looked at by the authorizer; validation defaults it ('' for
 *   ServiceAccount, rbac.authorization.k8s.io otherwise) and rejects other values.
 */
import type { UserInfo } from './request.js';

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

/** A subject an analysis talks about (a binding subject, a `can` argument, a graph node). */
export interface SubjectRef {
  kind: SubjectKind;
  name: string;
  /** ServiceAccounts only. */
  namespace?: string;
}

export const SA_PREFIX = 'system:serviceaccount:';

export const GROUP = {
  masters: 'system:masters',
  authenticated: 'system:authenticated',
  unauthenticated: 'system:unauthenticated',
  serviceAccounts: 'system:serviceaccounts',
  anonymousUser: 'system:anonymous',
} as const;

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** Parses `system:serviceaccount:<ns>:<name>` (the name may not contain ':'). */
export function parseServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SA_PREFIX)) return undefined;
  const rest = username.slice(SA_PREFIX.length);
  const i = rest.indexOf(':');
  if (i <= 0 || i === rest.length - 1 || rest.indexOf(':', i + 1) !== -1) return undefined;
  return { namespace: rest.slice(0, i), name: rest.slice(i + 1) };
}

/**
 * The groups a request from this subject carries: service account tokens carry
 * system:serviceaccounts, system:serviceaccounts:<ns> and system:authenticated;
 * system:anonymous is in system:unauthenticated; any other user is authenticated.
 * A `Group` subject is taken as a request whose only group is that one.
 */
export function userInfoFor(s: SubjectRef, extraGroups: readonly string[] = []): UserInfo {
  const groups: string[] = [];
  let name: string;
  if (s.kind === 'ServiceAccount') {
    name = serviceAccountUsername(s.namespace ?? '', s.name);
    groups.push(GROUP.serviceAccounts, `${GROUP.serviceAccounts}:${s.namespace ?? ''}`, GROUP.authenticated);
  } else if (s.kind === 'User') {
    name = s.name;
    groups.push(s.name === GROUP.anonymousUser ? GROUP.unauthenticated : GROUP.authenticated);
  } else {
    name = '';
    groups.push(s.name);
  }
  for (const g of extraGroups) if (!groups.includes(g)) groups.push(g);
  return { name, groups };
}

export function subjectKey(s: SubjectRef): string {
  return s.kind === 'ServiceAccount'
    ? `ServiceAccount:${s.namespace ?? ''}:${s.name}`
    : `${s.kind}:${s.name}`;
}

/** `user:NAME`, `group:NAME`, `sa:NS:NAME` (the CLI's SUBJECT syntax). */
export function formatSubject(s: SubjectRef): string {
  if (s.kind === 'ServiceAccount') return `sa:${s.namespace ?? ''}:${s.name}`;
  return `${s.kind === 'User' ? 'user' : 'group'}:${s.name}`;
}

/** Human form: `ServiceAccount prod/web`, `Group system:authenticated`. */
export function describeSubject(s: SubjectRef): string {
  return s.kind === 'ServiceAccount'
    ? `ServiceAccount ${s.namespace ?? ''}/${s.name}`
    : `${s.kind} ${s.name}`;
}

export type SubjectSpecParse = { ok: true; subject: SubjectRef } | { ok: false; error: string };

/** Parses the CLI's SUBJECT: user:NAME | group:NAME | sa:NAMESPACE:NAME (also serviceaccount:). */
export function parseSubjectSpec(spec: string): SubjectSpecParse {
  const i = spec.indexOf(':');
  const kind = i === -1 ? '' : spec.slice(0, i).toLowerCase();
  const rest = i === -1 ? '' : spec.slice(i + 1);
  if (kind === 'user' && rest !== '') return { ok: true, subject: { kind: 'User', name: rest } };
  if (kind === 'group' && rest !== '') return { ok: true, subject: { kind: 'Group', name: rest } };
  if (kind === 'sa' || kind === 'serviceaccount') {
    const j = rest.indexOf(':');
    if (j > 0 && j < rest.length - 1 && !rest.slice(j + 1).includes(':'))
      return {
        ok: true,
        subject: { kind: 'ServiceAccount', namespace: rest.slice(0, j), name: rest.slice(j + 1) },
      };
    return { ok: false, error: `${spec}: a service account is written sa:NAMESPACE:NAME` };
  }
  return { ok: false, error: `${spec}: expected user:NAME, group:NAME or sa:NAMESPACE:NAME` };
}

/** Groups every member of which is implicit (no binding lists the members), with who they are. */
export function implicitGroupDescription(group: string): string | undefined {
  if (group === GROUP.authenticated) return 'every authenticated user and service account';
  if (group === GROUP.unauthenticated) return 'every anonymous (unauthenticated) request';
  if (group === GROUP.serviceAccounts) return 'every service account in every namespace';
  if (group.startsWith(`${GROUP.serviceAccounts}:`))
    return `every service account in namespace ${group.slice(GROUP.serviceAccounts.length + 1)}`;
  if (group === GROUP.masters) return 'members of system:masters, who bypass RBAC authorization entirely';
  return undefined;
}
