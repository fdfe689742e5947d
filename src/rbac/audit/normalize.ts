/**
 * An audit event → the request the authorizer saw (RequestAttributes), exactly.
 *
 * Resource requests come from `objectRef` and `verb`, which the audit layer copies
 * from the authorizer's own RequestInfo — with one trap: at level Metadata and above,
 * `LogRequestObject` fills an empty `objectRef.name` and `objectRef.namespace` from
 * the *request body*. So a `create` (POST to the collection, which the authorizer sees
 * without a name) is logged with the new object's name, and an update of a
 * cluster-scoped object whose body carries a stray `metadata.namespace` is logged in
 * that namespace. audit2rbac clears the name of creates (and still emits names for
 * create, its bug #24). We re-read namespace and name from the request path, as
 * RequestInfoFactory does, for the three verbs that carry a body; for the others
 * objectRef is the authorizer's view.
 *
 * Non-resource requests (no objectRef) use the path of `requestURI` without the
 * query string, percent-decoded as Go's URL.Path is: the authorizer matches the path
 * only, so `/version?timeout=32s` is the request `get /version` (audit2rbac keeps the
 * query and emits a rule that matches nothing).
 */
import type { RequestAttributes } from '../request.js';
import type { AuditEvent } from './event.js';

/** Path segments after /namespaces/{ns} that are subresources of the namespace, not resources in it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
/** Legacy verb prefixes: /api/v1/watch/..., /api/v1/proxy/... */
const SPECIAL_VERBS = new Set(['proxy', 'watch']);

export function pathOf(requestURI: string): string {
  let end = requestURI.length;
  const q = requestURI.indexOf('?');
  if (q !== -1) end = q;
  const h = requestURI.indexOf('#');
  if (h !== -1 && h < end) end = h;
  const raw = requestURI.slice(0, end);
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export interface ResourcePath {
  resource: string;
  namespace: string;
  name: string;
}

/** RequestInfoFactory's reading of /api/... and /apis/... paths; undefined when not a resource path. */
export function parseResourcePath(requestURI: string): ResourcePath | undefined {
  const path = pathOf(requestURI).replace(/^\/+|\/+$/g, '');
  const parts = path.split('/');
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) rest = parts.slice(2);
  else if (parts[0] === 'apis' && parts.length >= 3) rest = parts.slice(3);
  else return undefined;
  if (rest.length > 0 && SPECIAL_VERBS.has(rest[0]!)) {
    if (rest.length < 2) return undefined;
    rest = rest.slice(1);
  }
  if (rest.length === 0 || rest[0] === '') return undefined;
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1]!;
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  return { resource: rest[0]!, namespace, name: rest[1] ?? '' };
}

/** The request as the authorizer saw it. */
export function requestOf(e: AuditEvent): RequestAttributes {
  const ref = e.objectRef;
  if (!ref) return { kind: 'nonResource', verb: e.verb, path: pathOf(e.requestURI) };
  let namespace = ref.namespace;
  let name = ref.name;
  if (e.verb === 'create' || e.verb === 'update' || e.verb === 'patch') {
    const p = e.requestURI ? parseResourcePath(e.requestURI) : undefined;
    if (p && p.resource === ref.resource) {
      namespace = p.namespace;
      name = p.name;
    } else if (e.verb === 'create' && ref.subresource === '') {
      // No usable path: a create on a collection has no name for the authorizer.
      name = '';
    }
  }
  return {
    kind: 'resource',
    verb: e.verb,
    apiGroup: ref.apiGroup,
    resource: ref.resource,
    subresource: ref.subresource,
    namespace,
    name,
  };
}

/** A stable key for a request shape (NUL cannot occur in the fields of a real request). */
export function requestKey(r: RequestAttributes): string {
  return r.kind === 'resource'
    ? `r\0${r.verb}\0${r.apiGroup}\0${r.resource}\0${r.subresource}\0${r.namespace}\0${r.name}`
    : `n\0${r.verb}\0${r.path}`;
}

/** `get pods/log "web-1" in shop`, `list deployments.apps (all namespaces)`, `get /healthz`. */
export function describeRequest(r: RequestAttributes): string {
  if (r.kind === 'nonResource') return `${r.verb} ${r.path}`;
  const res = `${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ''}${r.subresource ? `/${r.subresource}` : ''}`;
  const name = r.name ? ` ${JSON.stringify(r.name)}` : '';
  const where = r.namespace ? ` in ${r.namespace}` : '';
  return `${r.verb} ${res}${name}${where}`;
}
