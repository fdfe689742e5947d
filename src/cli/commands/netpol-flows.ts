/**
 * `kzt netpol blast-radius | generate | replay`: lateral movement, policies generated
 * from observed flows (and proved by the engine), and observed flows replayed against
 * policies. Registered on the `netpol` command by netpol.ts; this file imports nothing
 * from it (no cycle).
 *
 * Output goes to stdout (the table, JSON or the generated YAML); flow-file problems,
 * analysis warnings and the proof summary go to stderr as `kzt: ...`. Exit codes:
 * 0 done; 1 `replay` found a blocked connection, or `generate`'s proof found an observed
 * connection its policies block; 2 usage or input error (unreadable files, no usable
 * flow at all).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from '@commander-js/extra-typings';
import { formatIssue } from '../../input/issues.js';
import { loadManifests } from '../../input/load.js';
import { Inventory } from '../../model/inventory.js';
import { computeBlastRadius } from '../../netpol/blast-radius.js';
import {
  blastRadiusJson,
  blastRadiusRows,
  formatBlastRadiusFrom,
  formatBlastRadiusTable,
} from '../../netpol/blast-radius-format.js';
import {
  detectFlowFormat,
  FLOW_FORMATS,
  type FlowFormat,
  type FlowParse,
  flowText,
  mergeParses,
  type ObservedConnection,
  parseFlows,
  type Resolution,
  type ResolvedEndpoint,
  resolveFlows,
} from '../../netpol/flows/index.js';
import { replayFlows } from '../../netpol/flows/replay.js';
import { emitPolicies } from '../../netpol/generate/emit.js';
import { generatePolicies } from '../../netpol/generate/generate.js';
import { provePolicies } from '../../netpol/generate/prove.js';
import { formatIPv4 } from '../../netpol/ip.js';
import { buildNetpolModel, type NetpolModel } from '../../netpol/model.js';
import { resolvePeerRef } from '../../netpol/peer-ref.js';
import { PROFILE_NAMES, type Profile, type ProfileName, profileByName } from '../../netpol/profile.js';
import { formatWarning } from '../../netpol/warnings.js';
import { UsageError } from '../errors.js';
import type { CommandContext } from '../main.js';

interface ProfileFlags {
  profile: string;
  ipblocks?: string;
  hostNetwork?: string;
  quiet?: boolean;
}

/** The profile options of the other netpol subcommands (same names, same meaning). */
function withProfile<T extends { addOption(o: Option): unknown }>(cmd: T): T {
  cmd.addOption(
    new Option('--profile <name>', 'semantics where the API leaves a choice to the network plugin')
      .choices(PROFILE_NAMES)
      .default('k8s'),
  );
  cmd.addOption(
    new Option(
      '--ipblocks <scope>',
      'whether ipBlocks and ANP networks can match pods by IP (default: per profile)',
    ).choices(['external', 'pods']),
  );
  cmd.addOption(
    new Option(
      '--host-network <model>',
      'hostNetwork pods as ordinary pods or as node traffic (default: per profile)',
    ).choices(['pod', 'node']),
  );
  cmd.addOption(new Option('-q, --quiet', 'do not print analysis warnings and notes'));
  return cmd;
}

function profileOf(flags: ProfileFlags): Profile {
  const base = profileByName(flags.profile as ProfileName);
  return {
    ...base,
    ...(flags.ipblocks ? { ipBlocksMatchPods: flags.ipblocks === 'pods' } : {}),
    ...(flags.hostNetwork ? { hostNetwork: flags.hostNetwork as 'pod' | 'node' } : {}),
  };
}

async function loadInventory(ctx: CommandContext, paths: readonly string[]): Promise<Inventory> {
  if (paths.length === 0) return new Inventory([]);
  const io = ctx.io;
  const absolute = paths.map((p) => (p === '-' ? p : resolve(io.cwd, p)));
  const loaded = await loadManifests(absolute, {
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
  return loaded.inventory;
}

function warn(ctx: CommandContext, model: NetpolModel, flags: ProfileFlags): void {
  if (!flags.quiet) for (const w of model.warnings) ctx.io.stderr(`kzt: ${formatWarning(w)}\n`);
}

const MAX_PROBLEMS = 20;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `--flows F`, repeatable (a variadic option would swallow the PATHs after it). */
function flowsOption() {
  return new Option(
    '--flows <file>',
    'flow file, repeatable: a Hubble export (hubble observe -o jsonpb) or CSV; .gz accepted',
  )
    .argParser(collect)
    .makeOptionMandatory();
}

/** Reads and parses the flow files; reports problems; throws when nothing is usable. */
async function readFlows(
  ctx: CommandContext,
  files: readonly string[],
  format: FlowFormat | undefined,
): Promise<FlowParse> {
  const parses: FlowParse[] = [];
  for (const f of files) {
    let bytes: Uint8Array;
    try {
      bytes = f === '-' ? await ctx.io.readStdin() : readFileSync(resolve(ctx.io.cwd, f));
    } catch (err) {
      throw new UsageError(
        `cannot read flows ${f}: ${err instanceof Error ? err.message.replace(/^[A-Z]+: /, '') : String(err)}`,
      );
    }
    let text: string;
    try {
      text = flowText(bytes);
    } catch (err) {
      throw new UsageError(`cannot read flows ${f}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const name = f === '-' ? '<stdin>' : f;
    parses.push(parseFlows(text, name, format ?? detectFlowFormat(name, text)));
  }
  const all = mergeParses(parses);
  for (const p of all.problems.slice(0, MAX_PROBLEMS))
    ctx.io.stderr(`kzt: ${p.file}:${p.line}: warning: ${p.message}; record skipped\n`);
  if (all.problems.length > MAX_PROBLEMS)
    ctx.io.stderr(`kzt: ... and ${all.problems.length - MAX_PROBLEMS} more flow records with problems\n`);
  const skipped = Object.entries(all.skipped)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${v} ${k}`);
  ctx.io.stderr(
    `kzt: flows: ${all.records} records, ${all.flows.length} used${skipped.length ? `; skipped: ${skipped.join(', ')}` : ''}${all.problems.length ? `; ${all.problems.length} with problems` : ''}\n`,
  );
  if (all.flows.length === 0 && all.records > 0 && all.problems.length > 0)
    throw new UsageError(
      `no usable flow in ${files.join(', ')} (${all.problems.length} records with problems): check --flows-format (hubble: hubble observe -o jsonpb; csv: a header line ${'src_namespace,src_workload,dst_namespace,dst_workload_or_cidr,port,protocol'})`,
    );
  return all;
}

function endpointText(e: ResolvedEndpoint): string {
  if (e.kind === 'workload') return e.synthetic ? `${e.peer.display} (not in the manifests)` : e.peer.display;
  const r =
    e.peer.first === e.peer.last
      ? formatIPv4(e.peer.first)
      : `${formatIPv4(e.peer.first)}-${formatIPv4(e.peer.last)}`;
  const who = e.reserved && e.reserved !== 'world' ? ` (${e.reserved})` : '';
  return `${r}${who}${e.names.length ? ` (${e.names.slice(0, 2).join(', ')})` : ''}`;
}

function resolveWith(
  ctx: CommandContext,
  model: NetpolModel,
  flows: FlowParse,
  quiet: boolean | undefined,
): Resolution {
  const r = resolveFlows(model, flows.flows);
  if (!quiet && r.synthetic.size > 0)
    ctx.io.stderr(
      `kzt: ${r.synthetic.size} workload${r.synthetic.size === 1 ? '' : 's'} seen only in the flows (not in the manifests), analysed with the labels the flows report: ${[...r.synthetic.keys()].slice(0, 10).join(', ')}${r.synthetic.size > 10 ? ', ...' : ''}\n`,
    );
  return r;
}

function connectionText(c: ObservedConnection): string {
  return `${endpointText(c.src)} -> ${endpointText(c.dst)} ${c.protocol} ${c.port}`;
}

export function registerNetpolFlows(netpol: Command, ctx: CommandContext): void {
  // --- blast-radius ------------------------------------------------------------------
  withProfile(
    netpol
      .command('blast-radius')
      .description(
        'lateral movement: what each workload reaches directly and transitively, and paths to the most sensitive',
      )
      .argument('[paths...]', 'files, directories (recursive) or - for stdin')
      .option('--from <workload>', 'one workload in detail: ns/name[Kind] or ns/name')
      .option('--top <n>', 'table rows to print (0: all)', '50')
      .addOption(
        new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'),
      ),
  ).action(async (paths, raw) => {
    const opts = raw as unknown as ProfileFlags & { from?: string; top: string; output: 'table' | 'json' };
    if (paths.length === 0)
      throw new UsageError('needs at least one PATH (a file, a directory, or - for stdin)');
    const top = Number(opts.top);
    if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top ${opts.top}: expected a whole number`);
    const model = buildNetpolModel(await loadInventory(ctx, paths), { profile: profileOf(opts) });
    warn(ctx, model, opts);
    let from: (typeof model.workloads)[number] | undefined;
    if (opts.from) {
      const r = resolvePeerRef(model, opts.from);
      if (!r.ok) throw new UsageError(`--from ${r.error}`);
      if (!('peer' in r) || r.peer.type !== 'workload')
        throw new UsageError(`--from ${opts.from}: expected a workload`);
      from = r.peer;
    }
    const br = computeBlastRadius(model);
    if (opts.output === 'json') {
      const rows = from ? blastRadiusRows(br).filter((r) => r.workload === from) : blastRadiusRows(br);
      ctx.io.stdout(`${JSON.stringify(blastRadiusJson(br, rows, from), null, 2)}\n`);
      return;
    }
    if (model.workloads.length === 0) {
      ctx.io.stderr('kzt: no workload in the input\n');
      return;
    }
    ctx.io.stdout(from ? formatBlastRadiusFrom(br, from) : formatBlastRadiusTable(blastRadiusRows(br), top));
  });

  // --- generate ------------------------------------------------------------------------
  withProfile(
    netpol
      .command('generate')
      .description(
        'NetworkPolicies from observed flows (default deny, DNS, allow rules per workload), proved by the engine',
      )
      .argument(
        '[paths...]',
        'the manifests of the workloads (files, directories, or -): labels and ports come from them',
      )
      .addOption(flowsOption())
      .addOption(
        new Option(
          '--flows-format <format>',
          'flow file format (default: by extension, else by content)',
        ).choices(FLOW_FORMATS),
      )
      .option(
        '-n, --namespace <ns...>',
        'generate for these namespaces only (default: every namespace with workloads but kube-*)',
      )
      .addOption(
        new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml'),
      )
      .option('--output-file <file>', 'write the policies to a file instead of stdout'),
  ).action(async (paths, raw) => {
    const opts = raw as unknown as ProfileFlags & {
      flows: string[];
      flowsFormat?: FlowFormat;
      namespace?: string[];
      output: 'yaml' | 'json';
      outputFile?: string;
    };
    if (opts.flows.includes('-') && paths.includes('-'))
      throw new UsageError('--flows - and PATH - cannot both read stdin');
    const flows = await readFlows(ctx, opts.flows, opts.flowsFormat);
    const inventory = await loadInventory(ctx, paths);
    const profile = profileOf(opts);
    const model = buildNetpolModel(inventory, { profile });
    warn(ctx, model, opts);
    const resolution = resolveWith(ctx, model, flows, opts.quiet);
    const gen = generatePolicies(model, resolution, opts.namespace ? { namespaces: opts.namespace } : {});
    if (!opts.quiet) for (const n of gen.notes) ctx.io.stderr(`kzt: note: ${n}\n`);
    const header = [
      `Generated by kzt netpol generate from ${opts.flows.join(', ')}: ${resolution.connections.length} observed connections, ${gen.policies.length} NetworkPolicies for ${gen.scope.length} namespace${gen.scope.length === 1 ? '' : 's'} (${gen.scope.join(', ')}).`,
      'Each policy lists the observed connections it allows (first flow record in parentheses).',
    ];
    const yamlText = emitPolicies(gen, header);
    const text =
      opts.output === 'json'
        ? `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: gen.policies.map((p) => p.object) }, null, 2)}\n`
        : yamlText;
    if (opts.outputFile) writeFileSync(resolve(ctx.io.cwd, opts.outputFile), text);
    else ctx.io.stdout(text);

    // The proof, on the YAML exactly as emitted.
    const proof = provePolicies(inventory, resolution, gen, yamlText, profile);
    const kinds = (k: string) => gen.policies.filter((p) => p.kind === k).length;
    const left = Object.entries(gen.left)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${v} ${k}`);
    const err = ctx.io.stderr;
    err(
      `kzt: generated ${gen.policies.length} NetworkPolicies for ${gen.scope.length} namespace${gen.scope.length === 1 ? '' : 's'}: ${kinds('default-deny')} default-deny, ${kinds('dns')} allow-dns, ${kinds('ingress')} ingress, ${kinds('egress')} egress${left.length ? `; connections not needing a rule: ${left.join(', ')}` : ''}\n`,
    );
    if (proof.replaced > 0)
      err(
        `kzt: the proof replaces the ${proof.replaced} NetworkPolicies of the manifests in ${gen.scope.length > 8 ? `${gen.scope.slice(0, 8).join(', ')} and ${gen.scope.length - 8} more namespaces` : gen.scope.join(', ')} by the generated ones\n`,
      );
    err(
      `kzt: proof (engine, profile ${proof.profile}): ${proof.observedAllowed}/${proof.observed} observed connections allowed; ${proof.allowedPairs} peer pairs allowed, ${proof.allowedObserved} as observed, ${proof.allowedDnsOnly} DNS only, ${proof.unexpected.length + proof.unexpectedMore} beyond what was observed\n`,
    );
    for (const b of proof.blocked) {
      err(
        `kzt: BLOCKED (observed, denied with the generated policies in place): ${b.src} -> ${b.dst} ${b.conn}\n`,
      );
      for (const w of b.why) err(`kzt:   ${w}\n`);
    }
    for (const u of proof.unexpected) {
      err(`kzt: ALLOWED BUT NOT OBSERVED: ${u.src} -> ${u.dst} ${u.conn}\n`);
      for (const w of u.why) err(`kzt:   ${w}\n`);
    }
    if (proof.unexpectedMore > 0)
      err(`kzt: ... and ${proof.unexpectedMore} more allowed-but-not-observed pairs\n`);
    err(
      proof.holds
        ? 'kzt: proof holds: every observed connection is allowed, and everything allowed was observed or is DNS\n'
        : `kzt: proof has exceptions: ${proof.blocked.length} blocked, ${proof.unexpected.length + proof.unexpectedMore} allowed beyond the observations\n`,
    );
    if (proof.blocked.length > 0) ctx.setExitCode(1);
  });

  // --- replay --------------------------------------------------------------------------
  withProfile(
    netpol
      .command('replay')
      .description(
        'which observed flows the policies (current, or proposed in PATH) would block, and by which rule',
      )
      .argument('[paths...]', 'manifests with the policies to test (files, directories, or -)')
      .addOption(flowsOption())
      .addOption(
        new Option(
          '--flows-format <format>',
          'flow file format (default: by extension, else by content)',
        ).choices(FLOW_FORMATS),
      )
      .option('--all', 'list allowed connections too')
      .addOption(
        new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'),
      ),
  ).action(async (paths, raw) => {
    const opts = raw as unknown as ProfileFlags & {
      flows: string[];
      flowsFormat?: FlowFormat;
      all?: boolean;
      output: 'text' | 'json';
    };
    if (opts.flows.includes('-') && paths.includes('-'))
      throw new UsageError('--flows - and PATH - cannot both read stdin');
    const flows = await readFlows(ctx, opts.flows, opts.flowsFormat);
    const model = buildNetpolModel(await loadInventory(ctx, paths), { profile: profileOf(opts) });
    warn(ctx, model, opts);
    const resolution = resolveWith(ctx, model, flows, opts.quiet);
    const results = replayFlows(model, resolution);
    const blocked = results.filter((r) => !r.allowed);
    if (opts.output === 'json') {
      const loc = (c: ObservedConnection) => ({ file: c.location.file, line: c.location.line });
      ctx.io.stdout(
        `${JSON.stringify(
          {
            schemaVersion: 1,
            profile: model.profile.name,
            summary: {
              connections: results.length,
              allowed: results.length - blocked.length,
              blocked: blocked.length,
            },
            connections: results.map((r) => ({
              src: endpointText(r.connection.src),
              dst: endpointText(r.connection.dst),
              protocol: r.connection.protocol,
              port: r.connection.port,
              flows: r.connection.flows,
              location: loc(r.connection),
              allowed: r.allowed,
              ...(r.piece ? { piece: r.piece } : {}),
              egress: r.egress,
              ingress: r.ingress,
            })),
          },
          null,
          2,
        )}\n`,
      );
    } else {
      const lines: string[] = [];
      for (const r of results) {
        if (r.allowed && !opts.all) continue;
        const c = r.connection;
        lines.push(
          `${r.allowed ? 'ALLOWED' : 'BLOCKED'} ${connectionText(c)} (${c.flows} flow${c.flows === 1 ? '' : 's'}, ${c.location.file}:${c.location.line})`,
        );
        if (r.piece) lines.push(`  for ${r.piece}`);
        lines.push(`  egress: ${r.egress.reason}`);
        if (r.egress.fix) lines.push(`    to allow it: ${r.egress.fix}`);
        lines.push(`  ingress: ${r.ingress.reason}`);
        if (r.ingress.fix) lines.push(`    to allow it: ${r.ingress.fix}`);
      }
      lines.push(
        `${results.length} observed connection${results.length === 1 ? '' : 's'}: ${results.length - blocked.length} allowed, ${blocked.length} blocked`,
      );
      ctx.io.stdout(`${lines.join('\n')}\n`);
    }
    if (blocked.length > 0) ctx.setExitCode(1);
  });
}
