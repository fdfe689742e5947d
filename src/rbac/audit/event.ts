/**
 * One audit.k8s.io Event, validated and reduced to what RBAC analysis needs.
 *
 * The reduced form deliberately has no place for `requestObject`, `responseObject`
 * or `responseStatus.message` bodies: they can hold Secrets, tokens and TokenRequests,
 * and what is not copied cannot leak into a report. (The one exception, the message
 * of a 403, is read once by subject.ts to recognise a refused impersonation, and
 * dropped.)
 *
 * Types follow staging/src/k8s.io/apiserver/pkg/apis/audit/v1/types.go. Events of
 * audit.k8s.io/v1beta1 have the same fields for everything read here. Items of an
 * EventList usually carry no kind/apiVersion, so both may be absent.
 */
import { isRecord } from '../../model/types.js';

export interface AuditUser {
  username: string;
  groups: string[];
  uid: string;
  /** user.extra: key → values; kept for impersonatedUser only (empty for user). */
  extra: Record<string, string[]>;
}

export interface AuditObjectRef {
  apiGroup: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

export interface AuditEvent {
  auditID: string;
  /** '' when the event has no stage (then it is taken as the only event of its request). */
  stage: string;
  verb: string;
  requestURI: string;
  user: AuditUser;
  impersonatedUser?: AuditUser;
  objectRef?: AuditObjectRef;
  /** responseStatus.code */
  code?: number;
  /** Only kept for code 403 (see subject.ts); never stored or printed. */
  forbiddenMessage?: string;
  /** annotations["authorization.k8s.io/decision"]: "allow" | "forbid" */
  decision?: string;
  /** annotations["authorization.k8s.io/reason"] */
  reason?: string;
  /** requestReceivedTimestamp, else stageTimestamp, else '' */
  timestamp: string;
}

export type EventParse = { ok: true; event: AuditEvent } | { ok: false; message: string };

const API_VERSIONS = new Set(['audit.k8s.io/v1', 'audit.k8s.io/v1beta1']);

const bad = (message: string): EventParse => ({ ok: false, message });

/**
 * A kind or apiVersion quoted in a message only when it looks like one (`Pod`,
 * `apps/v1`): a hostile or garbled line could carry a credential in any field.
 */
function shownKind(v: unknown): string {
  return typeof v === 'string' && /^[A-Z][a-z]+(?:[A-Z][a-z]+){0,5}$/.test(v) ? ` (kind ${v})` : '';
}
function shownApiVersion(v: unknown): string {
  return typeof v === 'string' &&
    /^(?:[a-z][a-z0-9-]{0,30}(?:\.[a-z][a-z0-9-]{0,30}){0,5}\/)?v[0-9]{1,2}(?:(?:alpha|beta)[0-9]{1,2})?$/.test(
      v,
    )
    ? ` (apiVersion ${v})`
    : '';
}

function optString(o: Record<string, unknown>, key: string): string | undefined | null {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : null;
}

const NO_EXTRA: Record<string, string[]> = Object.freeze({}) as Record<string, string[]>;

function parseUser(v: unknown, field: string): AuditUser | string {
  if (!isRecord(v)) return `${field} is not an object`;
  const username = optString(v, 'username');
  if (username === null) return `${field}.username is not a string`;
  const groups: string[] = [];
  if (v.groups !== undefined && v.groups !== null) {
    if (!Array.isArray(v.groups)) return `${field}.groups is not a list`;
    for (const g of v.groups) {
      if (typeof g !== 'string') return `${field}.groups has an entry that is not a string`;
      groups.push(g);
    }
  }
  const uid = optString(v, 'uid');
  if (uid === null) return `${field}.uid is not a string`;
  let extra: Record<string, string[]> = NO_EXTRA;
  if (v.extra !== undefined && v.extra !== null) {
    if (!isRecord(v.extra)) return `${field}.extra is not an object`;
    for (const k in v.extra) {
      const vals = v.extra[k];
      if (!Array.isArray(vals)) return `${field}.extra has a value that is not a list of strings`;
      for (const x of vals)
        if (typeof x !== 'string') return `${field}.extra has a value that is not a list of strings`;
    }
    // Only an impersonated user's extras are used (userextras checks); a real user's are
    // validated and dropped, so that a request waiting for its final stage stays small.
    if (field === 'impersonatedUser') extra = v.extra as Record<string, string[]>;
  }
  return { username: username ?? '', groups, uid: uid ?? '', extra };
}

function parseObjectRef(v: unknown): AuditObjectRef | string {
  if (!isRecord(v)) return 'objectRef is not an object';
  const fields = ['apiGroup', 'resource', 'subresource', 'namespace', 'name'] as const;
  const out: Record<string, string> = {};
  for (const f of fields) {
    const s = optString(v, f);
    if (s === null) return `objectRef.${f} is not a string`;
    out[f] = s ?? '';
  }
  if (out.resource === '') return 'objectRef has no resource';
  return out as unknown as AuditObjectRef;
}

/** Validates one decoded JSON value as an audit Event. */
export function parseAuditEvent(v: unknown): EventParse {
  if (!isRecord(v)) return bad(Array.isArray(v) ? 'a JSON array, not an audit Event' : 'not a JSON object');
  if (v.kind !== undefined && v.kind !== 'Event') return bad(`not an audit Event${shownKind(v.kind)}`);
  if (v.apiVersion !== undefined && !(typeof v.apiVersion === 'string' && API_VERSIONS.has(v.apiVersion)))
    return bad(
      v.apiVersion === 'v1' || v.apiVersion === 'events.k8s.io/v1'
        ? 'a Kubernetes Event (kubectl get events), not an audit.k8s.io Event'
        : `not an audit.k8s.io/v1 Event${shownApiVersion(v.apiVersion)}`,
    );
  const verb = v.verb;
  if (typeof verb !== 'string' || verb === '') return bad('the event has no verb');
  const requestURI = optString(v, 'requestURI');
  if (requestURI === null) return bad('requestURI is not a string');
  if (v.user === undefined || v.user === null) return bad('the event has no user');
  const user = parseUser(v.user, 'user');
  if (typeof user === 'string') return bad(user);
  let impersonatedUser: AuditUser | undefined;
  if (v.impersonatedUser !== undefined && v.impersonatedUser !== null) {
    const u = parseUser(v.impersonatedUser, 'impersonatedUser');
    if (typeof u === 'string') return bad(u);
    impersonatedUser = u;
  }
  let objectRef: AuditObjectRef | undefined;
  if (v.objectRef !== undefined && v.objectRef !== null) {
    const o = parseObjectRef(v.objectRef);
    if (typeof o === 'string') return bad(o);
    objectRef = o;
  }
  if (!objectRef && !requestURI) return bad('the event has neither objectRef nor requestURI');
  const auditID = optString(v, 'auditID');
  if (auditID === null) return bad('auditID is not a string');
  const stage = optString(v, 'stage');
  if (stage === null) return bad('stage is not a string');
  let code: number | undefined;
  let forbiddenMessage: string | undefined;
  if (v.responseStatus !== undefined && v.responseStatus !== null) {
    if (!isRecord(v.responseStatus)) return bad('responseStatus is not an object');
    const c = v.responseStatus.code;
    if (c !== undefined && c !== null) {
      if (typeof c !== 'number' || !Number.isInteger(c)) return bad('responseStatus.code is not an integer');
      code = c;
      if (c === 403 && typeof v.responseStatus.message === 'string')
        forbiddenMessage = v.responseStatus.message;
    }
  }
  let decision: string | undefined;
  let reason: string | undefined;
  if (v.annotations !== undefined && v.annotations !== null) {
    if (!isRecord(v.annotations)) return bad('annotations is not an object');
    const d = v.annotations['authorization.k8s.io/decision'];
    if (typeof d === 'string') decision = d;
    const r = v.annotations['authorization.k8s.io/reason'];
    if (typeof r === 'string') reason = r;
  }
  const received = optString(v, 'requestReceivedTimestamp');
  const staged = optString(v, 'stageTimestamp');
  const timestamp = (received || staged || (typeof v.timestamp === 'string' ? v.timestamp : '')) ?? '';
  // Built field by field: this runs once per event, and spreads allocate.
  const event: AuditEvent = {
    auditID: auditID ?? '',
    stage: stage ?? '',
    verb,
    requestURI: requestURI ?? '',
    user,
    timestamp,
  };
  if (impersonatedUser) event.impersonatedUser = impersonatedUser;
  if (objectRef) event.objectRef = objectRef;
  if (code !== undefined) event.code = code;
  if (forbiddenMessage !== undefined) event.forbiddenMessage = forbiddenMessage;
  if (decision !== undefined) event.decision = decision;
  if (reason !== undefined) event.reason = reason;
  return { ok: true, event };
}
