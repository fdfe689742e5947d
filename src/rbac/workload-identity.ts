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
import { isExpectedGrant, isRiskyRule, type RiskFinding, risksOf } from './risks.js';
import { type SubjectRef, subjectKey, userInfoFor } from './subjects.js';

export interface WorkloadIdentity {
  workload: Workload;
  subject: SubjectRef & { kind: 'ServiceAccount'; namespace: string };
  token: TokenResolution;
  /** The pods hold a token the API server accepts, and how. */
  apiToken: 'automount' | 'projected' | 'legacy-secret' | undefined;
  /** Every grant the token carries (implicit groups included); computed on first read. */
  readonly grants: readonly GrantMatch[];
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
  private readonly perAccount = new Map<string, { risks: RiskFinding[]; grants?: GrantMatch[] }>();
  private readonly exposure: ExposureIndex;

  constructor(
    private readonly inventory: Inventory,
    private readonly index: RbacIndex,
  ) {
    this.exposure = new ExposureIndex(inventory);
  }

  /** The risks of a service account's token (cached: thousands of pods share a few accounts). */
  account(subject: SubjectRef): { risks: RiskFinding[]; grants?: GrantMatch[] } {
    const key = subjectKey(subject);
    let e = this.perAccount.get(key);
    if (!e) {
      // Only the rules that give a risk are materialised (most give none).
      const risky: GrantMatch[] = [];
      for (const { binding, subject: s } of this.index.bindingsFor(userInfoFor(subject))) {
        if (isExpectedGrant(binding, s)) continue;
        const role = this.index.roleOf(binding);
        if (!role) continue;
        role.rules.forEach((rule, ruleIndex) => {
          if (isRiskyRule(rule)) risky.push({ binding, subject: s, role, ruleIndex, rule });
        });
      }
      e = { risks: risksOf(subject, risky) };
      this.perAccount.set(key, e);
    }
    return e;
  }

  /** Every grant of a service account's token. */
  grantsOf(subject: SubjectRef): GrantMatch[] {
    const e = this.perAccount.get(subjectKey(subject)) ?? this.account(subject);
    e.grants ??= this.index.grantsFor(userInfoFor(subject));
    return e.grants;
  }

  private readonly tokens = new Map<number, TokenResolution>();

  /** The token resolution of a workload (cached: the escalation graph needs it too). */
  tokenOf(workload: Workload): TokenResolution {
    let t = this.tokens.get(workload.resource.id);
    if (!t) {
      t = resolveServiceAccountToken(workload, this.inventory);
      this.tokens.set(workload.resource.id, t);
    }
    return t;
  }

  of(workload: Workload): WorkloadIdentity {
    const token = this.tokenOf(workload);
    const subject = {
      kind: 'ServiceAccount' as const,
      namespace: token.namespace,
      name: token.serviceAccount,
    };
    const { risks } = this.account(subject);
    const grantsOf = () => this.grantsOf(subject);
    return {
      workload,
      subject,
      token,
      apiToken: apiTokenOf(token),
      get grants() {
        return grantsOf();
      },
      risks,
      exposure: this.exposure.of(workload),
    };
  }

  all(): WorkloadIdentity[] {
    return this.inventory.workloads().map((w) => this.of(w));
  }
}
