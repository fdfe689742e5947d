/**
 * Replay: every request the generated roles are meant to allow is run through an
 * authorizer, as the request's own identity (username and groups from the log). kzt
 * does this after every `rbac generate` against its own authorizer (src/rbac/index.ts)
 * with the generated objects plus the default bindings, so a generated role that
 * misses a request is an internal error, never a silent gap. The tests do the same,
 * and also check that requests that were not made are denied.
 *
 * The authorizer is a plain function, so the replay does not depend on how it is built.
 */

import type { Inventory } from '../../model/inventory.js';
import type { K8sObject } from '../../model/types.js';
import { buildRbacIndex, buildRbacIndexFromObjects } from '../index.js';
import type { RequestAttributes, UserInfo } from '../request.js';
import type { AuditCollection } from './collect.js';
import type { GenerateOptions, GenerateResult } from './generate.js';
import { needsWildcard } from './generate.js';
import { canonicalSubject, userMatchesSubject } from './subject.js';

export type Authorize = (user: UserInfo, req: RequestAttributes) => boolean;

export interface ReplayFailure {
  subject: string;
  user: UserInfo;
  request: RequestAttributes;
}

/**
 * kzt's authorizer over `objects` (and, by default, Kubernetes' default roles and
 * bindings), together with the RBAC of `inventory` when given (the existing RBAC the
 * objects were generated to complete).
 */
export function kztAuthorizer(
  objects: readonly K8sObject[],
  options: { builtinRoles?: boolean; inventory?: Inventory } = {},
): Authorize {
  const builtinRoles = options.builtinRoles ?? true;
  const index = options.inventory
    ? buildRbacIndex(options.inventory, { builtinRoles, extraObjects: objects })
    : buildRbacIndexFromObjects(objects, { builtinRoles });
  return (user, req) => index.authorize(user, req).allowed;
}

/** The requests of the log that the generated roles must allow, with who made them. */
export function* expectedAllowed(
  collection: AuditCollection,
  result: GenerateResult,
  options: Pick<GenerateOptions, 'allowedOnly'>,
): Generator<{ subject: string; user: UserInfo; request: RequestAttributes }> {
  for (const s of result.subjects) {
    const spec = canonicalSubject(s.subject);
    for (const identity of collection.identities.values()) {
      if (!userMatchesSubject(identity.user, spec)) continue;
      for (const u of identity.requests.values()) {
        if (options.allowedOnly && u.allowed === 0) continue;
        if (needsWildcard(u.request)) continue;
        yield { subject: s.label, user: identity.user, request: u.request };
      }
    }
  }
}

/** Every expected request the authorizer does not allow (empty = the roles are complete). */
export function replay(
  collection: AuditCollection,
  result: GenerateResult,
  options: Pick<GenerateOptions, 'allowedOnly'>,
  authorize: Authorize,
): ReplayFailure[] {
  const failures: ReplayFailure[] = [];
  for (const e of expectedAllowed(collection, result, options))
    if (!authorize(e.user, e.request)) failures.push(e);
  return failures;
}
