/**
 * `kzt rbac generate` and `kzt rbac unused` (audit-log based), added under the `rbac`
 * command that commands/rbac.ts creates. Thin wiring: open the logs, call
 * src/rbac/audit, print. stdout carries only the YAML/JSON (or the unused report);
 * the summary and every input problem go to stderr.
 *
 * Exit code 2 when a log could not be read (fully), or when the self-check finds a
 * request the generated roles do not allow; the output is still written.
 */
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from '@commander-js/extra-typings';
import { formatProblem } from '../../rbac/audit/format.js';
import {
  type AuditSource,
  collectAuditLogs,
  findUnused,
  formatGenerateSummary,
  formatUnusedTable,
  generateRbac,
  kztAuthorizer,
  renderJson,
  renderYaml,
  replay,
  unusedJson,
} from '../../rbac/audit/index.js';
import { parseSubjectSpec, type SubjectRef } from '../../rbac/subjects.js';
import { UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { useColour } from '../io.js';
import type { CommandContext } from '../main.js';
import { emit } from '../output.js';
import { loadRbacInput } from './rbac.js';

/** Files stream from disk (1 MiB reads); `-` is stdin, which CliIO hands over whole. */
export function auditSources(io: CliIO, paths: readonly string[]): AuditSource[] {
  if (paths.filter((p) => p === '-').length > 1)
    throw new UsageError('--audit-log: stdin (-) can be read once');
  return paths.map((p) => {
    if (p === '-')
      return {
        name: '<stdin>',
        reopenable: false,
        open: async function* () {
          yield await io.readStdin();
        },
      };
    const file = resolve(io.cwd, p);
    // --audit-log takes every argument after it: a directory there is most likely a PATH.
    let dir = false;
    try {
      dir = statSync(file).isDirectory();
    } catch {
      /* reported when it is read */
    }
    if (dir)
      throw new UsageError(
        `--audit-log ${p} is a directory: give the log files; manifest PATHs go before --audit-log, or after --`,
      );
    return { name: p, reopenable: true, open: () => createReadStream(file, { highWaterMark: 1024 * 1024 }) };
  });
}

function positiveInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(v))
    throw new UsageError(`${flag} must be a positive whole number, not ${JSON.stringify(v)}`);
  return Number(v);
}

function parseSubjects(specs: readonly string[] | undefined): SubjectRef[] {
  return (specs ?? []).map((s) => {
    const p = parseSubjectSpec(s);
    if (!p.ok) throw new UsageError(`--subject ${p.error}`);
    return p.subject;
  });
}

export function registerRbacAuditCommands(rbac: Command, ctx: CommandContext): void {
  rbac
    .command('generate')
    .description(
      'least-privilege Roles and ClusterRoles (with bindings) from Kubernetes audit logs: everything each subject did, denied requests included',
    )
    .requiredOption(
      '--audit-log <file...>',
      'audit log files: JSON lines or EventList, plain or gzip; - for stdin',
    )
    .option(
      '--subject <subject...>',
      'only these subjects: user:NAME, group:NAME, sa:NAMESPACE:NAME (default: every user in the log)',
    )
    .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--output-file <file>', 'write the objects to a file instead of stdout')
    .option(
      '--allowed-only',
      'only requests that succeeded (default: denied requests are granted too, and listed for review)',
    )
    .option(
      '--include-defaults',
      "also grant what Kubernetes' default bindings already allow (discovery, /version, ...)",
    )
    .option(
      '--existing <path...>',
      'manifests (or a cluster dump) with the RBAC that already exists: generate only what it does not allow',
    )
    .option('--resource-names', 'keep the object names requests named (resourceNames)')
    .option('--max-resource-names <n>', 'with --resource-names: grant all names when more than N were seen')
    .option('--widen-verbs', 'grant get, list and watch together, and update with patch')
    .option(
      '--cluster-wide-after <n>',
      'grant a namespaced request in every namespace once made in N namespaces',
    )
    .action(async (opts) => {
      const io = ctx.io;
      const maxResourceNames = positiveInt('--max-resource-names', opts.maxResourceNames);
      if (maxResourceNames !== undefined && !opts.resourceNames)
        throw new UsageError('--max-resource-names needs --resource-names');
      const clusterWideAfter = positiveInt('--cluster-wide-after', opts.clusterWideAfter);
      const subjects = parseSubjects(opts.subject);
      if (opts.existing?.includes('-') && opts.auditLog.includes('-'))
        throw new UsageError('stdin (-) can be either the audit log or the existing RBAC, not both');
      // The existing RBAC, with the default roles unless --include-defaults asks to grant those too.
      const existing = opts.existing
        ? await loadRbacInput(ctx, opts.existing, { builtinRoles: !opts.includeDefaults })
        : undefined;
      const collection = await collectAuditLogs(auditSources(io, opts.auditLog), { subjects });
      const options = {
        allowedOnly: opts.allowedOnly ?? false,
        includeDefaults: opts.includeDefaults ?? false,
        resourceNames: opts.resourceNames ?? false,
        widenVerbs: opts.widenVerbs ?? false,
        ...(maxResourceNames !== undefined ? { maxResourceNames } : {}),
        ...(clusterWideAfter !== undefined ? { clusterWideAfter } : {}),
        subjects,
        ...(existing ? { existing: existing.index } : {}),
      };
      const result = generateRbac(collection, options);
      const failures = replay(
        collection,
        result,
        options,
        kztAuthorizer(
          result.objects.map((o) => o.object),
          existing ? { inventory: existing.loaded.inventory } : {},
        ),
      );
      const header = [
        `Generated by kzt rbac generate from ${collection.counts.requests} requests in ${collection.files.length} audit log(s)${collection.window ? `, ${collection.window.from} … ${collection.window.to}` : ''}.`,
        'Objects whose comments list requests that were not allowed in the log need a review before they are applied.',
      ];
      const text = opts.output === 'json' ? renderJson(result.objects) : renderYaml(result.objects, header);
      emit(io, text, opts.outputFile);
      io.stderr(formatGenerateSummary(collection, result, failures, useColour(io), existing !== undefined));
      if (collection.errorCount > 0 || failures.length > 0) ctx.setExitCode(2);
    });

  rbac
    .command('unused')
    .description(
      'per binding, rule and verb of the manifests: what was granted but not used by any allowed request in the audit logs',
    )
    .requiredOption(
      '--audit-log <file...>',
      'audit log files: JSON lines or EventList, plain or gzip; - for stdin',
    )
    .argument('[paths...]', 'manifests with the RBAC objects: files, directories (recursive) or - for stdin')
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .option('--output-file <file>', 'write the report to a file instead of stdout')
    .action(async (paths: string[], opts) => {
      const io = ctx.io;
      if (paths.includes('-') && opts.auditLog.includes('-'))
        throw new UsageError('stdin (-) can be either the audit log or the manifests, not both');
      const sources = auditSources(io, opts.auditLog);
      const { index } = await loadRbacInput(ctx, paths, { builtinRoles: true });
      const collection = await collectAuditLogs(sources);
      for (const p of collection.problems) io.stderr(`kzt: ${formatProblem(p)}\n`);
      if (collection.problemCount > collection.problems.length)
        io.stderr(
          `kzt: … and ${collection.problemCount - collection.problems.length} more audit log problems\n`,
        );
      const report = findUnused(collection, index);
      const text =
        opts.output === 'json'
          ? unusedJson(collection, report)
          : formatUnusedTable(collection, report, !opts.outputFile && useColour(io));
      emit(io, text, opts.outputFile);
      if (collection.errorCount > 0) ctx.setExitCode(2);
    });
}
