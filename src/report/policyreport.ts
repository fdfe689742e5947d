/**
 * `kzt scan -o policyreport`: `wgpolicyk8s.io/v1alpha2` reports, the CRD that Kyverno,
 * Policy Reporter and the Trivy adapter use, as a multi-document YAML stream to
 * `kubectl apply -f`:
 *
 * - one `PolicyReport` per namespace that has findings, scoped to that Namespace;
 * - one `ClusterPolicyReport` for cluster-scoped objects, and for what has no object at
 *   all: findings about a document that did not parse (ZT-IN-*) and errors that name no
 *   object (an unreadable file). Those results have no `resources`; their file and line
 *   are in `properties`.
 *
 * Each finding is a result: `policy` = check id, `rule` = slug, `result` = fail (skip when
 * suppressed, with who and why in properties), `category` = pillar, `source` = kzt, and the
 * object in `resources`. `properties` is a map of strings in the CRD, so numbers and lists
 * are written as strings. A check error on an object is a result `error`.
 *
 * kzt reports what fails, not each object × check that passed, so `summary.pass` is 0.
 *
 * Every string is double-quoted in the YAML: kubectl reads YAML 1.1, where an unquoted
 * `yes`, `on` or `0755` in a name or message would not be a string.
 */
import {
  type CheckMeta,
  type Finding,
  PILLAR_TITLES,
  type ScanError,
  type ScanResult,
} from '../engine/types.js';
import type { ObjectRef } from '../model/types.js';
import { sortedFindings, suppressionLabel } from './common.js';
import type { ReportContext } from './index.js';
import { toYamlDocument } from './yaml-emit.js';

export const POLICY_REPORT_API = 'wgpolicyk8s.io/v1alpha2';
export const REPORT_NAME = 'kzt';

type Outcome = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

interface Result {
  source: 'kzt';
  policy: string;
  rule?: string;
  category?: string;
  severity?: string;
  timestamp: { seconds: number; nanos: number };
  result: Outcome;
  scored: boolean;
  message: string;
  resources?: Array<{ apiVersion: string; kind: string; name: string; namespace?: string }>;
  properties: Record<string, string>;
}

function resourceRef(ref: ObjectRef) {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
  };
}

function findingResult(f: Finding, meta: CheckMeta | undefined, timestamp: Result['timestamp']): Result {
  const properties: Record<string, string> = {};
  if (f.path) properties.path = f.path;
  if (f.location) {
    properties.file = f.location.file;
    if (f.location.line) properties.line = String(f.location.line);
    if (f.location.column) properties.column = String(f.location.column);
    if (f.location.helmSource) properties.helmSource = f.location.helmSource;
  }
  if (meta && meta.frameworks.length > 0)
    properties.frameworks = meta.frameworks.map((x) => `${x.framework}:${x.control}`).join(', ');
  if (meta) properties.title = meta.title;
  properties.fingerprint = f.fingerprint;
  if (f.suppressed) {
    properties.suppressedBy = f.suppression?.by ?? 'unknown';
    properties.suppression = suppressionLabel(f.suppression);
  }
  return {
    source: 'kzt',
    policy: f.checkId,
    rule: f.slug,
    category: PILLAR_TITLES[f.pillar],
    severity: f.severity,
    timestamp,
    result: f.suppressed ? 'skip' : 'fail',
    scored: f.pillar !== 'input',
    message: f.message,
    ...(f.resource ? { resources: [resourceRef(f.resource)] } : {}),
    properties,
  };
}

function errorResult(e: ScanError, meta: CheckMeta | undefined, timestamp: Result['timestamp']): Result {
  const properties: Record<string, string> = { code: e.code };
  if (e.location) {
    properties.file = e.location.file;
    if (e.location.line) properties.line = String(e.location.line);
  }
  return {
    source: 'kzt',
    policy: e.checkId ?? 'kzt',
    ...(meta ? { rule: meta.slug, category: PILLAR_TITLES[meta.pillar] } : {}),
    timestamp,
    result: 'error',
    scored: false,
    message: e.message,
    ...(e.resource ? { resources: [resourceRef(e.resource)] } : {}),
    properties,
  };
}

/**
 * The API server refuses objects over about 1.5 MiB (etcd's request limit), so a
 * namespace with many findings gets several reports (kzt, kzt-2, ...), each under
 * REPORT_BUDGET bytes of JSON. Always at least one chunk, possibly empty.
 */
export const REPORT_BUDGET = 512 * 1024;

function chunks(results: readonly Result[]): Result[][] {
  const out: Result[][] = [[]];
  let size = 0;
  for (const r of results) {
    const n = JSON.stringify(r).length;
    if (size + n > REPORT_BUDGET && out[out.length - 1]!.length > 0) {
      out.push([]);
      size = 0;
    }
    out[out.length - 1]!.push(r);
    size += n;
  }
  return out;
}

function summary(results: readonly Result[]) {
  const s = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const r of results) s[r.result]++;
  return s;
}

/**
 * The report objects (before YAML), cluster report first, then namespaces in name order;
 * made one namespace at a time, so a 100k-finding scan never holds every result object.
 */
export function* policyReports(result: ScanResult, now: Date): Generator<object> {
  const ms = now.getTime();
  const timestamp = { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
  const metas = new Map(result.checks.map((m) => [m.id, m]));
  const findingsBy = new Map<string | null, Finding[]>();
  const errorsBy = new Map<string | null, ScanError[]>();
  const add = <T>(m: Map<string | null, T[]>, ns: string | null, x: T) => {
    const list = m.get(ns);
    if (list) list.push(x);
    else m.set(ns, [x]);
  };
  for (const f of sortedFindings(result.findings)) add(findingsBy, f.resource?.namespace ?? null, f);
  for (const e of result.errors) add(errorsBy, e.resource?.namespace ?? null, e);

  const labels = { 'app.kubernetes.io/managed-by': 'kzt', 'app.kubernetes.io/version': result.tool.version };
  const namespaces = [...new Set([...findingsBy.keys(), ...errorsBy.keys()])]
    .filter((k): k is string => k !== null)
    .sort();
  // The cluster report is always written, so applying the stream replaces a stale one.
  for (const ns of [null, ...namespaces]) {
    const results: Result[] = [
      ...(findingsBy.get(ns) ?? []).map((f) => findingResult(f, metas.get(f.checkId), timestamp)),
      ...(errorsBy.get(ns) ?? []).map((e) =>
        errorResult(e, e.checkId ? metas.get(e.checkId) : undefined, timestamp),
      ),
    ];
    const parts = chunks(results);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const name = i === 0 ? REPORT_NAME : `${REPORT_NAME}-${i + 1}`;
      yield ns === null
        ? {
            apiVersion: POLICY_REPORT_API,
            kind: 'ClusterPolicyReport',
            metadata: { name, labels },
            summary: summary(part),
            results: part,
          }
        : {
            apiVersion: POLICY_REPORT_API,
            kind: 'PolicyReport',
            metadata: { name, namespace: ns, labels },
            scope: { apiVersion: 'v1', kind: 'Namespace', name: ns },
            summary: summary(part),
            results: part,
          };
    }
  }
}

/** A YAML stream of the reports, written one report at a time. */
export function* formatPolicyReport(result: ScanResult, ctx: ReportContext): Generator<string> {
  let first = true;
  for (const doc of policyReports(result, ctx.now ?? new Date())) {
    yield `${first ? '' : '---\n'}${toYamlDocument(doc as Record<string, unknown>)}`;
    first = false;
  }
}
