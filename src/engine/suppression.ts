/**
 * Suppression: a finding a person has decided to accept is still counted and listed,
 * marked suppressed with who decided and why, never silently dropped.
 *
 * - Annotation on the object (or on its Namespace): `kzt.io/ignore: "ZT-WL-003,ZT-WL-004"`
 *   (`*` for all checks), with an optional `kzt.io/ignore-reason`.
 * - Exclusions in `.kzt.yaml` (by check, namespace, kind and name, with reason and expiry).
 * - A baseline: findings already present in a previous JSON report.
 */
import type { Inventory } from '../model/inventory.js';
import { isRecord, type ObjectRef, type Resource } from '../model/types.js';
import type { Finding, Suppression } from './types.js';

export const IGNORE_ANNOTATION = 'kzt.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'kzt.io/ignore-reason';

export interface Exclusion {
  checks: readonly string[];
  namespaces?: readonly string[];
  kinds?: readonly string[];
  names?: readonly string[];
  reason: string;
  /** ISO date (YYYY-MM-DD); the exclusion stops applying after this day. */
  expires?: string;
}

/** Glob with `*` only, the way people write names in config files. */
export function globMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return re.test(value);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function listed(ids: string, checkId: string): boolean {
  return ids
    .split(',')
    .map((s) => s.trim())
    .some((id) => id === '*' || id === checkId);
}

function ignoreAnnotations(meta: unknown): { ids?: string; reason?: string } {
  if (!isRecord(meta) || !isRecord(meta.annotations)) return {};
  const a = meta.annotations;
  const out: { ids?: string; reason?: string } = {};
  if (typeof a[IGNORE_ANNOTATION] === 'string') out.ids = a[IGNORE_ANNOTATION];
  if (typeof a[IGNORE_REASON_ANNOTATION] === 'string' && a[IGNORE_REASON_ANNOTATION] !== '') {
    out.reason = a[IGNORE_REASON_ANNOTATION];
  }
  return out;
}

/** Namespace ignore annotations, looked up once per namespace rather than once per finding. */
const namespaceIgnores = new WeakMap<Inventory, Map<string, { ids?: string; reason?: string }>>();

export function annotationSuppression(
  resource: Resource,
  checkId: string,
  inventory: Inventory,
): Suppression | undefined {
  const own = ignoreAnnotations(resource.object.metadata);
  if (own.ids !== undefined && listed(own.ids, checkId)) {
    const s: Suppression = { by: 'annotation' };
    if (own.reason) s.reason = own.reason;
    return s;
  }
  const nsName = resource.ref.namespace;
  if (nsName) {
    let fromNs = namespaceIgnores.get(inventory)?.get(nsName);
    if (fromNs === undefined) {
      const ns = inventory.get('', 'Namespace', undefined, nsName);
      fromNs = ns ? ignoreAnnotations(ns.object.metadata) : {};
      const perInventory =
        namespaceIgnores.get(inventory) ?? new Map<string, { ids?: string; reason?: string }>();
      namespaceIgnores.set(inventory, perInventory);
      perInventory.set(nsName, fromNs);
    }
    if (fromNs.ids !== undefined && listed(fromNs.ids, checkId)) {
      return { by: 'annotation', reason: fromNs.reason ?? `ignored on namespace ${nsName}` };
    }
  }
  return undefined;
}

export function exclusionApplies(
  ex: Exclusion,
  checkId: string,
  ref: ObjectRef | null,
  today: string,
): boolean {
  if (ex.expires !== undefined && ex.expires < today) return false;
  if (!ex.checks.some((c) => globMatches(c, checkId))) return false;
  if (ex.namespaces && !ex.namespaces.some((n) => globMatches(n, ref?.namespace ?? ''))) return false;
  if (ex.kinds && !ex.kinds.some((k) => globMatches(k, ref?.kind ?? ''))) return false;
  if (ex.names && !ex.names.some((n) => globMatches(n, ref?.name ?? ''))) return false;
  return true;
}

export function configSuppression(
  exclusions: readonly Exclusion[],
  checkId: string,
  ref: ObjectRef | null,
  today: string,
): Suppression | undefined {
  for (const ex of exclusions) {
    if (exclusionApplies(ex, checkId, ref, today)) {
      const s: Suppression = { by: 'config', reason: ex.reason };
      if (ex.expires) s.expires = ex.expires;
      return s;
    }
  }
  return undefined;
}

/** Fingerprints of the findings in a previous `kzt scan -o json` report. */
export function baselineFingerprints(previous: unknown): Set<string> {
  const out = new Set<string>();
  if (!isRecord(previous) || !Array.isArray(previous.findings)) return out;
  for (const f of previous.findings) {
    if (isRecord(f) && typeof f.fingerprint === 'string') out.add(f.fingerprint);
  }
  return out;
}

export function markBaseline(findings: Finding[], fingerprints: ReadonlySet<string>): void {
  for (const f of findings) {
    if (!f.suppressed && fingerprints.has(f.fingerprint)) {
      f.suppressed = true;
      f.suppression = { by: 'baseline', reason: 'present in the baseline report' };
    }
  }
}
