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
 * accounts no binding names directly, only on the namespace (the grants of its
 * implicit groups). Risks are computed once per such class, not per workload, and a
 * workload whose account has no risk costs two map lookups: its token and its
 * exposure are only resolved when they are read.
 */
import type { Inventory } from '../model/inventory.js';
import { resolveServiceAccountToken, type TokenResolution } from '../model/service-account-token.js';
import { serviceAccountOf, type Workload } from '../model/workloads.js';
import type { BindingDef, BindingSubject } from './bindings.js';
import { ExposureIndex, type ExposureReason } from './exposure.js';
import type { GrantMatch, RbacIndex } from './index.js';
import { isExpectedGrant, isRiskyRule, type RiskFinding, risksOf } from './risks.js';
import { type SubjectRef, serviceAccountUsername, subjectKey, userInfoFor } from './subjects.js';

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

interface AccountEntry {
  risks: RiskFinding[];
  grants?: GrantMatch[];
}

/** The risky grants of a namespace's implicit groups, and their risks for a placeholder subject. */
interface NamespaceGroups {
  risks: RiskFinding[];
}

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
  /** Service accounts: namespace → name → entry. */
  private readonly perAccount = new Map<string, Map<string, AccountEntry>>();
  /** Other subjects (users, groups), by subjectKey. */
  private readonly perSubject = new Map<string, AccountEntry>();
  private readonly perNamespace = new Map<string, NamespaceGroups>();
  private exposureIndex: ExposureIndex | undefined;

  constructor(
    private readonly inventory: Inventory,
    private readonly index: RbacIndex,
  ) {}

  /** The risks of a service account's token (cached: thousands of pods share a few accounts). */
  account(subject: SubjectRef): { risks: RiskFinding[]; grants?: GrantMatch[] } {
    if (subject.kind === 'ServiceAccount') return this.serviceAccount(subject.namespace ?? '', subject.name);
    const key = subjectKey(subject);
    let e = this.perSubject.get(key);
    if (!e) {
      // Only the rules that give a risk are materialised (most give none).
      e = { risks: risksOf(subject, riskyGrants(this.index, this.index.bindingsFor(userInfoFor(subject)))) };
      this.perSubject.set(key, e);
    }
    return e;
  }

  private serviceAccount(namespace: string, name: string): AccountEntry {
    let byName = this.perAccount.get(namespace);
    if (!byName) {
      byName = new Map();
      this.perAccount.set(namespace, byName);
    }
    let e = byName.get(name);
    if (!e) {
      const subject: SubjectRef = { kind: 'ServiceAccount', namespace, name };
      if (this.index.namesUser(serviceAccountUsername(namespace, name))) {
        e = {
          risks: risksOf(subject, riskyGrants(this.index, this.index.bindingsFor(userInfoFor(subject)))),
        };
      } else {
        // No binding names the account: it has exactly the grants of its namespace's groups.
        const groups = this.namespaceGroups(namespace, subject);
        e = { risks: groups.risks.length === 0 ? [] : groups.risks.map((f) => ({ ...f, subject })) };
      }
      byName.set(name, e);
    }
    return e;
  }

  /** `subject`: an account of the namespace that no binding names, whose grants are those of the groups. */
  private namespaceGroups(namespace: string, subject: SubjectRef): NamespaceGroups {
    let g = this.perNamespace.get(namespace);
    if (!g) {
      g = { risks: risksOf(subject, riskyGrants(this.index, this.index.bindingsFor(userInfoFor(subject)))) };
      this.perNamespace.set(namespace, g);
    }
    return g;
  }

  /** The risks of the token of a workload's account, without resolving the token (which may not be mounted). */
  accountRisks(workload: Workload): readonly RiskFinding[] {
    return this.serviceAccount(workload.resource.ref.namespace ?? 'default', serviceAccountOf(workload))
      .risks;
  }

  /** Every grant of a service account's token. */
  grantsOf(subject: SubjectRef): GrantMatch[] {
    const e = this.account(subject);
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
    const { risks } = this.serviceAccount(subject.namespace, subject.name);
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
