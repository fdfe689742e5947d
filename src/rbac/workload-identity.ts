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
 *
 * What a token can do depends only on its (namespace, service account), and for the
 * accounts whose own bindings grant nothing risky, only on the namespace (the grants
 * of its implicit groups). Risks are computed once per such class, not per workload,
 * and a workload whose account has no risk costs a few map lookups: its token and its
 * exposure are only resolved when they are read.
 */

import type { Inventory } from '../model/inventory.js';
import { getOrInsert } from '../model/maps.js';
import { resolveServiceAccountToken, type TokenResolution } from '../model/service-account-token.js';
import { serviceAccountOf, type Workload } from '../model/workloads.js';
import type { BindingDef, BindingSubject } from './bindings.js';
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
  /** Computed on first read. */
  readonly exposure: readonly ExposureReason[];
}

export function apiTokenOf(t: TokenResolution): WorkloadIdentity['apiToken'] {
  if (t.automount) return 'automount';
  if (t.projected.some((p) => p.audience === undefined)) return 'projected';
  if (t.legacySecrets.length > 0) return 'legacy-secret';
  return undefined;
}

/** The risks of an account with no risk (shared: most accounts). */
const NO_RISKS: readonly RiskFinding[] = Object.freeze([]);

/** The grants of these bindings whose rules give some risk (expected system grants left out). */
function riskyGrants(index: RbacIndex, entries: readonly { binding: BindingDef; subject: BindingSubject }[]) {
  const risky: GrantMatch[] = [];
  for (const { binding, subject } of entries) {
    if (isExpectedGrant(binding, subject)) continue;
    const role = index.roleOf(binding);
    if (!role) continue;
    const rules = role.rules;
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
      const rule = rules[ruleIndex]!;
      if (isRiskyRule(rule)) risky.push({ binding, subject, role, ruleIndex, rule });
    }
  }
  return risky;
}

export class WorkloadIdentities {
  /** Service accounts: namespace → name → risks. */
  private readonly perAccount = new Map<string, Map<string, readonly RiskFinding[]>>();
  /** Other subjects (users, groups), by subjectKey. */
  private readonly perSubject = new Map<string, readonly RiskFinding[]>();
  /** The risks of a namespace's accounts whose own bindings grant nothing risky. */
  private readonly perNamespace = new Map<string, readonly RiskFinding[]>();
  /** Whether a binding's role has a rule with some risk. */
  private readonly riskyBinding = new Map<BindingDef, boolean>();
  /** Every grant of a subject (grantsOf), by subjectKey. */
  private readonly allGrants = new Map<string, GrantMatch[]>();
  private exposureIndex: ExposureIndex | undefined;

  constructor(
    private readonly inventory: Inventory,
    private readonly index: RbacIndex,
  ) {}

  /** The risks of a service account's token (cached: thousands of pods share a few accounts). */
  account(subject: SubjectRef): { risks: readonly RiskFinding[] } {
    if (subject.kind === 'ServiceAccount')
      return { risks: this.serviceAccount(subject.namespace ?? '', subject.name) };
    const key = subjectKey(subject);
    let risks = this.perSubject.get(key);
    if (!risks) {
      // Only the rules that give a risk are materialised (most give none).
      risks = this.risksOf(subject);
      this.perSubject.set(key, risks);
    }
    return { risks };
  }

  private risksOf(subject: SubjectRef): readonly RiskFinding[] {
    const risks = risksOf(subject, riskyGrants(this.index, this.index.bindingsFor(userInfoFor(subject))));
    return risks.length === 0 ? NO_RISKS : risks;
  }

  private isRiskyBinding(b: BindingDef): boolean {
    let risky = this.riskyBinding.get(b);
    if (risky === undefined) {
      risky = this.index.roleOf(b)?.rules.some(isRiskyRule) ?? false;
      this.riskyBinding.set(b, risky);
    }
    return risky;
  }

  private serviceAccount(namespace: string, name: string): readonly RiskFinding[] {
    const byName = getOrInsert(this.perAccount, namespace, () => new Map<string, readonly RiskFinding[]>());
    let risks = byName.get(name);
    if (!risks) {
      const subject: SubjectRef = { kind: 'ServiceAccount', namespace, name };
      if (this.index.directBindingsOf(namespace, name).some((b) => this.isRiskyBinding(b))) {
        risks = this.risksOf(subject);
      } else {
        // Its own bindings give nothing risky (whichever of its entries a binding is visited
        // with): it has exactly the risky grants of its namespace's groups.
        let groups = this.perNamespace.get(namespace);
        if (!groups) {
          groups = this.risksOf(subject);
          this.perNamespace.set(namespace, groups);
        }
        risks = groups.length === 0 ? NO_RISKS : groups.map((f) => ({ ...f, subject }));
      }
      byName.set(name, risks);
    }
    return risks;
  }

  /** The risks of the token of a workload's account, without resolving the token (which may not be mounted). */
  accountRisks(workload: Workload): readonly RiskFinding[] {
    return this.serviceAccount(workload.resource.ref.namespace ?? 'default', serviceAccountOf(workload));
  }

  /** Every grant of a service account's token (cached). */
  grantsOf(subject: SubjectRef): GrantMatch[] {
    const key = subjectKey(subject);
    let grants = this.allGrants.get(key);
    if (!grants) {
      grants = this.index.grantsFor(userInfoFor(subject));
      this.allGrants.set(key, grants);
    }
    return grants;
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

  /** Why a workload is reachable from outside (the index is built on first use). */
  exposureOf(workload: Workload): ExposureReason[] {
    this.exposureIndex ??= new ExposureIndex(this.inventory);
    return this.exposureIndex.of(workload);
  }

  of(workload: Workload): WorkloadIdentity {
    const token = this.tokenOf(workload);
    const subject = {
      kind: 'ServiceAccount' as const,
      namespace: token.namespace,
      name: token.serviceAccount,
    };
    const risks = this.serviceAccount(subject.namespace, subject.name);
    const grantsOf = () => this.grantsOf(subject);
    const exposureOf = () => this.exposureOf(workload);
    let exposure: ExposureReason[] | undefined;
    return {
      workload,
      subject,
      token,
      apiToken: apiTokenOf(token),
      get grants() {
        return grantsOf();
      },
      risks,
      get exposure() {
        exposure ??= exposureOf();
        return exposure;
      },
    };
  }

  all(): WorkloadIdentity[] {
    return this.inventory.workloads().map((w) => this.of(w));
  }
}
