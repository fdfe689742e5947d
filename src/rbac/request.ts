/**
 * A request as the RBAC authorizer sees it (k8s.io/apiserver authorizer.Attributes).
 * Shared by the authorizer, who-can queries and audit-log replay.
 */
export interface UserInfo {
  /** e.g. "alice", "system:serviceaccount:ns:name", "system:anonymous". */
  name: string;
  /** Groups as the authenticator set them (implicit groups included, e.g. system:authenticated). */
  groups: readonly string[];
}

export interface ResourceRequest {
  kind: 'resource';
  verb: string;
  /** '' for the core group. */
  apiGroup: string;
  resource: string;
  /** '' when none. */
  subresource: string;
  /** '' for cluster-scoped requests or requests across all namespaces. */
  namespace: string;
  /** '' when the request has no name (list, watch, create, deletecollection). */
  name: string;
}

export interface NonResourceRequest {
  kind: 'nonResource';
  verb: string;
  /** The URL path without the query string, e.g. /healthz or /apis. */
  path: string;
}

export type RequestAttributes = ResourceRequest | NonResourceRequest;
