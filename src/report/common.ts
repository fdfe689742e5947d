/**
 * Vocabulary shared by the formatters: how a resource, a location and a suppression are
 * named, the order findings are printed in, and where a check's documentation lives.
 */

import { isInReportOrder, sortFindings } from '../engine/order.js';
import type { Finding, Suppression } from '../engine/types.js';
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

/**
 * The order every report prints findings in (engine/order.ts). The engine already
 * returns findings in it, so this is a linear check; results built by hand are sorted.
 */
export function sortedFindings(findings: readonly Finding[]): readonly Finding[] {
  return isInReportOrder(findings) ? findings : sortFindings(findings);
}
