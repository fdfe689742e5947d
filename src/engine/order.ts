/**
 * The order findings are listed in, everywhere: worst first, then by file and position,
 * then by check, object, path, message and fingerprint, so the output never depends on
 * the order checks ran in. Sort keys are computed once per finding, not per comparison.
 */
import type { ObjectRef } from '../model/types.js';
import { type Finding, severityRank } from './types.js';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function objectLabel(ref: ObjectRef | null): string {
  if (!ref) return '(document)';
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

interface Keyed {
  f: Finding;
  rank: number;
  file: string;
  line: number;
  column: number;
  object: string;
}

function keyOf(f: Finding): Keyed {
  return {
    f,
    rank: severityRank(f.severity),
    file: f.location?.file ?? '',
    line: f.location?.line ?? 0,
    column: f.location?.column ?? 0,
    object: objectLabel(f.resource),
  };
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

/** A sorted copy. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const keyed = findings.map(keyOf);
  keyed.sort(compareKeyed);
  return keyed.map((k) => k.f);
}

/** True when already in report order (the engine's output is): a linear check. */
export function isInReportOrder(findings: readonly Finding[]): boolean {
  for (let i = 1; i < findings.length; i++) {
    if (compareKeyed(keyOf(findings[i - 1]!), keyOf(findings[i]!)) > 0) return false;
  }
  return true;
}
