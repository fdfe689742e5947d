/**
 * `kzt scan -o junit`: JUnit XML, which GitLab (artifacts:reports:junit), Jenkins (junit
 * step) and Azure Pipelines (PublishTestResults, JUnit format) show as test results.
 *
 * - One <testsuite> per check that ran, named "<id> <slug>".
 * - One failing <testcase> per unsuppressed finding: classname is the check id, name is
 *   the object and the path ("Deployment/prod/web spec.template.spec.containers[0]"), so
 *   CI systems that key test history by classname + name follow a finding across runs.
 * - A suppressed finding is a <skipped> testcase whose message says who suppressed it and why.
 * - A check without findings is one passing testcase, so the dashboards show it was verified.
 * - Errors of the tool are <error> testcases: in their check's suite when they name one,
 *   else in a "kzt" suite.
 *
 * Times are 0 and no timestamp is written: the report is a pure function of the result.
 * Escaping (escape.ts) keeps the document well-formed whatever the manifests contain.
 */
import type { CheckMeta, Finding, ScanError, ScanResult, ScanWarning } from '../engine/types.js';
import {
  checkDocRef,
  locationLabel,
  originLabel,
  resourceLabel,
  sortedFindings,
  suppressionLabel,
} from './common.js';
import { xmlAttr, xmlText } from './escape.js';

interface Case {
  name: string;
  classname: string;
  file?: string;
  line?: number;
  body: string;
  kind: 'pass' | 'failure' | 'skipped' | 'error';
}

function attrs(pairs: Record<string, string | number | undefined>): string {
  let s = '';
  for (const [k, v] of Object.entries(pairs)) if (v !== undefined) s += ` ${k}="${xmlAttr(String(v))}"`;
  return s;
}

function caseName(f: Finding): string {
  const what = resourceLabel(f.resource);
  // Input findings have no object: name them by file and line so two syntax errors differ.
  const where = f.resource ? f.path : locationLabel(f.location);
  return where ? `${what} ${where}` : what;
}

function findingDetail(f: Finding, meta: CheckMeta | undefined): string {
  const lines = [
    f.message,
    '',
    `check:    ${f.checkId} ${f.slug}${meta ? ` (${meta.title})` : ''}`,
    `severity: ${f.severity}`,
    `object:   ${f.resource ? `${f.resource.apiVersion} ${resourceLabel(f.resource)}` : '(document)'}`,
  ];
  if (f.location) lines.push(`location: ${originLabel(f.location)}`);
  if (f.path) lines.push(`path:     ${f.path}`);
  lines.push(`docs:     ${checkDocRef(f.checkId)}`);
  return lines.join('\n');
}

function findingCase(f: Finding, meta: CheckMeta | undefined): Case {
  const c: Case = {
    name: caseName(f),
    classname: f.checkId,
    body: findingDetail(f, meta),
    kind: f.suppressed ? 'skipped' : 'failure',
  };
  if (f.location?.file) c.file = f.location.file;
  if (f.location?.line) c.line = f.location.line;
  return c;
}

function problemCase(p: ScanError, classname: string): Case {
  const where = locationLabel(p.location);
  const subject = p.resource ? resourceLabel(p.resource) : where || p.code;
  const c: Case = { name: `${p.code} ${subject}`, classname, body: p.message, kind: 'error' };
  if (p.location?.file) c.file = p.location.file;
  if (p.location?.line) c.line = p.location.line;
  return c;
}

function renderCase(c: Case, message: string | undefined, type: string): string {
  const open = `    <testcase${attrs({ classname: c.classname, name: c.name, file: c.file, line: c.line, time: 0 })}`;
  if (c.kind === 'pass') return `${open}/>`;
  if (c.kind === 'skipped') return `${open}>\n      <skipped${attrs({ message })}/>\n    </testcase>`;
  return `${open}>\n      <${c.kind}${attrs({ message, type })}>${xmlText(c.body)}</${c.kind}>\n    </testcase>`;
}

function warningLine(w: ScanWarning): string {
  const where = locationLabel(w.location);
  return `warning ${w.code}: ${where ? `${where}: ` : ''}${w.message}`;
}

interface Suite {
  name: string;
  properties: Record<string, string>;
  /** Number of test cases, and a function that renders them (on demand, while writing). */
  tests: number;
  cases: () => Iterable<string>;
  systemOut?: string;
  failures: number;
  errors: number;
  skipped: number;
}

/** The JUnit XML, in chunks: each test case is rendered as it is written. */
export function* formatJunit(result: ScanResult): Generator<string> {
  const metas = new Map(result.checks.map((m) => [m.id, m]));
  const byCheck = new Map<string, Finding[]>();
  for (const f of sortedFindings(result.findings)) {
    const list = byCheck.get(f.checkId);
    if (list) list.push(f);
    else byCheck.set(f.checkId, [f]);
  }
  const errorsByCheck = new Map<string, ScanError[]>();
  const orphanErrors: ScanError[] = [];
  for (const e of result.errors) {
    if (e.checkId !== undefined) {
      const list = errorsByCheck.get(e.checkId);
      if (list) list.push(e);
      else errorsByCheck.set(e.checkId, [e]);
    } else orphanErrors.push(e);
  }

  const ids = [...new Set([...metas.keys(), ...byCheck.keys(), ...errorsByCheck.keys()])].sort();
  const suites: Suite[] = [];
  for (const id of ids) {
    const meta = metas.get(id);
    const findings = byCheck.get(id) ?? [];
    const errors = errorsByCheck.get(id) ?? [];
    const suppressed = findings.reduce((n, f) => n + (f.suppressed ? 1 : 0), 0);
    const pass = findings.length === 0 && errors.length === 0;
    suites.push({
      name: meta ? `${id} ${meta.slug}` : id,
      properties: meta
        ? {
            title: meta.title,
            pillar: meta.pillar,
            severity: meta.severity,
            frameworks: meta.frameworks.map((f) => `${f.framework}:${f.control}`).join(', '),
            docs: checkDocRef(id),
          }
        : {},
      tests: pass ? 1 : findings.length + errors.length,
      failures: findings.length - suppressed,
      errors: errors.length,
      skipped: suppressed,
      *cases() {
        for (const f of findings) {
          const c = findingCase(f, meta);
          yield f.suppressed
            ? renderCase(c, suppressionLabel(f.suppression), f.severity)
            : renderCase(c, f.message, f.severity);
        }
        for (const e of errors) yield renderCase(problemCase(e, id), e.message, e.code);
        if (pass) yield renderCase({ name: 'no findings', classname: id, body: '', kind: 'pass' }, '', '');
      },
    });
  }
  // Errors that belong to no check (unreadable files) and warnings go to a "kzt" suite;
  // warnings are not test results, so they are its system-out.
  if (orphanErrors.length > 0 || result.warnings.length > 0) {
    const suite: Suite = {
      name: 'kzt',
      properties: {},
      tests: orphanErrors.length,
      cases: () => orphanErrors.map((e) => renderCase(problemCase(e, 'kzt'), e.message, e.code)),
      failures: 0,
      errors: orphanErrors.length,
      skipped: 0,
    };
    if (result.warnings.length > 0) suite.systemOut = result.warnings.map(warningLine).join('\n');
    suites.push(suite);
  }

  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const s of suites) {
    tests += s.tests;
    failures += s.failures;
    errors += s.errors;
    skipped += s.skipped;
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites${attrs({ name: `kzt ${result.tool.version}`, tests, failures, errors, skipped, time: 0 })}>\n`;
  for (const s of suites) {
    let head = `  <testsuite${attrs({ name: s.name, tests: s.tests, failures: s.failures, errors: s.errors, skipped: s.skipped, time: 0 })}>\n`;
    const props = Object.entries(s.properties);
    if (props.length > 0) {
      head += '    <properties>\n';
      for (const [name, value] of props) head += `      <property${attrs({ name, value })}/>\n`;
      head += '    </properties>\n';
    }
    yield head;
    for (const c of s.cases()) yield `${c}\n`;
    if (s.systemOut !== undefined) yield `    <system-out>${xmlText(s.systemOut)}</system-out>\n`;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}
