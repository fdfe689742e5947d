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
  file: number;
  line: number;
  column: number;
  /** objectLabel(f.resource), made on the first comparison that needs it. */
  label: string | undefined;
}

function labelOf(k: Keyed): string {
  if (k.label === undefined) k.label = objectLabel(k.f.resource);
  return k.label;
}

/**
 * Sort keys for findings: the file becomes its rank among the distinct files (so the
 * comparison is on integers, not on long shared path prefixes); ties after position
 * fall back to strings.
 */
function keyed(findings: readonly Finding[]): Keyed[] {
  const files = new Map<string, number>();
  for (const f of findings) files.set(f.location?.file ?? '', 0);
  [...files.keys()].sort(cmp).forEach((file, i) => {
    files.set(file, i);
  });
  return findings.map((f) => ({
    f,
    rank: severityRank(f.severity),
    file: files.get(f.location?.file ?? '')!,
    line: f.location?.line ?? 0,
    column: f.location?.column ?? 0,
    label: undefined,
  }));
}

function compareKeyed(a: Keyed, b: Keyed): number {
  return (
    b.rank - a.rank ||
    a.file - b.file ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.f.checkId, b.f.checkId) ||
    cmp(labelOf(a), labelOf(b)) ||
    compareAfterObject(a.f, b.f)
  );
}

/** Everything after severity and position. */
function compareRest(a: Finding, b: Finding): number {
  return (
    cmp(a.checkId, b.checkId) ||
    cmp(objectLabel(a.resource), objectLabel(b.resource)) ||
    compareAfterObject(a, b)
  );
}

function compareAfterObject(a: Finding, b: Finding): number {
  return cmp(a.path, b.path) || cmp(a.message, b.message) || cmp(a.fingerprint, b.fingerprint);
}

/** A sorted copy. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const keys = keyed(findings);
  keys.sort(compareKeyed);
  return keys.map((k) => k.f);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    cmp(a.location?.file ?? '', b.location?.file ?? '') ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    compareRest(a, b)
  );
}

/** True when already in report order (the engine's output is): a linear check. */
export function isInReportOrder(findings: readonly Finding[]): boolean {
  for (let i = 1; i < findings.length; i++) {
    if (compareFindings(findings[i - 1]!, findings[i]!) > 0) return false;
  }
  return true;
}
