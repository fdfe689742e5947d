/**
 * The vocabulary shared by checks, the engine and the reports.
 */
import type { Inventory } from '../model/inventory.js';
import type { JsonPath, ObjectRef, Resource, SourceLocation } from '../model/types.js';
import type { Workload } from '../model/workloads.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is worse. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export const PILLARS = [
  'identity',
  'segmentation',
  'perimeter',
  'encryption',
  'monitoring',
  'workload',
] as const;
export type Pillar = (typeof PILLARS)[number];
/** Findings about the input itself (unparseable documents) are not a Zero Trust pillar and are not scored. */
export type FindingPillar = Pillar | 'input';

export const PILLAR_TITLES: Record<FindingPillar, string> = {
  identity: 'Identity',
  segmentation: 'Segmentation',
  perimeter: 'Perimeter',
  encryption: 'Encryption',
  monitoring: 'Monitoring',
  workload: 'Workload',
  input: 'Input',
};

export const FRAMEWORKS = ['nsa-cisa', 'cis', 'nist-800-207', 'hipaa', 'gdpr', 'soc2', 'pss'] as const;
export type FrameworkId = (typeof FRAMEWORKS)[number];

export interface FrameworkMapping {
  framework: FrameworkId;
  /** The framework's own control identifier, e.g. CIS "5.2.2", NIST SP 800-207 "tenet 6". */
  control: string;
}

export const PEER_TOOLS = [
  'pod-security-admission',
  'kube-score',
  'polaris',
  'kubescape',
  'kube-linter',
  'trivy',
  'checkov',
  'kubesec',
  'istioctl',
  'rbac-police',
  'rbac-tool',
  'kubiscan',
  'krane',
  'kyverno',
  'netpol-analyzer',
] as const;
export type PeerTool = (typeof PEER_TOOLS)[number];

export interface SourceMapping {
  tool: PeerTool;
  /** The peer's own identifier (kube-score check id, Polaris check name, kubescape control id, ...). */
  id: string;
  /** 'same' only when the verdicts should agree object for object. */
  relation: 'same' | 'inspired';
}

export interface CheckMeta {
  /** ZT-<AREA>-<NNN>; never changes, never reused. */
  id: string;
  /** kebab-case rule name. */
  slug: string;
  title: string;
  pillar: FindingPillar;
  severity: Severity;
  /** What is wrong and why it matters for Zero Trust. Markdown. */
  description: string;
  /** What to change, with a YAML snippet. Markdown. */
  remediation: string;
  references: string[];
  frameworks: FrameworkMapping[];
  sources: SourceMapping[];
}

/** A finding as a check reports it. */
export interface FindingReport {
  resource: Resource;
  /** JSON path inside the resource; the engine resolves it to file, line and column. */
  path?: JsonPath;
  message: string;
  /** Overrides the check's severity for this finding (e.g. a wildcard on secrets is worse). */
  severity?: Severity;
  /**
   * Distinguishes findings of one check at the same path of the same object (e.g. two
   * risks of one subject) in the fingerprint; keep it stable across releases.
   */
  key?: string;
}

export interface PssOptions {
  level: 'baseline' | 'restricted';
  /** 'latest' or 'v1.N'. */
  version: string;
}

export interface ScanOptions {
  pss: PssOptions;
}

export interface CheckContext {
  readonly inventory: Inventory;
  readonly options: ScanOptions;
  report(finding: FindingReport): void;
  /**
   * Computes an expensive analysis once per scan and shares it between checks
   * (e.g. the NetworkPolicy connectivity or the RBAC index).
   */
  memo<T>(key: string, compute: () => T): T;
}

export interface CheckExamples {
  /** YAML streams that must produce at least one finding of this check. */
  fail: string[];
  /** YAML streams that must produce none. */
  pass: string[];
}

interface CheckBase {
  meta: CheckMeta;
  examples: CheckExamples;
}

/** A check over every pod-bearing object (Pods and the template of every workload kind). */
export interface WorkloadCheck extends CheckBase {
  target: 'workloads';
  check(workload: Workload, ctx: CheckContext): void;
}

/** A check over each object of some kinds. */
export interface ResourceCheck extends CheckBase {
  target: 'resources';
  /** `group/Kind` keys, core group '' (e.g. '/Service', 'networking.k8s.io/Ingress'). */
  kinds: readonly string[];
  check(resource: Resource, ctx: CheckContext): void;
}

/** A check over the whole inventory (cross-object analyses). */
export interface InventoryCheck extends CheckBase {
  target: 'inventory';
  /** The objects this check evaluates; the score counts each one that has no finding as a pass. */
  applicable(ctx: CheckContext): readonly Resource[];
  run(ctx: CheckContext): void;
}

export type Check = WorkloadCheck | ResourceCheck | InventoryCheck;

export interface Suppression {
  by: 'annotation' | 'config' | 'baseline';
  reason?: string;
  expires?: string;
}

/** A finding as reports see it. */
export interface Finding {
  checkId: string;
  slug: string;
  pillar: FindingPillar;
  severity: Severity;
  message: string;
  /** null for findings about a document that is not an object (e.g. a YAML syntax error). */
  resource: ObjectRef | null;
  location: SourceLocation | null;
  /** JSON path in the resource, formatted (spec.containers[0].image); '' for the whole object. */
  path: string;
  suppressed: boolean;
  suppression?: Suppression;
  /** Stable across line moves: check id + resource identity + path. */
  fingerprint: string;
}

/** An error of the tool: a file it could not read, a check that crashed. Exit code 2. */
export interface ScanError {
  code: string;
  message: string;
  checkId?: string;
  resource?: ObjectRef;
  location?: SourceLocation;
}

export interface ScanWarning {
  code: string;
  message: string;
  location?: SourceLocation;
}

export interface PillarScore {
  /** 0..100, or null when no check of the pillar applied to anything. */
  score: number | null;
  findings: number;
  /** Objects × checks evaluated. */
  evaluated: number;
}

export interface ScanResult {
  schemaVersion: 1;
  tool: { name: 'kzt'; version: string };
  summary: {
    resources: number;
    files: number;
    checks: number;
    findings: number;
    suppressed: number;
    bySeverity: Record<Severity, number>;
    errors: number;
    warnings: number;
  };
  scores: { overall: number | null; pillars: Record<Pillar, PillarScore> };
  findings: Finding[];
  errors: ScanError[];
  warnings: ScanWarning[];
  /** Metadata of every check that ran (reports build SARIF rules and docs links from it). */
  checks: CheckMeta[];
  options: ScanOptions;
}
