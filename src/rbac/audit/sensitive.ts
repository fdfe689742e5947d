/**
 * Requests a reviewer must look at twice before granting them (notes/rbac.md §4):
 * reading or writing Secrets; anything on RBAC objects (or the bind/escalate checks),
 * which leads to every other permission; minting or checking credentials
 * (TokenRequests, TokenReviews, CertificateSigningRequests); impersonation; and code
 * execution or proxying into pods and nodes.
 */
import type { RequestAttributes } from '../request.js';

export type SensitiveCategory = 'secrets' | 'rbac' | 'tokens' | 'impersonation' | 'exec';

const EXEC_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy', 'ephemeralcontainers']);

export function sensitiveCategory(r: RequestAttributes): SensitiveCategory | undefined {
  if (r.kind !== 'resource') return undefined;
  if (r.verb === 'impersonate') return 'impersonation';
  if (r.verb === 'bind' || r.verb === 'escalate') return 'rbac';
  if (r.apiGroup === 'rbac.authorization.k8s.io') return 'rbac';
  if (r.apiGroup === '') {
    if (r.resource === 'secrets') return 'secrets';
    if (r.resource === 'serviceaccounts' && r.subresource === 'token') return 'tokens';
    if (
      (r.resource === 'pods' || r.resource === 'nodes' || r.resource === 'services') &&
      EXEC_SUBRESOURCES.has(r.subresource)
    )
      return 'exec';
  }
  if (r.apiGroup === 'authentication.k8s.io' && r.resource === 'tokenreviews') return 'tokens';
  if (r.apiGroup === 'certificates.k8s.io' && r.resource === 'certificatesigningrequests') return 'tokens';
  return undefined;
}
