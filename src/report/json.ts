/**
 * `kzt scan -o json`: the stable machine-readable report, documented field by field in
 * docs/json-output.md. Objects are built field by field (not by spreading the engine's
 * types) so an internal field can never leak into the contract, and every documented
 * field is always present: null when it has no value, never absent, so consumers need
 * no existence checks. The check catalogue is left out (it is `kzt checks -o json`);
 * findings name their check.
 *
 * Bump JSON_SCHEMA_VERSION when a field changes meaning or disappears; adding a field
 * does not bump it.
 */
import type { Finding, ScanError, ScanResult, ScanWarning } from '../engine/types.js';
import { PILLARS } from '../engine/types.js';
import type { ObjectRef, SourceLocation } from '../model/types.js';
import { sortedFindings } from './common.js';
import { ARRAY_SLOT, streamDocument } from './stream.js';

export const JSON_SCHEMA_VERSION = 1;

function ref(r: ObjectRef) {
  return { apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace ?? null, name: r.name };
}

function location(l: SourceLocation) {
  return {
    file: l.file,
    line: l.line ?? null,
    column: l.column ?? null,
    helmSource: l.helmSource ?? null,
  };
}

function finding(f: Finding) {
  return {
    checkId: f.checkId,
    slug: f.slug,
    pillar: f.pillar,
    severity: f.severity,
    message: f.message,
    resource: f.resource ? ref(f.resource) : null,
    location: f.location ? location(f.location) : null,
    path: f.path,
    suppressed: f.suppressed,
    suppression: f.suppression
      ? {
          by: f.suppression.by,
          reason: f.suppression.reason ?? null,
          expires: f.suppression.expires ?? null,
        }
      : null,
    fingerprint: f.fingerprint,
  };
}

function error(e: ScanError) {
  return {
    code: e.code,
    message: e.message,
    checkId: e.checkId ?? null,
    resource: e.resource ? ref(e.resource) : null,
    location: e.location ? location(e.location) : null,
  };
}

function warning(w: ScanWarning) {
  return { code: w.code, message: w.message, location: w.location ? location(w.location) : null };
}

/** The report as a plain object (the JSON document, before serialisation). */
export function jsonReport(result: ScanResult) {
  return jsonReportWith(result, sortedFindings(result.findings).map(finding));
}

function jsonReportWith<F>(result: ScanResult, findings: F) {
  const s = result.summary;
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: result.tool.name, version: result.tool.version },
    summary: {
      resources: s.resources,
      files: s.files,
      checks: s.checks,
      findings: s.findings,
      suppressed: s.suppressed,
      bySeverity: {
        critical: s.bySeverity.critical,
        high: s.bySeverity.high,
        medium: s.bySeverity.medium,
        low: s.bySeverity.low,
        info: s.bySeverity.info,
      },
      errors: s.errors,
      warnings: s.warnings,
    },
    scores: {
      overall: result.scores.overall,
      pillars: Object.fromEntries(
        PILLARS.map((p) => {
          const ps = result.scores.pillars[p];
          return [p, { score: ps.score, findings: ps.findings, evaluated: ps.evaluated }];
        }),
      ),
    },
    options: { pss: { level: result.options.pss.level, version: result.options.pss.version } },
    findings,
    errors: result.errors.map(error),
    warnings: result.warnings.map(warning),
  };
}

/**
 * Writes one finding exactly as `JSON.stringify(finding(f), null, 2)` does at the depth of
 * the report's findings array (4 spaces; the first line's indent is streamDocument's),
 * without building the object or re-indenting the text: the JSON report of a large scan
 * has 100k+ findings. Strings with few distinct values (check, kind, file) are quoted once,
 * and the resource block is reused while consecutive findings are about the same object
 * (findings are sorted by file and object). A property test holds it equal to JSON.stringify.
 */
function findingWriter(): (f: Finding) => string {
  const quoted = new Map<string, string>();
  const qc = (v: string): string => {
    let t = quoted.get(v);
    if (t === undefined) {
      t = JSON.stringify(v);
      if (quoted.size < 65536) quoted.set(v, t);
    }
    return t;
  };
  let lastRef: ObjectRef | null = null;
  let lastRefText = 'null';
  const resourceText = (r: ObjectRef | null): string => {
    if (r === lastRef) return lastRefText;
    lastRef = r;
    lastRefText = r
      ? `{
        "apiVersion": ${qc(r.apiVersion)},
        "kind": ${qc(r.kind)},
        "namespace": ${r.namespace === undefined ? 'null' : qc(r.namespace)},
        "name": ${q(r.name)}
      }`
      : 'null';
    return lastRefText;
  };
  return (f) => {
    const l = f.location;
    const s = f.suppression;
    return `{
      "checkId": ${qc(f.checkId)},
      "slug": ${qc(f.slug)},
      "pillar": ${qc(f.pillar)},
      "severity": ${qc(f.severity)},
      "message": ${q(f.message)},
      "resource": ${resourceText(f.resource)},
      "location": ${
        l
          ? `{
        "file": ${qc(l.file)},
        "line": ${l.line === undefined ? 'null' : JSON.stringify(l.line)},
        "column": ${l.column === undefined ? 'null' : JSON.stringify(l.column)},
        "helmSource": ${l.helmSource === undefined ? 'null' : qc(l.helmSource)}
      }`
          : 'null'
      },
      "path": ${q(f.path)},
      "suppressed": ${f.suppressed},
      "suppression": ${
        s
          ? `{
        "by": ${qc(s.by)},
        "reason": ${s.reason === undefined ? 'null' : q(s.reason)},
        "expires": ${s.expires === undefined ? 'null' : q(s.expires)}
      }`
          : 'null'
      },
      "fingerprint": ${q(f.fingerprint)}
    }`;
  };
}

/** A JSON string literal. */
const q = (v: string): string => JSON.stringify(v);

/**
 * The report as text, in chunks (stream.ts). The output is exactly
 * `JSON.stringify(jsonReport(result), null, 2)` plus a newline.
 *
 * JSON.stringify writes lone surrogates as \uD800 escapes, so the file is valid UTF-8
 * and the value still round-trips exactly.
 */
export function streamJson(result: ScanResult): Generator<string> {
  return streamDocument(jsonReportWith(result, ARRAY_SLOT), sortedFindings(result.findings), findingWriter());
}

export function formatJson(result: ScanResult): string {
  return [...streamJson(result)].join('');
}
