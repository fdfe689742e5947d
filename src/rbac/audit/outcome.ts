/**
 * Was a request allowed? The authorizer's own verdict is the annotation
 * `authorization.k8s.io/decision` (allow | forbid), written by the authorization
 * filter at audit level Metadata and above; when it is present it decides. Without
 * it we fall back on the response code: below 400 the request got through
 * authorization, 403 is a refusal. Any other failure (404 on a missing object, 409,
 * 422, 429, 500, or no status at all) says nothing certain about authorization:
 * such a request is "undetermined". It is kept by default, like a denied request (it
 * was attempted), and dropped by --allowed-only.
 */
import type { AuditEvent } from './event.js';

export type Outcome = 'allowed' | 'denied' | 'undetermined';

export function outcomeOf(e: Pick<AuditEvent, 'decision' | 'code'>): Outcome {
  if (e.decision === 'allow') return 'allowed';
  if (e.decision === 'forbid') return 'denied';
  if (e.code === undefined) return 'undetermined';
  if (e.code === 403) return 'denied';
  if (e.code < 400) return 'allowed';
  return 'undetermined';
}
