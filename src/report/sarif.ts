/**
 * `kzt scan -o sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
 *
 * - One rule per check that ran, from its metadata: the rule's help is the remediation,
 *   no helpUri (kzt has no public docs URL yet; help.markdown carries the page), its tags the pillar and framework controls, and
 *   `security-severity` the numeric score GitHub uses to rank security alerts.
 * - One result per finding, with the file relative to the working directory (GitHub
 *   matches it against the repository), the line and column, and a partial fingerprint
 *   from the finding's fingerprint (check, object, path: not the line), so an alert
 *   survives edits above it.
 * - Suppressed findings stay in the log with a `suppressions` entry: `inSource` for the
 *   kzt.io/ignore annotation (it is written in the manifest), `external` for the
 *   configuration file and the baseline. Viewers show them as dismissed, with the reason.
 * - Errors and warnings of the tool become notifications of the invocation, and
 *   `executionSuccessful` is false when the scan had errors.
 *
 * The output is a pure function of the result: no timestamps, no absolute paths.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { CheckMeta, Finding, ScanResult, Severity } from '../engine/types.js';
import type { SourceLocation } from '../model/types.js';
import { checkDocRef, resourceLabel, sortedFindings } from './common.js';
import { toWellFormed } from './escape.js';
import type { ReportContext } from './index.js';
import { ARRAY_SLOT, indentedJson, streamDocument } from './stream.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub: > 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. Info carries no risk. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** The key under partialFingerprints; versioned so a change of the fingerprint recipe is visible. */
export const FINGERPRINT_KEY = 'kztFindingHash/v1';

/**
 * A file name as a URI reference relative to `cwd`: each segment percent-encoded (spaces,
 * `#`, `%`, `?` and non-ASCII must not be read as URI syntax). Files outside `cwd` become
 * absolute `file://` URIs; pseudo-files such as `<stdin>` have no URI.
 */
export function artifactUri(file: string, cwd: string): string | undefined {
  if (file === '' || file === '-' || /^<.*>$/.test(file)) return undefined;
  let rel = file;
  if (isAbsolute(file)) {
    const r = relative(cwd, file);
    if (r !== '' && !r.startsWith('..') && !isAbsolute(r)) rel = r;
    else return `file://${encodePath(file.split(sep).join('/'))}`;
  }
  return encodePath(rel.split(sep).join('/'));
}

function encodePath(p: string): string {
  // encodeURIComponent throws on lone surrogates; a file name cannot really hold one.
  return toWellFormed(p)
    .split('/')
    .map((seg) =>
      encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

function physicalLocation(loc: SourceLocation, cwd: string) {
  const uri = artifactUri(loc.file, cwd);
  if (uri === undefined) return undefined;
  return {
    artifactLocation: { uri },
    ...(loc.line
      ? { region: { startLine: loc.line, ...(loc.column ? { startColumn: loc.column } : {}) } }
      : {}),
  };
}

function rule(m: CheckMeta) {
  const tags = ['security', m.pillar, ...m.frameworks.map((f) => `${f.framework}:${f.control}`)];
  return {
    id: m.id,
    name: m.slug,
    shortDescription: { text: m.title },
    fullDescription: { text: m.description, markdown: m.description },
    help: { text: m.remediation, markdown: m.remediation },
    defaultConfiguration: { level: SARIF_LEVEL[m.severity] },
    properties: {
      tags: [...new Set(tags)],
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[m.severity],
      pillar: m.pillar,
      severity: m.severity,
      frameworks: m.frameworks.map((f) => ({ framework: f.framework, control: f.control })),
      equivalents: m.sources.map((s) => ({ tool: s.tool, id: s.id, relation: s.relation })),
    },
  };
}

/** A rule for a finding whose check is not in the result's catalogue (kept valid rather than dropped). */
function fallbackMeta(f: Finding): CheckMeta {
  return {
    id: f.checkId,
    slug: f.slug,
    title: f.checkId,
    pillar: f.pillar,
    severity: f.severity,
    description: f.checkId,
    remediation: `See ${checkDocRef(f.checkId)}`,
    references: [],
    frameworks: [],
    sources: [],
  };
}

function suppression(f: Finding) {
  const s = f.suppression;
  const justification = [s?.reason, s?.expires ? `until ${s.expires}` : undefined]
    .filter((x) => x !== undefined)
    .join(', ');
  return {
    kind: s?.by === 'annotation' ? 'inSource' : 'external',
    status: 'accepted',
    ...(justification ? { justification } : {}),
    properties: { by: s?.by ?? 'unknown' },
  };
}

/** The SARIF log, in chunks (stream.ts): one result object at a time, never all of them. */
export function formatSarif(result: ScanResult, ctx: ReportContext): Generator<string> {
  const metas = new Map<string, CheckMeta>();
  for (const m of result.checks) if (!metas.has(m.id)) metas.set(m.id, m);
  for (const f of result.findings) if (!metas.has(f.checkId)) metas.set(f.checkId, fallbackMeta(f));
  const ids = [...metas.keys()].sort();
  const ruleIndex = new Map(ids.map((id, i) => [id, i]));

  const sarifResult = (f: Finding) => {
    const phys = f.location ? physicalLocation(f.location, ctx.cwd) : undefined;
    const logical = f.resource
      ? [
          {
            fullyQualifiedName: `${f.resource.apiVersion}/${resourceLabel(f.resource)}`,
            name: f.resource.name,
            kind: 'object',
          },
        ]
      : undefined;
    return {
      ruleId: f.checkId,
      ruleIndex: ruleIndex.get(f.checkId)!,
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          ...(phys ? { physicalLocation: phys } : {}),
          ...(logical ? { logicalLocations: logical } : {}),
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
      ...(f.suppressed ? { suppressions: [suppression(f)] } : {}),
      // The rule carries security-severity; a finding whose severity differs from its
      // rule's (a per-finding override) says so here and in its level.
      properties: {
        severity: f.severity,
        pillar: f.pillar,
        path: f.path,
        ...(f.location?.helmSource ? { helmSource: f.location.helmSource } : {}),
      },
    };
  };

  const notification = (
    level: 'error' | 'warning',
    code: string,
    message: string,
    location?: SourceLocation,
    checkId?: string,
  ) => {
    const phys = location ? physicalLocation(location, ctx.cwd) : undefined;
    const index = checkId === undefined ? undefined : ruleIndex.get(checkId);
    return {
      level,
      message: { text: message },
      descriptor: { id: code },
      ...(checkId !== undefined && index !== undefined ? { associatedRule: { id: checkId, index } } : {}),
      ...(phys ? { locations: [{ physicalLocation: phys }] } : {}),
    };
  };
  const notifications = [
    ...result.errors.map((e) => notification('error', e.code, e.message, e.location, e.checkId)),
    ...result.warnings.map((w) => notification('warning', w.code, w.message, w.location)),
  ];

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kzt',
            fullName: 'kzt (Kubernetes Zero Trust)',
            version: result.tool.version,
            semanticVersion: result.tool.version,
            rules: ids.map((id) => rule(metas.get(id)!)),
          },
        },
        invocations: [
          {
            executionSuccessful: result.errors.length === 0,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: ARRAY_SLOT,
        properties: {
          scores: result.scores,
          summary: result.summary,
        },
      },
    ],
  };
  return streamDocument(log, sortedFindings(result.findings), (f, indent) =>
    indentedJson(sarifResult(f), indent),
  );
}
