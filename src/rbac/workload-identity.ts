/**
 * Every workload → the service account it runs as (`default` when none is named) →
 * whether its pods hold a token the API server accepts → what that token can do
 * (effective permissions, implicit groups included) → the dangerous ones (risks.ts)
 * → whether the workload is reachable from outside (exposure.ts).
 *
 * Token resolution is model/service-account-token.ts (pod field over ServiceAccount
 * field over the default `true`; projected serviceAccountToken volumes; legacy token
 * Secrets mounted as volumes). A projected token with an explicit audience is for
 * another system and is not counted as an API credential.
 */
import type { Inventory } from '../model/inventory.js';
import { resolveServiceAccountToken, type TokenResolution } from '../model/service-account-token.js';
import type { Workload } from '../model/workloads.js';
import { ExposureIndex, type ExposureReason } from './exposure.js';
import type { GrantMatch, RbacIndex } from './index.js';
import { isExpectedGrant, type RiskFinding, risksOf } from './risks.js';
import { type SubjectRef, subjectKey, userInfoFor } from './subjects.js';

export interface WorkloadIdentity {
  workload: Workload;
  subject: SubjectRef & { kind: 'ServiceAccount'; namespace: string };
  token: TokenResolution;
  /** The pods hold a token the API server accepts, and how. */
  apiToken: 'automount' | 'projected' | 'legacy-secret' | undefined;
  grants: readonly GrantMatch[];
  risks: readonly RiskFinding[];
  exposure: readonly ExposureReason[];
}

export function apiTokenOf(t: TokenResolution): WorkloadIdentity['apiToken'] {
  if (t.automount) return 'automount';
  if (t.projected.some((p) => p.audience === undefined)) return 'projected';
  if (t.legacySecrets.length > 0) return 'legacy-secret';
  return undefined;
}

export class WorkloadIdentities {
  private readonly perAccount = new Map<string, { grants: GrantMatch[]; risks: RiskFinding[] }>();
  private readonly exposure: ExposureIndex;

  constructor(
    private readonly inventory: Inventory,
    private readonly index: RbacIndex,
  ) {
    this.exposure = new ExposureIndex(inventory);
  }

  /** What a service account's token can do (cached: thousands of pods share a few accounts). */
  account(subject: SubjectRef): { grants: GrantMatch[]; risks: RiskFinding[] } {
    const key = subjectKey(subject);
    let e = this.perAccount.get(key);
    if (!e) {
      const grants = this.index.grantsFor(userInfoFor(subject));
      const unexpected = grants.filter((g) => !isExpectedGrant(g.binding, g.subject));
      e = { grants, risks: risksOf(subject, unexpected) };
      this.perAccount.set(key, e);
    }
    return e;
  }

  of(workload: Workload): WorkloadIdentity {
    const token = resolveServiceAccountToken(workload, this.inventory);
    const subject = {
      kind: 'ServiceAccount' as const,
      namespace: token.namespace,
      name: token.serviceAccount,
    };
    const { grants, risks } = this.account(subject);
    return {
      workload,
      subject,
      token,
      apiToken: apiTokenOf(token),
      grants,
      risks,
      exposure: this.exposure.of(workload),
    };
  }

  all(): WorkloadIdentity[] {
    return this.inventory.workloads().map((w) => this.of(w));
  }
}
