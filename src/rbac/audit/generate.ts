/**
 * Least-privilege RBAC from an audit collection: per subject, Roles and ClusterRoles
 * that allow every request the subject made (by default including the denied ones:
 * the workflow is to run a workload with no permissions and grant what it was
 * refused) and, with the widenings off, nothing else — proven by the replay tests,
 * which run every request through kzt's authorizer against the generated objects, and
 * requests that were not made as well.
 *
 * Left out, and counted in the summary:
 * - requests the existing RBAC (`existing`: the cluster's or manifests) already allows;
 *   without it, requests Kubernetes' default bindings already allow for the identity that made
 *   them (discovery, /version, /healthz, SelfSubjectReviews: system:discovery,
 *   system:basic-user, system:public-info-viewer, ... bound to system:authenticated and
 *   friends) — unless includeDefaults. Members of system:masters bypass RBAC and are
 *   not "allowed by the defaults" for this purpose;
 * - with allowedOnly, requests that never succeeded;
 * - requests whose fields contain the RBAC wildcard `*` (a resource, group or verb
 *   literally named `*`, a URL ending in `*`): no rule can grant them without granting
 *   everything the wildcard matches, so kzt refuses to and lists them.
 */
import { buildRbacIndexFromObjects, type RbacIndex } from '../index.js';
import type { RequestAttributes, UserInfo } from '../request.js';
import type { PolicyRule } from '../rules.js';
import { formatSubject, GROUP, type SubjectRef } from '../subjects.js';
import type { AuditCollection, IdentityUsage, RequestUsage } from './collect.js';
import { compactNonResourceGrants, compactResourceGrants } from './compact.js';
import { type EmittedObject, emitObjects, objectName } from './emit.js';
import { describeRequest, requestKey } from './normalize.js';
import { type SensitiveCategory, sensitiveCategory } from './sensitive.js';
import { canonicalSubject, subjectOfUsername, userMatchesSubject } from './subject.js';
import { GrantPlan, type Widening, type WideningOptions } from './widen.js';

export interface GenerateOptions extends WideningOptions {
  /** Only requests that succeeded at least once (default: every request, denied ones included). */
  allowedOnly?: boolean;
  /** Also grant what the default bindings already allow (default false). */
  includeDefaults?: boolean;
  /** Generate for these subjects; default: one subject per username in the log. */
  subjects?: readonly SubjectRef[];
  /**
   * RBAC that already exists (the cluster's, or manifests): requests it allows are left
   * out, so only what is missing is generated. Built by the caller, with the default
   * roles or not. Without it, the default bindings alone play that part (unless
   * includeDefaults).
   */
  existing?: RbacIndex;
}

export interface ReviewItem {
  request: RequestAttributes;
  allowed: number;
  denied: number;
  undetermined: number;
  category?: SensitiveCategory;
  /** Granted by the generated roles (false when --allowed-only left it out). */
  granted: boolean;
  /** Where it is granted: '' = the ClusterRole, else the Role in that namespace. */
  placement: string;
}

export interface SubjectResult {
  subject: SubjectRef;
  /** `user:NAME`, `group:NAME`, `sa:NS:NAME`. */
  label: string;
  /** The name of its generated objects. */
  name: string;
  counts: { distinct: number; total: number; allowed: number; denied: number; undetermined: number };
  /** Requests that were denied or undetermined at least once: for a person to review. */
  review: ReviewItem[];
  /** Sensitive requests that were allowed in the log and are granted. */
  sensitive: ReviewItem[];
  skipped: {
    /** Distinct requests already allowed by the default bindings (or by `existing`). */
    defaults: number;
    /** Distinct requests left out by allowedOnly. */
    notAllowed: number;
    /** Requests no rule can grant exactly. */
    wildcard: RequestAttributes[];
  };
  widenings: Widening[];
  cluster: PolicyRule[];
  namespaces: Array<[string, PolicyRule[]]>;
  objects: EmittedObject[];
}

export interface GenerateResult {
  subjects: SubjectResult[];
  /** Every generated object, in output order. */
  objects: EmittedObject[];
  /** --subject values that made no request in the log. */
  unmatched: SubjectRef[];
}

/** A request whose fields an RBAC rule would read as a wildcard. */
export function needsWildcard(r: RequestAttributes): boolean {
  if (r.kind === 'nonResource') return r.path === '*' || r.path.endsWith('*');
  return r.verb === '*' || r.apiGroup === '*' || r.resource === '*';
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The default bindings' verdict, computed once per identity and request. */
class AlreadyAllowed {
  constructor(private readonly index: RbacIndex) {}
  allows(user: UserInfo, r: RequestAttributes): boolean {
    // Not the cluster-admin binding of system:masters: a member of that group asking for
    // roles wants the roles that would replace it.
    return this.index
      .authorize(user, r)
      .via.some((g) => !(g.subject.kind === 'Group' && g.subject.name === GROUP.masters));
  }
}

function subjectsOf(
  collection: AuditCollection,
  options: GenerateOptions,
): {
  groups: Array<{ subject: SubjectRef; members: IdentityUsage[] }>;
  unmatched: SubjectRef[];
} {
  const identities = [...collection.identities.values()];
  if (options.subjects && options.subjects.length > 0) {
    const groups: Array<{ subject: SubjectRef; members: IdentityUsage[] }> = [];
    const unmatched: SubjectRef[] = [];
    const seen = new Set<string>();
    for (const spec of options.subjects.map(canonicalSubject)) {
      const label = formatSubject(spec);
      if (seen.has(label)) continue;
      seen.add(label);
      const members = identities.filter((i) => userMatchesSubject(i.user, spec));
      if (members.length === 0) unmatched.push(spec);
      else groups.push({ subject: spec, members });
    }
    return { groups, unmatched };
  }
  const byName = new Map<string, IdentityUsage[]>();
  for (const i of identities) {
    const l = byName.get(i.user.name);
    if (l) l.push(i);
    else byName.set(i.user.name, [i]);
  }
  return {
    groups: [...byName].map(([name, members]) => ({ subject: subjectOfUsername(name), members })),
    unmatched: [],
  };
}

export function generateRbac(collection: AuditCollection, options: GenerateOptions): GenerateResult {
  const defaults = options.existing
    ? new AlreadyAllowed(options.existing)
    : options.includeDefaults
      ? undefined
      : new AlreadyAllowed(buildRbacIndexFromObjects([], { builtinRoles: true }));
  const { groups, unmatched } = subjectsOf(collection, options);
  const results: SubjectResult[] = [];
  for (const { subject, members } of groups) results.push(generateFor(subject, members, options, defaults));
  results.sort((a, b) => cmp(a.label, b.label));
  return { subjects: results, objects: results.flatMap((r) => r.objects), unmatched };
}

function generateFor(
  subject: SubjectRef,
  members: readonly IdentityUsage[],
  options: GenerateOptions,
  defaults: AlreadyAllowed | undefined,
): SubjectResult {
  const merged = new Map<string, RequestUsage>();
  const defaultAllowed = new Set<string>();
  for (const m of members) {
    for (const [key, u] of m.requests) {
      if (defaults?.allows(m.user, u.request)) {
        defaultAllowed.add(key);
        continue;
      }
      const cur = merged.get(key);
      if (cur) {
        cur.allowed += u.allowed;
        cur.denied += u.denied;
        cur.undetermined += u.undetermined;
      } else merged.set(key, { ...u });
    }
  }
  // A request allowed by the defaults for one member but needed by another stays needed.
  for (const k of merged.keys()) defaultAllowed.delete(k);

  const counts = { distinct: merged.size, total: 0, allowed: 0, denied: 0, undetermined: 0 };
  const needed: RequestAttributes[] = [];
  const wildcard: RequestAttributes[] = [];
  let notAllowed = 0;
  const entries = [...merged.values()].sort((a, b) => cmp(requestKey(a.request), requestKey(b.request)));
  for (const u of entries) {
    counts.total += u.allowed + u.denied + u.undetermined;
    counts.allowed += u.allowed;
    counts.denied += u.denied;
    counts.undetermined += u.undetermined;
    if (options.allowedOnly && u.allowed === 0) {
      notAllowed++;
      continue;
    }
    if (needsWildcard(u.request)) {
      wildcard.push(u.request);
      continue;
    }
    needed.push(u.request);
  }

  const plan = GrantPlan.of(needed, options);
  const cluster = [
    ...compactResourceGrants(GrantPlan.grants(plan.cluster)),
    ...compactNonResourceGrants(plan.nonResourceGrants()),
  ];
  const namespaces: Array<[string, PolicyRule[]]> = [...plan.namespaces.keys()]
    .sort(cmp)
    .map((ns) => [ns, compactResourceGrants(GrantPlan.grants(plan.namespaces.get(ns)!))]);

  const review: ReviewItem[] = [];
  const sensitive: ReviewItem[] = [];
  for (const u of entries) {
    const category = sensitiveCategory(u.request);
    const granted = (!options.allowedOnly || u.allowed > 0) && !needsWildcard(u.request);
    const item: ReviewItem = {
      request: u.request,
      allowed: u.allowed,
      denied: u.denied,
      undetermined: u.undetermined,
      ...(category ? { category } : {}),
      granted,
      placement: granted ? plan.placement(u.request) : '',
    };
    if (u.denied > 0 || u.undetermined > 0) review.push(item);
    else if (category && granted) sensitive.push(item);
  }

  // Sensitive first: that is what a reviewer must not miss.
  const byConcern = (a: ReviewItem, b: ReviewItem) =>
    Number(b.category !== undefined) - Number(a.category !== undefined) ||
    cmp(describeRequest(a.request), describeRequest(b.request));
  review.sort(byConcern);
  sensitive.sort(byConcern);
  const objects = emitObjects({ subject, cluster, namespaces });
  annotate(objects, review, sensitive);
  return {
    subject,
    label: formatSubject(subject),
    name: objectName(subject),
    counts,
    review,
    sensitive,
    skipped: { defaults: defaultAllowed.size, notAllowed, wildcard },
    widenings: plan.widenings,
    cluster,
    namespaces,
    objects,
  };
}

const MAX_COMMENT_ITEMS = 50;

/** Puts the review items above the Role / ClusterRole that grants them. */
function annotate(objects: EmittedObject[], review: ReviewItem[], sensitive: ReviewItem[]): void {
  for (const o of objects) {
    if (o.object.kind !== 'Role' && o.object.kind !== 'ClusterRole') continue;
    const here = (i: ReviewItem) => i.granted && i.placement === o.namespace;
    const denied = review.filter(here);
    const sens = sensitive.filter(here);
    if (denied.length > 0) {
      o.comments.push('Includes requests that were NOT allowed in the audit log; review before applying:');
      for (const i of denied.slice(0, MAX_COMMENT_ITEMS)) o.comments.push(`  ${reviewLine(i)}`);
      if (denied.length > MAX_COMMENT_ITEMS)
        o.comments.push(`  … and ${denied.length - MAX_COMMENT_ITEMS} more`);
    }
    if (sens.length > 0) {
      o.comments.push('Grants sensitive access (allowed in the audit log):');
      for (const i of sens.slice(0, MAX_COMMENT_ITEMS)) o.comments.push(`  ${reviewLine(i)}`);
      if (sens.length > MAX_COMMENT_ITEMS) o.comments.push(`  … and ${sens.length - MAX_COMMENT_ITEMS} more`);
    }
  }
}

/** `! get secrets "db" in shop — denied 3× [secrets]` (the `!` marks sensitive requests). */
export function reviewLine(i: ReviewItem): string {
  const parts: string[] = [];
  if (i.denied > 0) parts.push(`denied ${i.denied}×`);
  if (i.undetermined > 0) parts.push(`failed ${i.undetermined}× (no authorization verdict)`);
  if (i.allowed > 0) parts.push(`allowed ${i.allowed}×`);
  return `${i.category ? '!' : ' '} ${describeRequest(i.request)} — ${parts.join(', ')}${i.category ? ` [${i.category}]` : ''}`;
}
