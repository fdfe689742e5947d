/**
 * Runs checks over an inventory. Checks are pure; the runner isolates their failures
 * (a check that throws on one object becomes an error for that check and object, and
 * the scan goes on), resolves paths to positions, applies suppressions and scores.
 */
import type { InputIssue } from '../input/issues.js';
import type { ParseProblem } from '../input/parse-yaml.js';
import type { Inventory } from '../model/inventory.js';
import { formatPath, type JsonPath, type Resource, type SourceLocation } from '../model/types.js';
import { fingerprint } from './fingerprint.js';
import { sortFindings } from './order.js';
import { type CheckTally, computeScores } from './scoring.js';
import {
  annotationSuppression,
  baselineFingerprints,
  configSuppression,
  type Exclusion,
  globMatches,
  markBaseline,
} from './suppression.js';
import {
  type Check,
  type CheckContext,
  type CheckMeta,
  type Finding,
  type FindingReport,
  type ScanError,
  type ScanOptions,
  type ScanResult,
  type ScanWarning,
  SEVERITIES,
  type Severity,
  severityRank,
} from './types.js';

export const TOOL_VERSION = '0.1.0';

export interface EngineConfig {
  exclusions: readonly Exclusion[];
  /** Severity overrides by check id. */
  severity: Readonly<Record<string, Severity>>;
  /** Check ids not to run. */
  disabled: readonly string[];
}

export interface ScanInput {
  inventory: Inventory;
  checks: readonly Check[];
  options: ScanOptions;
  config?: Partial<EngineConfig>;
  /** Document-level problems from the loader; they become findings of the ZT-IN checks. */
  documentProblems?: ReadonlyArray<ParseProblem & { file: string }>;
  /** File-level issues from the loader. */
  issues?: readonly InputIssue[];
  files?: number;
  /** A previous JSON report: its findings are marked suppressed (by: baseline). */
  baseline?: unknown;
  /** Today's date (YYYY-MM-DD), for exclusion expiry; injectable for tests. */
  today?: string;
}

/** Which ZT-IN check reports each document-level problem. */
const PROBLEM_CHECK: Record<ParseProblem['code'], string> = {
  'yaml-syntax': 'ZT-IN-001',
  'too-deep': 'ZT-IN-001',
  'excessive-aliasing': 'ZT-IN-001',
  'duplicate-key': 'ZT-IN-002',
};

export function runScan(input: ScanInput): ScanResult {
  const { inventory, options } = input;
  const config: EngineConfig = { exclusions: [], severity: {}, disabled: [], ...input.config };
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  const isDisabled = (id: string) => config.disabled.some((d) => globMatches(d, id));
  const checks = input.checks.filter((c) => !isDisabled(c.meta.id));
  const memo = new Map<string, unknown>();
  const errors: ScanError[] = [];
  const warnings: ScanWarning[] = [];
  const tallies: CheckTally[] = [];
  const findings: Finding[] = [];

  for (const issue of input.issues ?? []) {
    const entry = {
      code: issue.code,
      message: issue.message,
      ...(issue.location ? { location: issue.location } : {}),
    };
    if (issue.severity === 'error') errors.push(entry);
    else warnings.push(entry);
  }

  // Overrides may name a check exactly or by glob (ZT-WL-*); the exact id wins.
  const severityPatterns = Object.entries(config.severity).filter(([k]) => k.includes('*'));
  const overrideOf = (id: string): Severity | undefined =>
    config.severity[id] ?? severityPatterns.find(([k]) => globMatches(k, id))?.[1];
  const severityOf = (meta: CheckMeta): Severity => overrideOf(meta.id) ?? meta.severity;

  for (const check of checks) {
    const meta = check.meta;
    const severity = severityOf(meta);
    const overridden = overrideOf(meta.id) !== undefined;
    // Objects with an unsuppressed finding, and the number of findings.
    const failed = new Set<number>();
    let count = 0;
    const ctx: CheckContext = {
      inventory,
      options,
      report: (r) => {
        const f = toFinding(meta, severity, overridden, r, inventory, config, today);
        findings.push(f);
        count++;
        if (!f.suppressed) failed.add(r.resource.id);
      },
      memo<T>(key: string, compute: () => T): T {
        if (!memo.has(key)) memo.set(key, compute());
        return memo.get(key) as T;
      },
    };
    // Objects a check failed on were not evaluated: they count neither as passed nor failed.
    let errored = 0;
    const fail = (err: unknown, resource?: Resource) => {
      errored++;
      const e: ScanError = {
        code: 'check-failed',
        checkId: meta.id,
        message: `check ${meta.id} failed${resource ? ` on ${resource.ref.kind}/${resource.ref.name}` : ''}: ${err instanceof Error ? err.message : String(err)}`,
      };
      if (resource) {
        e.resource = resource.ref;
        e.location = resource.origin;
      }
      errors.push(e);
    };
    let applicable = 0;
    if (check.target === 'workloads') {
      for (const w of inventory.workloads()) {
        applicable++;
        try {
          check.check(w, ctx);
        } catch (err) {
          fail(err, w.resource);
        }
      }
    } else if (check.target === 'resources') {
      for (const key of check.kinds) {
        const slash = key.indexOf('/');
        for (const r of inventory.ofKind(key.slice(0, slash), key.slice(slash + 1))) {
          applicable++;
          try {
            check.check(r, ctx);
          } catch (err) {
            fail(err, r);
          }
        }
      }
    } else {
      try {
        applicable = check.applicable(ctx).length;
        check.run(ctx);
      } catch (err) {
        fail(err);
        // A whole-inventory check that crashed evaluated nothing it could vouch for.
        errored = applicable;
      }
    }
    tallies.push({
      pillar: meta.pillar,
      severity,
      applicable: Math.max(0, applicable - errored),
      failed: failed.size,
      findings: count,
    });
  }

  // Document-level input problems become findings of the ZT-IN checks.
  const inputMeta = new Map(input.checks.map((c) => [c.meta.id, c.meta]));
  for (const p of input.documentProblems ?? []) {
    const meta = inputMeta.get(PROBLEM_CHECK[p.code]);
    if (!meta || isDisabled(meta.id)) continue;
    const location: SourceLocation = { file: p.file, line: p.line, column: p.column };
    const f: Finding = {
      checkId: meta.id,
      slug: meta.slug,
      pillar: meta.pillar,
      severity: severityOf(meta),
      message: `${p.message} (document ${p.documentIndex + 1})`,
      resource: null,
      location,
      path: '',
      suppressed: false,
      fingerprint: fingerprint(meta.id, null, '', `${p.file}#${p.documentIndex}#${p.code}`),
    };
    const s = configSuppression(config.exclusions, meta.id, null, today);
    if (s) {
      f.suppressed = true;
      f.suppression = s;
    }
    findings.push(f);
  }

  if (input.baseline !== undefined) markBaseline(findings, baselineFingerprints(input.baseline));

  const ordered = sortFindings(findings);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let suppressed = 0;
  for (const f of ordered) {
    if (f.suppressed) suppressed++;
    else bySeverity[f.severity]++;
  }
  return {
    schemaVersion: 1,
    tool: { name: 'kzt', version: TOOL_VERSION },
    summary: {
      resources: inventory.resources.length,
      files: input.files ?? 0,
      checks: checks.length,
      findings: findings.length - suppressed,
      suppressed,
      bySeverity,
      errors: errors.length,
      warnings: warnings.length,
    },
    scores: computeScores(tallies),
    findings: ordered,
    errors,
    warnings,
    checks: checks.map((c) => ({ ...c.meta, severity: severityOf(c.meta) })),
    options,
  };
}

function toFinding(
  meta: CheckMeta,
  severity: Severity,
  overridden: boolean,
  report: FindingReport,
  inventory: Inventory,
  config: EngineConfig,
  today: string,
): Finding {
  const r = report.resource;
  const path: JsonPath = report.path ?? [];
  const pathText = formatPath(path);
  const f: Finding = {
    checkId: meta.id,
    slug: meta.slug,
    pillar: meta.pillar,
    severity: report.severity && !overridden ? report.severity : severity,
    message: report.message,
    resource: r.ref,
    location: r.locate(path),
    path: pathText,
    suppressed: false,
    fingerprint: fingerprint(meta.id, r.ref, pathText, report.key ?? ''),
  };
  const s =
    annotationSuppression(r, meta.id, inventory) ??
    configSuppression(config.exclusions, meta.id, r.ref, today);
  if (s) {
    f.suppressed = true;
    f.suppression = s;
  }
  return f;
}

/** The exit code for a scan: 2 on errors, 1 when an unsuppressed finding is at or above failOn. */
export function exitCodeFor(result: ScanResult, failOn: Severity | 'none'): number {
  if (result.errors.length > 0) return 2;
  if (failOn === 'none') return 0;
  const threshold = severityRank(failOn);
  return result.findings.some((f) => !f.suppressed && severityRank(f.severity) >= threshold) ? 1 : 0;
}
