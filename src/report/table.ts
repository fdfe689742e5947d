/**
 * `kzt scan -o table` (the default): what a person reads in a terminal or a CI log.
 *
 * Findings are grouped by pillar, each pillar headed by its score; a finding takes three
 * lines (severity, check and object; file:line:column and path; the message) so it stays
 * readable at 80 columns without truncating names. Suppressed findings are listed in their
 * own section with who suppressed them and why; errors and warnings of the tool follow;
 * the last line gives the counts and the --fail-on verdict, so a CI log's tail says why
 * a job failed.
 *
 * Every manifest-derived string goes through terminalSafe(): object names and messages
 * must not be able to send escape sequences to the reader's terminal.
 */
import { createColors } from 'picocolors';
import { exitCodeFor } from '../engine/runner.js';
import {
  type Finding,
  PILLAR_TITLES,
  PILLARS,
  type Pillar,
  type ScanResult,
  SEVERITIES,
  type Severity,
  severityRank,
} from '../engine/types.js';
import { locationLabel, originLabel, resourceLabel, sortedFindings, suppressionLabel } from './common.js';
import { terminalSafe } from './escape.js';
import type { ReportContext } from './index.js';

type Colors = ReturnType<typeof createColors>;

const INDENT = '  ';
/** Width of the severity column: "CRITICAL" plus two spaces. */
const SEV_WIDTH = 10;

function severityTag(s: Severity, c: Colors): string {
  const label = s.toUpperCase().padEnd(SEV_WIDTH);
  switch (s) {
    case 'critical':
      return c.bold(c.red(label));
    case 'high':
      return c.red(label);
    case 'medium':
      return c.yellow(label);
    case 'low':
      return c.cyan(label);
    case 'info':
      return c.dim(label);
  }
}

/**
 * Wraps text to a width, breaking at spaces; a word longer than the width is split
 * (long paths and names must not push the line off screen). Linear in the text length.
 */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(20, width);
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    while (word.length > w) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(word.slice(0, w));
      word = word.slice(w);
    }
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= w) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((l) => l.trimEnd());
}

/** Parts separated by two spaces when they fit on one line, else one part (wrapped) per line. */
function columns(parts: readonly string[], width: number): string[] {
  const present = parts.filter((p) => p !== '');
  const joined = present.join('  ');
  if (joined.length <= width) return [joined];
  return present.flatMap((p) => wrap(p, width));
}

function scoreText(score: number | null): string {
  return score === null ? 'n/a' : `${score}/100`;
}

function scoreColour(score: number | null, c: Colors): (s: string) => string {
  if (score === null) return c.dim;
  if (score >= 90) return c.green;
  if (score >= 70) return c.yellow;
  return c.red;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One finding as three (or more, when wrapped) lines. */
function findingLines(f: Finding, width: number, c: Colors, extra?: string): string[] {
  const pad = ' '.repeat(INDENT.length + SEV_WIDTH);
  const body = width - pad.length;
  const out: string[] = [];
  const [first, ...rest] = columns([terminalSafe(f.checkId), terminalSafe(resourceLabel(f.resource))], body);
  out.push(`${INDENT}${severityTag(f.severity, c)}${c.bold(first ?? '')}`);
  for (const l of rest) out.push(pad + c.bold(l));
  for (const l of columns([terminalSafe(originLabel(f.location)), terminalSafe(f.path)], body))
    if (l) out.push(pad + c.dim(l));
  for (const l of wrap(terminalSafe(f.message), body)) out.push(pad + l);
  if (extra) for (const l of wrap(terminalSafe(extra), body)) out.push(pad + c.magenta(l));
  return out;
}

/** Lines are written in batches of this many (tens of KiB: see CHUNK_CHARS in stream.ts). */
const FLUSH_LINES = 512;

export function* formatTable(result: ScanResult, ctx: ReportContext): Generator<string> {
  const c = createColors(ctx.colour);
  const width = Math.max(60, ctx.width ?? 80);
  const failOn = ctx.failOn ?? 'high';
  const out: string[] = [];
  const flush = () => {
    const text = `${out.join('\n')}\n`;
    out.length = 0;
    return text;
  };
  const s = result.summary;

  out.push(
    c.bold(`kzt ${terminalSafe(result.tool.version)}`) +
      `  ${plural(s.files, 'file')}, ${plural(s.resources, 'object')}, ${plural(s.checks, 'check')}`,
  );

  const findings = sortedFindings(result.findings);
  const active = new Map<string, Finding[]>();
  const suppressed: Finding[] = [];
  for (const f of findings) {
    if (f.suppressed) {
      suppressed.push(f);
      continue;
    }
    const list = active.get(f.pillar);
    if (list) list.push(f);
    else active.set(f.pillar, [f]);
  }
  const suppressedBy = new Map<string, number>();
  for (const f of suppressed) suppressedBy.set(f.pillar, (suppressedBy.get(f.pillar) ?? 0) + 1);

  const section = (title: string, right: string) => {
    out.push('');
    out.push(`${c.bold(title)}  ${right}`);
  };

  for (const p of PILLARS as readonly Pillar[]) {
    const ps = result.scores.pillars[p];
    const list = active.get(p) ?? [];
    const extra = suppressedBy.get(p) ?? 0;
    // A pillar can be n/a and still have findings (only info checks, which weigh 0; or a
    // cross-object check that evaluates nothing it can count), so say what was seen.
    const nothing = ps.evaluated === 0 && list.length === 0 && extra === 0;
    const counts = nothing
      ? 'no check applied to any object'
      : `${ps.evaluated} evaluated, ${plural(list.length, 'finding')}${extra ? `, ${extra} suppressed` : ''}`;
    section(
      PILLAR_TITLES[p],
      `${scoreColour(ps.score, c)(`score ${scoreText(ps.score)}`)}  ${c.dim(counts)}`,
    );
    if (!nothing && list.length === 0) out.push(`${INDENT}${c.green('no findings')}`);
    for (const f of list) {
      out.push(...findingLines(f, width, c));
      if (out.length >= FLUSH_LINES) yield flush();
    }
  }

  const input = active.get('input') ?? [];
  if (input.length > 0) {
    section(PILLAR_TITLES.input, c.dim(`${plural(input.length, 'finding')}, not scored`));
    for (const f of input) {
      out.push(...findingLines(f, width, c));
      if (out.length >= FLUSH_LINES) yield flush();
    }
  }

  if (suppressed.length > 0) {
    section('Suppressed', c.dim(`${suppressed.length} (listed, not counted in scores or --fail-on)`));
    for (const f of suppressed) {
      out.push(...findingLines(f, width, c, suppressionLabel(f.suppression)));
      if (out.length >= FLUSH_LINES) yield flush();
    }
  }

  if (result.errors.length > 0) {
    section(c.red('Errors'), c.dim(`${result.errors.length} (the scan is incomplete; exit code 2)`));
    for (const e of result.errors) {
      const head = [locationLabel(e.location), e.checkId ?? '', e.resource ? resourceLabel(e.resource) : '']
        .filter((x) => x !== '')
        .map(terminalSafe)
        .join('  ');
      const lines = wrap(`${head ? `${head}  ` : ''}${terminalSafe(e.message)}`, width - INDENT.length - 7);
      out.push(`${INDENT}${c.red('error')}  ${lines[0]}`);
      for (const l of lines.slice(1)) out.push(`${INDENT}       ${l}`);
    }
  }
  if (result.warnings.length > 0) {
    section(c.yellow('Warnings'), c.dim(String(result.warnings.length)));
    for (const w of result.warnings) {
      const head = locationLabel(w.location);
      const lines = wrap(
        `${head ? `${terminalSafe(head)}  ` : ''}${terminalSafe(w.message)}`,
        width - INDENT.length - 9,
      );
      out.push(`${INDENT}${c.yellow('warning')}  ${lines[0]}`);
      for (const l of lines.slice(1)) out.push(`${INDENT}         ${l}`);
    }
  }

  out.push('');
  const pillarScores = PILLARS.map((p) => `${p} ${scoreText(result.scores.pillars[p].score)}`).join(', ');
  out.push(
    ...wrap(`Score ${scoreText(result.scores.overall)} overall (${pillarScores})`, width).map((l, i) =>
      i === 0 ? scoreColour(result.scores.overall, c)(l) : l,
    ),
  );
  const bySeverity = SEVERITIES.map((sev) => `${s.bySeverity[sev]} ${sev}`).join(', ');
  const verdict = exitCodeFor(result, failOn);
  let gate: string;
  if (result.errors.length > 0) gate = `${plural(result.errors.length, 'error')}: exit 2`;
  else if (failOn === 'none') gate = '--fail-on none: exit 0';
  else {
    const threshold = severityRank(failOn);
    const over = findings.filter((f) => !f.suppressed && severityRank(f.severity) >= threshold).length;
    gate = `${over === 0 ? 'none' : over} at or above --fail-on ${failOn}: exit ${verdict}`;
  }
  const paint = verdict === 0 ? c.green : c.red;
  for (const l of wrap(
    `${plural(s.findings, 'finding')} (${bySeverity}), ${s.suppressed} suppressed; ${gate}`,
    width,
  ))
    out.push(paint(l));
  yield flush();
}
