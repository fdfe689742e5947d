/**
 * Who made a request, and which identity checks it passed or failed.
 *
 * - The request ran as `impersonatedUser` when there is one: that identity is the
 *   one that needs the permission (as audit2rbac does).
 * - The impersonator needed `impersonate` on each part of that identity, which the
 *   log never shows as a request of its own (an authorization sub-check of the
 *   impersonation filter, staging/.../endpoints/filters/impersonation.go). We
 *   synthesise those checks for the real user: users (or serviceaccounts in their
 *   namespace for a service-account name), groups, uids and userextras/<key>. Groups
 *   the filter adds by itself are not checked upstream and are left out:
 *   system:authenticated (system:unauthenticated for system:anonymous), and, for a
 *   service account impersonated without groups, its two service-account groups.
 *   (If a client asked for exactly those groups explicitly, the log cannot tell; kzt
 *   then grants less, never more.)
 * - A refused impersonation is a 403 logged for the real user, without
 *   impersonatedUser, and the request it wrapped was never authorized. The status
 *   message (upstream's forbiddenMessage) names the failed check, so that check —
 *   not the wrapped request — is what the user was denied.
 */
import type { RequestAttributes, UserInfo } from '../request.js';
import { GROUP, parseServiceAccountUsername, type SubjectRef, serviceAccountUsername } from '../subjects.js';
import type { AuditEvent, AuditUser } from './event.js';

export const AUTHENTICATION_GROUP = 'authentication.k8s.io';

/** The identity the request was authorized as. */
export function effectiveUser(e: AuditEvent): UserInfo {
  const u = e.impersonatedUser ?? e.user;
  return { name: u.username, groups: u.groups };
}

/** The binding subject for a username: a ServiceAccount when the name is one, else a User. */
export function subjectOfUsername(name: string): SubjectRef {
  const sa = parseServiceAccountUsername(name);
  return sa ? { kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name } : { kind: 'User', name };
}

/** A `user:` subject spelled as a service-account username is that service account. */
export function canonicalSubject(s: SubjectRef): SubjectRef {
  return s.kind === 'User' ? subjectOfUsername(s.name) : s;
}

/** Does a request from `user` count for the subject? (Groups: membership, as bindings match.) */
export function userMatchesSubject(user: UserInfo, s: SubjectRef): boolean {
  if (s.kind === 'Group') return user.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') return user.name === serviceAccountUsername(s.namespace ?? '', s.name);
  return user.name === s.name;
}

const impersonate = (
  apiGroup: string,
  resource: string,
  subresource: string,
  namespace: string,
  name: string,
): RequestAttributes => ({
  kind: 'resource',
  verb: 'impersonate',
  apiGroup,
  resource,
  subresource,
  namespace,
  name,
});

/** The impersonation checks the real user passed, when the event ran as an impersonated user. */
export function impersonationChecks(iu: AuditUser): RequestAttributes[] {
  const out: RequestAttributes[] = [];
  const sa = parseServiceAccountUsername(iu.username);
  if (sa) out.push(impersonate('', 'serviceaccounts', '', sa.namespace, sa.name));
  else out.push(impersonate('', 'users', '', '', iu.username));
  const added = new Set<string>([
    iu.username === GROUP.anonymousUser ? GROUP.unauthenticated : GROUP.authenticated,
  ]);
  if (sa) {
    const saGroups = [GROUP.serviceAccounts, `${GROUP.serviceAccounts}:${sa.namespace}`];
    if (iu.groups.every((g) => added.has(g) || saGroups.includes(g))) for (const g of saGroups) added.add(g);
  }
  for (const g of iu.groups) if (!added.has(g)) out.push(impersonate('', 'groups', '', '', g));
  if (iu.uid !== '') out.push(impersonate(AUTHENTICATION_GROUP, 'uids', '', '', iu.uid));
  for (const [key, values] of Object.entries(iu.extra))
    for (const v of values) out.push(impersonate(AUTHENTICATION_GROUP, 'userextras', key, '', v));
  return out;
}

const Q = '"((?:[^"\\\\]|\\\\.)*)"';
const REFUSED = new RegExp(
  `^\\S+(?: ${Q})? is forbidden: User ${Q} cannot impersonate resource ${Q} in API group ${Q}(?: in the namespace ${Q}| at the cluster scope)`,
);

function unquote(s: string): string {
  if (!s.includes('\\')) return s;
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
}

/**
 * The impersonation check refused to the real user, read from a 403's status message;
 * undefined when the 403 is not the impersonation filter's.
 */
export function refusedImpersonation(e: AuditEvent): RequestAttributes | undefined {
  if (e.code !== 403 || e.impersonatedUser || !e.forbiddenMessage) return undefined;
  const m = REFUSED.exec(e.forbiddenMessage);
  if (!m) return undefined;
  const [, name = '', user = '', resource = '', group = '', ns = ''] = m;
  if (unquote(user) !== e.user.username) return undefined;
  const res = unquote(resource);
  const slash = res.indexOf('/');
  return impersonate(
    unquote(group),
    slash === -1 ? res : res.slice(0, slash),
    slash === -1 ? '' : res.slice(slash + 1),
    unquote(ns),
    unquote(name),
  );
}
