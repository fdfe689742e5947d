/**
 * Text for people: the summary `kzt rbac generate` prints on stderr (stdout stays valid
 * YAML/JSON), and the `kzt rbac unused` table and JSON. Every value that comes from the
 * log is passed through `printable`, so a hostile log cannot write escape sequences to
 * the terminal.
 */
import { createColors } from 'picocolors';
import { formatRule } from '../rules.js';
import type { AuditCollection } from './collect.js';
import type { GenerateResult } from './generate.js';
import { reviewLine } from './generate.js';
import { describeRequest } from './normalize.js';
import { type AuditProblem, formatProblemLocation, printable } from './problems.js';
import type { ReplayFailure } from './replay.js';
import type { UnusedReport } from './unused.js';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

export const MAX_SHOWN_PROBLEMS = 20;
export const MAX_SHOWN_ITEMS = 30;

export function formatProblem(p: AuditProblem): string {
  return `${printable(formatProblemLocation(p))}: ${p.severity}: ${printable(p.message, 300)}`;
}

/** The input part of every summary: files, events, requests, window, problems. */
export function formatInput(c: AuditCollection, command: string, listProblems = true): string[] {
  const lines: string[] = [];
  const k = c.counts;
  lines.push(
    `${command}: ${plural(c.files.length, 'audit log')}, ${plural(k.events, 'event')} → ${plural(k.requests, 'request')} (each counted once)`,
  );
  lines.push(
    c.window
      ? `time window: ${printable(c.window.from)} … ${printable(c.window.to)}`
      : 'time window: unknown (no timestamps)',
  );
  const o = k.outcomes;
  lines.push(
    `outcomes: ${n(o.allowed)} allowed, ${n(o.denied)} denied, ${n(o.undetermined)} without an authorization verdict`,
  );
  const notes: string[] = [];
  if (k.stages.incomplete > 0)
    notes.push(
      `${plural(k.stages.incomplete, 'request')} without a final stage (open watches, or omitStages)`,
    );
  if (k.stages.duplicates > 0) notes.push(`${plural(k.stages.duplicates, 'repeated event')} dropped`);
  if (k.unauthenticated > 0) notes.push(`${plural(k.unauthenticated, 'unauthenticated request')} ignored`);
  if (k.impersonated > 0) notes.push(`${plural(k.impersonated, 'impersonated request')}`);
  if (k.refusedImpersonations > 0) notes.push(`${plural(k.refusedImpersonations, 'refused impersonation')}`);
  if (k.notSelected > 0) notes.push(`${plural(k.notSelected, 'request')} by other subjects ignored`);
  if (notes.length > 0) lines.push(`notes: ${notes.join('; ')}`);
  if (c.problemCount > 0) {
    const byCode = Object.entries(c.problemCounts)
      .map(([code, x]) => `${n(x ?? 0)} ${code}`)
      .join(', ');
    lines.push(
      `input problems: ${n(c.problemCount)} (${byCode}); the rest was read${listProblems ? ':' : ' (listed on stderr)'}`,
    );
    if (listProblems) {
      for (const p of c.problems.slice(0, MAX_SHOWN_PROBLEMS)) lines.push(`  ${formatProblem(p)}`);
      if (c.problemCount > MAX_SHOWN_PROBLEMS)
        lines.push(`  … and ${n(c.problemCount - MAX_SHOWN_PROBLEMS)} more`);
    }
  }
  return lines;
}

export function formatGenerateSummary(
  c: AuditCollection,
  result: GenerateResult,
  failures: readonly ReplayFailure[],
  colour: boolean,
  existing = false,
): string {
  const pc = createColors(colour);
  const lines = formatInput(c, 'kzt rbac generate');
  for (const s of result.unmatched)
    lines.push(
      pc.yellow(
        `warning: ${printable(`${s.kind} ${s.name}`)} made no request in the log; nothing generated for it`,
      ),
    );
  const denied = result.subjects.reduce((a, s) => a + s.review.filter((r) => r.denied > 0).length, 0);
  const sensitive = result.subjects.reduce((a, s) => a + s.review.filter((r) => r.category).length, 0);
  lines.push(
    `generated: ${plural(result.subjects.length, 'subject')}, ${plural(result.objects.length, 'object')}; ${plural(denied, 'denied request')} to review, ${plural(sensitive, 'sensitive attempt')}`,
  );
  if (failures.length === 0)
    lines.push(
      result.objects.length > 0
        ? pc.green("verified: kzt's authorizer allows every request of the log with the generated roles")
        : 'nothing to generate',
    );
  else {
    lines.push(
      pc.red(`INTERNAL ERROR: ${plural(failures.length, 'request')} not allowed by the generated roles:`),
    );
    for (const f of failures.slice(0, MAX_SHOWN_ITEMS))
      lines.push(pc.red(`  ${printable(f.subject)}: ${printable(describeRequest(f.request))}`));
  }
  for (const s of result.subjects) {
    lines.push('');
    const k = s.counts;
    const roles = s.namespaces.length;
    lines.push(
      `${pc.bold(printable(s.label))}: ${plural(k.distinct, 'distinct request')} (${n(k.total)} in all; ${n(k.denied)} denied, ${n(k.undetermined)} without verdict) → ${s.cluster.length > 0 ? 'a ClusterRole' : 'no ClusterRole'}, ${plural(roles, 'Role')}`,
    );
    const left: string[] = [];
    if (s.skipped.defaults > 0)
      left.push(
        `${n(s.skipped.defaults)} more distinct requests that ${existing ? 'the existing RBAC (--existing)' : 'the default bindings'} already allow`,
      );
    if (s.skipped.notAllowed > 0)
      left.push(`${n(s.skipped.notAllowed)} of them never allowed (--allowed-only)`);
    if (s.skipped.wildcard.length > 0)
      left.push(
        `${n(s.skipped.wildcard.length)} that only a wildcard rule could grant (${s.skipped.wildcard
          .slice(0, 3)
          .map((r) => printable(describeRequest(r)))
          .join('; ')})`,
      );
    if (left.length > 0) lines.push(`  left out: ${left.join('; ')}`);
    const review = s.review;
    if (review.length > 0) {
      lines.push(
        s.review.some((r) => r.granted)
          ? '  not allowed in the log, granted — review before applying:'
          : '  not allowed in the log, left out:',
      );
      for (const r of review.slice(0, MAX_SHOWN_ITEMS)) {
        const line = `   ${printable(reviewLine(r), 400)}${r.granted ? '' : ' (left out)'}`;
        lines.push(r.category ? pc.red(pc.bold(line)) : line);
      }
      if (review.length > MAX_SHOWN_ITEMS) lines.push(`    … and ${n(review.length - MAX_SHOWN_ITEMS)} more`);
    }
    if (s.sensitive.length > 0) {
      lines.push('  sensitive, allowed in the log and granted:');
      for (const r of s.sensitive.slice(0, MAX_SHOWN_ITEMS))
        lines.push(pc.yellow(`   ${printable(reviewLine(r), 400)}`));
      if (s.sensitive.length > MAX_SHOWN_ITEMS)
        lines.push(`    … and ${n(s.sensitive.length - MAX_SHOWN_ITEMS)} more`);
    }
    if (s.widenings.length > 0) {
      lines.push('  widened:');
      for (const w of s.widenings.slice(0, MAX_SHOWN_ITEMS))
        lines.push(`    ${printable(w.description, 400)}`);
      if (s.widenings.length > MAX_SHOWN_ITEMS)
        lines.push(`    … and ${n(s.widenings.length - MAX_SHOWN_ITEMS)} more`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function bindingTitle(b: UnusedReport['bindings'][number]): string {
  const name = b.binding.namespace ? `${b.binding.namespace}/${b.binding.name}` : b.binding.name;
  const subjects = b.subjects
    .map((s) =>
      s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`,
    )
    .join(', ');
  const where = b.location ? `  [${b.location.file}${b.location.line ? `:${b.location.line}` : ''}]` : '';
  return `${b.binding.kind} ${name} → ${b.role.kind} ${b.role.name} (${subjects || 'no subjects'})${where}`;
}

export function formatUnusedTable(c: AuditCollection, report: UnusedReport, colour: boolean): string {
  const pc = createColors(colour);
  const lines = formatInput(c, 'kzt rbac unused', false);
  const k = report.counts;
  lines.push(
    `use: ${plural(k.allowedTotal, 'allowed request')} (${n(k.allowedDistinct)} distinct) attributed to bindings; denied and verdict-less requests are not use`,
  );
  if (k.masters > 0)
    lines.push(`  ${plural(k.masters, 'request')} by system:masters members bypassed RBAC (not use)`);
  if (k.notGranted > 0)
    lines.push(
      pc.yellow(
        `  ${plural(k.notGranted, 'allowed request')} granted by none of the bindings given (other RBAC objects in the cluster, or another authorizer)`,
      ),
    );
  const partly = report.bindings.filter((b) => !b.unused && b.rules.some((r) => r.unusedVerbs.length > 0));
  const unused = report.bindings.filter((b) => b.unused);
  const full = report.bindings.length - partly.length - unused.length;
  lines.push(
    `bindings: ${n(report.bindings.length)} — ${n(unused.length)} entirely unused, ${n(partly.length)} partly unused, ${n(full)} fully used`,
  );
  for (const b of unused) {
    lines.push('');
    lines.push(pc.bold(printable(bindingTitle(b), 400)));
    lines.push(
      b.roleMissing
        ? pc.yellow('  its role does not exist: it grants nothing (yet)')
        : pc.red(`  UNUSED in the window: none of its ${plural(b.rules.length, 'rule')} was used`),
    );
  }
  for (const b of partly) {
    lines.push('');
    lines.push(pc.bold(printable(bindingTitle(b), 400)));
    lines.push(`  used by ${plural(b.requests, 'allowed request')}`);
    for (const r of b.rules) {
      if (r.unusedVerbs.length === 0) continue;
      const from = r.origin ? ` (from ${r.origin.role})` : '';
      const what = r.unused ? pc.red('unused') : `unused verbs: ${pc.red(r.unusedVerbs.join(','))}`;
      lines.push(`  rule ${r.index}${from}: ${printable(formatRule(r.rule), 300)} — ${what}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export const UNUSED_SCHEMA_VERSION = 1;

export function unusedJson(c: AuditCollection, report: UnusedReport): string {
  return `${JSON.stringify(
    {
      schemaVersion: UNUSED_SCHEMA_VERSION,
      window: report.window ?? null,
      input: {
        files: c.files,
        events: c.counts.events,
        requests: c.counts.requests,
        problems: c.problemCount,
      },
      counts: report.counts,
      bindings: report.bindings.map((b) => ({
        ...b,
        rules: b.rules.map((r) => ({
          index: r.index,
          rule: r.rule,
          ...(r.origin ? { origin: r.origin } : {}),
          verbs: r.verbs,
          unusedVerbs: r.unusedVerbs,
          unused: r.unused,
        })),
      })),
    },
    null,
    2,
  )}\n`;
}
