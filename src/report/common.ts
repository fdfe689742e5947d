/**
 * Vocabulary shared by the formatters: how a resource, a location and a suppression are
 * named, the order findings are printed in, and where a check's documentation lives.
 */
import type { Finding, Suppression } from '../engine/types.js';
import { severityRank } from '../engine/types.js';
import type { ObjectRef, SourceLocation } from '../model/types.js';

/**
 * Where a check's documentation is: the generated page shipped with kzt (and in its
 * repository), and `kzt checks ID` offline. kzt has no public URL yet, so reports point
 * at these rather than at an invented web address; SARIF omits helpUri accordingly.
 */
export function checkDocRef(checkId: string): string {
  return `docs/checks/${checkId}.md (kzt checks ${checkId})`;
}

/** Kind/namespace/name, or Kind/name for cluster-scoped objects. Not escaped. */
export function resourceLabel(ref: ObjectRef | null | undefined): string {
  if (!ref) return '(document)';
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** file:line:column, as editors and CI logs link them. Not escaped. */
export function locationLabel(loc: SourceLocation | null | undefined): string {
  if (!loc) return '';
  let s = loc.file;
  if (loc.line) s += `:${loc.line}`;
  if (loc.line && loc.column) s += `:${loc.column}`;
  return s;
}

/** file:line:column, and the Helm template it was rendered from when known. Not escaped. */
export function originLabel(loc: SourceLocation | null | undefined): string {
  const where = locationLabel(loc);
  return loc?.helmSource ? `${where} (from ${loc.helmSource})` : where;
}

const SUPPRESSED_BY: Record<Suppression['by'], string> = {
  annotation: 'annotation kzt.io/ignore',
  config: 'exclusion in the configuration file',
  baseline: 'baseline',
};

/** Who suppressed a finding and why, in one line. Not escaped. */
export function suppressionLabel(s: Suppression | undefined): string {
  if (!s) return 'suppressed';
  let out = `suppressed by ${SUPPRESSED_BY[s.by]}`;
  if (s.reason) out += `: ${s.reason}`;
  if (s.expires) out += ` (until ${s.expires})`;
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Keyed {
  f: Finding;
  rank: number;
  file: string;
  line: number;
  column: number;
  object: string;
}

function compareKeyed(a: Keyed, b: Keyed): number {
  return (
    b.rank - a.rank ||
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.f.checkId, b.f.checkId) ||
    cmp(a.object, b.object) ||
    cmp(a.f.path, b.f.path) ||
    cmp(a.f.message, b.f.message) ||
    cmp(a.f.fingerprint, b.f.fingerprint)
  );
}

/**
 * The order every report prints findings in: worst first, then by file and position,
 * then by check, object, path and message, so the output does not depend on the order
 * checks ran in. Sort keys are computed once per finding (not per comparison): reports
 * of 100k findings spend their time writing, not sorting.
 */
export function sortedFindings(findings: readonly Finding[]): Finding[] {
  const keyed: Keyed[] = findings.map((f) => ({
    f,
    rank: severityRank(f.severity),
    file: f.location?.file ?? '',
    line: f.location?.line ?? 0,
    column: f.location?.column ?? 0,
    object: resourceLabel(f.resource),
  }));
  keyed.sort(compareKeyed);
  return keyed.map((k) => k.f);
}
