/**
 * `kzt rbac who-can | can | paths` (and, through registerRbacAuditCommands, the
 * audit-log subcommands). Thin wiring: load manifests, build the index, call the
 * analyses in src/rbac, format.
 *
 * Input problems go to stderr as `file:line: warning: ...` and the analysis goes on;
 * a file that cannot be read makes the exit code 2 (the answer may be incomplete).
 */
import { type Command, Option } from '@commander-js/extra-typings';
import pc from 'picocolors';
import { formatIssue } from '../../input/issues.js';
import { type LoadResult, loadManifests } from '../../input/load.js';
import { ApiResources } from '../../rbac/api-resources.js';
import { type EffectivePermissions, type EffectiveVia, effectivePermissions } from '../../rbac/effective.js';
import { EscalationGraph, isTargetName } from '../../rbac/escalation.js';
import { buildRbacIndex, type RbacIndex } from '../../rbac/index.js';
import { findPaths, formatPathsDot, formatPathText } from '../../rbac/paths.js';
import { describeSubject, parseSubjectSpec } from '../../rbac/subjects.js';
import { parseWhoCanQuery, type WhoCanResult, type WhoCanVia, whoCan } from '../../rbac/who-can.js';
import { WorkloadIdentities } from '../../rbac/workload-identity.js';
import { UsageError } from '../errors.js';
import { useColour } from '../io.js';
import type { CommandContext } from '../main.js';
import { emit } from '../output.js';
import { registerRbacAuditCommands } from './rbac-audit.js';

export interface RbacInput {
  loaded: LoadResult;
  index: RbacIndex;
  api: ApiResources;
}

/** Loads the manifests, builds the index and reports input problems on stderr. */
export async function loadRbacInput(
  ctx: CommandContext,
  paths: readonly string[],
  opts: { builtinRoles: boolean },
): Promise<RbacInput> {
  if (paths.length === 0)
    throw new UsageError('needs at least one PATH (a file, a directory, or - for stdin)');
  const io = ctx.io;
  const loaded = await loadManifests(paths, {
    cwd: io.cwd,
    readStdin: io.readStdin,
    parallel: io.parallelParse,
  });
  for (const issue of loaded.issues) io.stderr(`kzt: ${formatIssue(issue)}\n`);
  for (const p of loaded.documentProblems)
    if (p.severity === 'error')
      io.stderr(`kzt: ${p.file}:${p.line}:${p.column}: error: ${p.message}; document skipped\n`);
  if (
    loaded.issues.some((i) => i.severity === 'error') ||
    loaded.documentProblems.some((p) => p.severity === 'error')
  )
    ctx.setExitCode(2);
  const index = buildRbacIndex(loaded.inventory, { builtinRoles: opts.builtinRoles });
  for (const p of index.problems) {
    const loc = p.resource.locate(p.path);
    io.stderr(
      `kzt: ${loc.file}${loc.line ? `:${loc.line}` : ''}: warning: ${p.resource.ref.kind} ${p.resource.ref.namespace ? `${p.resource.ref.namespace}/` : ''}${p.resource.ref.name}: ${p.message}\n`,
    );
  }
  for (const d of index.dangling) {
    const loc = d.binding.resource?.locate(['roleRef']);
    const where = loc ? `${loc.file}${loc.line ? `:${loc.line}` : ''}: ` : '';
    io.stderr(
      `kzt: ${where}warning: ${d.binding.kind} ${d.binding.namespace ? `${d.binding.namespace}/` : ''}${d.binding.name} references ${d.binding.roleRef?.kind} ${d.binding.roleRef?.name}, which ${d.systemRole ? 'is a Kubernetes system role kzt does not model and ' : ''}is not in the input: it grants nothing here\n`,
    );
  }
  const counted = index.problems.length + index.dangling.length;
  if (counted > 0) io.stderr(`kzt: ${counted} RBAC input problem(s); the rest was analysed\n`);
  return { loaded, index, api: ApiResources.forInventory(loaded.inventory) };
}

export function formatVia(v: WhoCanVia): string {
  const b = v.binding.namespace
    ? `${v.binding.kind} ${v.binding.namespace}/${v.binding.name}`
    : `${v.binding.kind} ${v.binding.name}`;
  let s = `${b} → ${v.role.kind} ${v.role.name} rule ${v.rule}`;
  if (v.aggregatedFrom) s += ` (from ${v.aggregatedFrom.role} rule ${v.aggregatedFrom.rule})`;
  if (v.location) s += `  ${v.location.file}${v.location.line ? `:${v.location.line}` : ''}`;
  else if (v.builtin) s += '  (Kubernetes default)';
  return s;
}

function describeQuery(r: WhoCanResult): string {
  const q = r.query;
  if ('nonResourceURL' in q) return `${q.verb} ${q.nonResourceURL}`;
  const res = `${q.resource}${q.subresource ? `/${q.subresource}` : ''}${q.apiGroup ? `.${q.apiGroup}` : ''}`;
  return `${q.verb} ${res}${q.name ? ` named ${q.name}` : ''} ${q.namespace ? `in namespace ${q.namespace}` : 'cluster-wide'}`;
}

export function formatWhoCanTable(r: WhoCanResult, colour: boolean): string {
  const c = pc.createColors(colour);
  const lines = [c.bold(`Who can ${describeQuery(r)}: ${r.subjects.length} subject(s)`), ''];
  const rows: [string, string][] = [];
  for (const s of r.subjects) {
    const name =
      s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`;
    if (s.bypassesRbac) rows.push([name, 'bypasses RBAC (membership is not visible in RBAC objects)']);
    s.via.forEach((v, i) => {
      rows.push([i === 0 && !s.bypassesRbac ? name : '', formatVia(v)]);
    });
    if (s.members) rows.push(['', c.dim(`(${s.members})`)]);
  }
  const width = Math.min(60, Math.max(7, ...rows.map((r) => r[0].length)));
  lines.push(`${c.bold('SUBJECT'.padEnd(width))}  ${c.bold('VIA')}`);
  for (const [a, b] of rows) lines.push(`${a.padEnd(width)}  ${b}`);
  return lines.join('\n');
}

function formatEffective(p: EffectivePermissions, colour: boolean): string {
  const c = pc.createColors(colour);
  const out: string[] = [
    c.bold(`${describeSubject(p.subject)}`) +
      c.dim(` (user "${p.user.name}", groups ${p.user.groups.join(', ') || 'none'})`),
  ];
  if (p.bypassesRbac) out.push(c.red('  member of system:masters: bypasses RBAC, every request is allowed'));
  if (p.scopes.length === 0) out.push('', '  no RBAC permissions');
  const viaText = (v: EffectiveVia) =>
    `${formatVia(v)}${v.subject.kind === 'Group' ? ` [as member of Group ${v.subject.name}]` : ''}`;
  for (const s of p.scopes) {
    out.push(
      '',
      c.bold(
        s.namespace === '*'
          ? 'cluster-wide (every namespace and cluster-scoped):'
          : `namespace ${s.namespace}:`,
      ),
    );
    for (const r of s.rules) {
      const what =
        r.nonResourceURLs.length > 0
          ? r.nonResourceURLs.join(', ')
          : `${r.resources.join(', ')} in ${r.apiGroups.map((g) => (g === '' ? 'core' : g)).join(', ')}${r.resourceNames.length ? ` named ${r.resourceNames.join(', ')}` : ''}`;
      out.push(`  ${c.cyan(r.verbs.join(','))} ${what}`);
      for (const v of r.via) out.push(c.dim(`      via ${viaText(v)}`));
    }
  }
  if (p.ineffective.length > 0) {
    out.push('', c.bold('granted by RoleBindings but ineffective:'));
    for (const i of p.ineffective)
      out.push(
        `  namespace ${i.namespace}: ${i.rule.verbs.join(',')} ${[...i.rule.resources, ...i.rule.nonResourceURLs].join(', ')} — ${i.reason}`,
        c.dim(`      via ${viaText(i.via)}`),
      );
  }
  return out.join('\n');
}

export function registerRbac(program: Command, ctx: CommandContext): void {
  const rbac = program
    .command('rbac')
    .description('RBAC analysis: who can, what can, escalation paths, audit-based least privilege');

  rbac
    .command('who-can')
    .description('every subject allowed a request, with the binding, role and rule that allow it')
    .argument('<verb>', 'get, list, create, ... or *')
    .argument(
      '<resource>',
      'TYPE[/NAME] as kubectl auth can-i reads it (pods, deployments.apps, jobs.batch/bar), or /URL',
    )
    .argument('[paths...]', 'files, directories (recursive) or - for stdin')
    .option('-n, --namespace <ns>', 'the namespace of the request (default: cluster-wide access)')
    .option('--name <name>', 'the object name')
    .option('--api-group <group>', 'the API group ("" for core)')
    .option('--subresource <sub>', 'a subresource: exec, log, status, token, ...')
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .option('--no-builtin-roles', 'do not assume the Kubernetes default roles and bindings')
    .action(async (verb: string, resource: string, paths: string[], opts) => {
      const args = {
        verb,
        target: resource,
        ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        ...(opts.apiGroup !== undefined ? { apiGroup: opts.apiGroup } : {}),
        ...(opts.subresource !== undefined ? { subresource: opts.subresource } : {}),
      };
      // Usage errors first, before reading any input (the CRDs of the input only refine names).
      const early = parseWhoCanQuery(args, new ApiResources());
      if (!early.ok) throw new UsageError(`who-can: ${early.error}`);
      const input = await loadRbacInput(ctx, paths, { builtinRoles: opts.builtinRoles });
      const parsed = parseWhoCanQuery(args, input.api);
      if (!parsed.ok) throw new UsageError(`who-can: ${parsed.error}`);
      for (const w of parsed.warnings) ctx.io.stderr(`kzt: warning: ${w}\n`);
      const result = whoCan(input.index, parsed.request, parsed.query);
      if (opts.output === 'json') emit(ctx.io, JSON.stringify({ schemaVersion: 1, ...result }, null, 2));
      else emit(ctx.io, formatWhoCanTable(result, useColour(ctx.io)));
    });

  rbac
    .command('can')
    .description("a subject's effective permissions per namespace, merged, each rule with its provenance")
    .argument('<subject>', 'user:NAME | group:NAME | sa:NAMESPACE:NAME')
    .argument('[paths...]', 'files, directories (recursive) or - for stdin')
    .option(
      '--group <group>',
      'another group the user is in (repeatable)',
      (g: string, prev: string[] | undefined) => [...(prev ?? []), g],
    )
    .option('-n, --namespace <ns>', 'only this namespace (and cluster-wide grants)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--no-builtin-roles', 'do not assume the Kubernetes default roles and bindings')
    .action(async (spec: string, paths: string[], opts) => {
      const parsed = parseSubjectSpec(spec);
      if (!parsed.ok) throw new UsageError(`can: ${parsed.error}`);
      const input = await loadRbacInput(ctx, paths, { builtinRoles: opts.builtinRoles });
      const perms = effectivePermissions(input.index, parsed.subject, input.api, opts.group ?? []);
      if (opts.namespace !== undefined) {
        perms.scopes = perms.scopes.filter((s) => s.namespace === '*' || s.namespace === opts.namespace);
        perms.ineffective = perms.ineffective.filter((i) => i.namespace === opts.namespace);
      }
      if (opts.output === 'json') emit(ctx.io, JSON.stringify({ schemaVersion: 1, ...perms }, null, 2));
      else emit(ctx.io, formatEffective(perms, useColour(ctx.io)));
    });

  rbac
    .command('paths')
    .description(
      'shortest privilege-escalation paths to cluster-admin, every Secret or node access, each hop explained',
    )
    .argument('[paths...]', 'files, directories (recursive) or - for stdin')
    .option(
      '--from <subject>',
      'user:NAME | group:NAME | sa:NAMESPACE:NAME | workload:NAMESPACE/KIND/NAME (default: every identity)',
    )
    .option(
      '--to <target>',
      'cluster-admin | all-secrets | node-access | a SUBJECT (default: cluster-admin; with --from, every target)',
    )
    .option(
      '--include-system',
      "also start from Kubernetes' own components (system: users and groups, kube-system accounts)",
    )
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'dot']).default('text'),
    )
    .option('--no-builtin-roles', 'do not assume the Kubernetes default roles and bindings')
    .action(async (paths: string[], opts) => {
      // --from workload:NS/KIND/NAME starts from the identity the workload's pods hold.
      const workloadSpec = opts.from?.startsWith('workload:')
        ? opts.from.slice('workload:'.length).split('/')
        : undefined;
      if (workloadSpec && (workloadSpec.length !== 3 || workloadSpec.some((p) => p === '')))
        throw new UsageError(
          `paths: --from ${opts.from}: a workload is written workload:NAMESPACE/KIND/NAME`,
        );
      const from = opts.from !== undefined && !workloadSpec ? parseSubjectSpec(opts.from) : undefined;
      if (from && !from.ok) throw new UsageError(`paths: --from ${from.error}`);
      let to: Parameters<typeof findPaths>[1]['to'];
      if (opts.to !== undefined) {
        if (isTargetName(opts.to)) to = opts.to;
        else {
          const t = parseSubjectSpec(opts.to);
          if (!t.ok)
            throw new UsageError(
              `paths: --to expects cluster-admin, all-secrets, node-access or a SUBJECT; ${t.error}`,
            );
          to = t.subject;
        }
      }
      const input = await loadRbacInput(ctx, paths, { builtinRoles: opts.builtinRoles });
      const graph = new EscalationGraph(input.loaded.inventory, input.index);
      let start = from?.ok ? from.subject : undefined;
      if (workloadSpec) {
        const [ns, kind, name] = workloadSpec as [string, string, string];
        const w = input.loaded.inventory
          .workloads()
          .find(
            (x) =>
              (x.resource.ref.namespace ?? 'default') === ns &&
              x.resource.ref.kind.toLowerCase() === kind.toLowerCase() &&
              x.resource.ref.name === name,
          );
        if (!w) throw new UsageError(`paths: no workload ${kind} ${ns}/${name} in the input`);
        const id = new WorkloadIdentities(input.loaded.inventory, input.index).of(w);
        if (!id.apiToken) {
          emit(
            ctx.io,
            `${kind} ${ns}/${name} runs as ServiceAccount ${id.subject.namespace}/${id.subject.name} but its pods hold no API token: no escalation path starts there.`,
          );
          return;
        }
        ctx.io.stderr(
          `kzt: ${kind} ${ns}/${name} runs as ServiceAccount ${id.subject.namespace}/${id.subject.name} (${id.apiToken} token)${id.exposure[0] ? `, internet-facing through ${id.exposure[0].text}` : ''}\n`,
        );
        start = id.subject;
      }
      const found = findPaths(graph, {
        ...(start ? { from: start } : {}),
        ...(to !== undefined ? { to } : {}),
        includeSystem: opts.includeSystem === true,
      });
      if (opts.output === 'json') emit(ctx.io, JSON.stringify({ schemaVersion: 1, paths: found }, null, 2));
      else if (opts.output === 'dot') emit(ctx.io, formatPathsDot(found));
      else if (found.length === 0) emit(ctx.io, 'No escalation path found.');
      else emit(ctx.io, found.map(formatPathText).join('\n\n'));
    });

  registerRbacAuditCommands(rbac, ctx);
}
