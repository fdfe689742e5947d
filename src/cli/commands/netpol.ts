/**
 * `kzt netpol connlist | diff | explain`. Thin wiring: load manifests, build the model
 * (src/netpol), format. Input problems and analysis warnings go to stderr as
 * `kzt: file:line: warning: ...` and the analysis goes on; a file that cannot be read
 * makes the exit code 2 (the answer may be incomplete).
 *
 * Further `netpol` subcommands (blast-radius, generate, replay) register on the
 * `netpol` command returned by registerNetpol's group (see NETPOL_EXTENSIONS).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from '@commander-js/extra-typings';
import { formatIssue } from '../../input/issues.js';
import { loadManifests } from '../../input/load.js';
import type { Inventory } from '../../model/inventory.js';
import { computeConnectivity } from '../../netpol/connectivity.js';
import { diffConnectivity } from '../../netpol/diff.js';
import { explainPair, explanationToJson, formatExplanation, type PortQuery } from '../../netpol/explain.js';
import { formatExplainReport } from '../../netpol/explain-report.js';
import { CONNLIST_FORMATS, type ConnlistFormat, streamConnlist } from '../../netpol/format-connlist.js';
import { DIFF_FORMATS, type DiffFormat, formatDiff } from '../../netpol/format-diff.js';
import { buildNetpolModel, type NetpolModel } from '../../netpol/model.js';
import { externalPieces, resolvePeerRef } from '../../netpol/peer-ref.js';
import { isProtocol } from '../../netpol/ports.js';
import { PROFILE_NAMES, type Profile, type ProfileName, profileByName } from '../../netpol/profile.js';
import { formatWarning } from '../../netpol/warnings.js';
import type { Peer } from '../../netpol/workloads.js';
import { UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import type { CommandContext } from '../main.js';
import { registerNetpolFlows } from './netpol-flows.js';

interface ProfileFlags {
  profile: string;
  ipblocks?: string;
  hostNetwork?: string;
  selfConnections?: boolean;
  quiet?: boolean;
}

/** Subcommands other modules add to `kzt netpol` (blast-radius, generate, replay). */
export const NETPOL_EXTENSIONS: Array<(netpol: Command, ctx: CommandContext) => void> = [];

/** The profile options every netpol subcommand accepts. */
function profileOptionList(): Option[] {
  return [
    new Option('--profile <name>', 'semantics where the API leaves a choice to the network plugin')
      .choices(PROFILE_NAMES)
      .default('k8s'),
    new Option(
      '--ipblocks <scope>',
      'whether ipBlocks and ANP networks can match pods by IP (default: per profile)',
    ).choices(['external', 'pods']),
    new Option(
      '--host-network <model>',
      'hostNetwork pods as ordinary pods or as node traffic (default: per profile)',
    ).choices(['pod', 'node']),
    new Option('--self-connections', 'list connections between replicas of the same workload'),
    new Option('--no-self-connections', 'omit connections of a workload to itself'),
    new Option('-q, --quiet', 'do not print analysis warnings'),
  ];
}

function withProfileOptions<T extends { addOption(o: Option): unknown }>(cmd: T): T {
  for (const o of profileOptionList()) cmd.addOption(o);
  return cmd;
}

function profileFrom(flags: ProfileFlags): Profile {
  const base = profileByName(flags.profile as ProfileName);
  return {
    ...base,
    ...(flags.ipblocks ? { ipBlocksMatchPods: flags.ipblocks === 'pods' } : {}),
    ...(flags.hostNetwork ? { hostNetwork: flags.hostNetwork as 'pod' | 'node' } : {}),
    ...(flags.selfConnections !== undefined ? { selfConnections: flags.selfConnections } : {}),
  };
}

async function loadInventory(ctx: CommandContext, paths: readonly string[]): Promise<Inventory> {
  if (paths.length === 0)
    throw new UsageError('needs at least one PATH (a file, a directory, or - for stdin)');
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

async function loadModel(
  ctx: CommandContext,
  paths: readonly string[],
  flags: ProfileFlags,
): Promise<NetpolModel> {
  const model = buildNetpolModel(await loadInventory(ctx, paths), { profile: profileFrom(flags) });
  if (!flags.quiet) for (const w of model.warnings) ctx.io.stderr(`kzt: ${formatWarning(w)}\n`);
  return model;
}

/** Writes to --output-file or stdout in chunks; a trailing newline is added only for a terminal. */
function writer(io: CliIO, outputFile: string | undefined): { write: (s: string) => void; end: () => void } {
  if (outputFile) {
    const fd = openSync(resolve(io.cwd, outputFile), 'w');
    return {
      write: (s) => {
        writeSync(fd, s);
      },
      end: () => closeSync(fd),
    };
  }
  let last = '';
  return {
    write: (s) => {
      if (s === '') return;
      io.stdout(s);
      last = s;
    },
    end: () => {
      if (io.isTTY && last !== '' && !last.endsWith('\n')) io.stdout('\n');
    },
  };
}

function parsePort(spec: string): PortQuery {
  const parts = spec.split('/');
  if (parts.length > 2 || parts[0] === '')
    throw new UsageError(`--port ${spec}: expected PORT or PORT/PROTOCOL, e.g. 8080/TCP`);
  let [a, b] = parts as [string, string | undefined];
  // Accept PROTO/PORT too.
  if (b !== undefined && isProtocol(a.toUpperCase()) && !isProtocol(b.toUpperCase())) [a, b] = [b, a];
  const protocol = (b ?? 'TCP').toUpperCase();
  if (!isProtocol(protocol)) throw new UsageError(`--port ${spec}: protocol must be TCP, UDP or SCTP`);
  if (/^[0-9]+$/.test(a)) {
    const n = Number(a);
    if (n < 1 || n > 65535) throw new UsageError(`--port ${spec}: port must be in 1-65535`);
    return { protocol, port: n };
  }
  return { protocol, port: a };
}

export function registerNetpol(program: Command, ctx: CommandContext): void {
  const netpol = program
    .command('netpol')
    .description('NetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy connectivity');

  withProfileOptions(
    netpol
      .command('connlist')
      .description('list every allowed connection between workloads and external address ranges')
      .argument('[paths...]', 'files, directories (recursive) or - for stdin')
      .addOption(
        new Option('-o, --output <format>', 'output format').choices(CONNLIST_FORMATS).default('txt'),
      )
      .option('--output-file <file>', 'write the list to a file instead of stdout')
      .option(
        '--explain',
        'for every pair, the allowed and denied ports with the policies and rules that decided them (txt)',
      ),
  ).action(async (paths, raw) => {
    const opts = raw as unknown as ProfileFlags & {
      output: ConnlistFormat;
      outputFile?: string;
      explain?: boolean;
    };
    if (opts.explain && opts.output !== 'txt')
      throw new UsageError('--explain is only available with -o txt');
    const model = await loadModel(ctx, paths, opts);
    const out = writer(ctx.io, opts.outputFile);
    try {
      if (opts.explain) out.write(formatExplainReport(model));
      else streamConnlist(computeConnectivity(model), opts.output, out.write);
    } finally {
      out.end();
    }
  });

  withProfileOptions(
    netpol
      .command('diff')
      .description('connections added, removed and changed from PATH_A to PATH_B')
      .argument('<pathA>', 'the first configuration (file or directory)')
      .argument('<pathB>', 'the second configuration (file or directory)')
      .addOption(new Option('-o, --output <format>', 'output format').choices(DIFF_FORMATS).default('txt'))
      .option('--output-file <file>', 'write the diff to a file instead of stdout'),
  ).action(async (pathA, pathB, raw) => {
    const opts = raw as unknown as ProfileFlags & { output: DiffFormat; outputFile?: string };
    const a = computeConnectivity(await loadModel(ctx, [pathA], opts));
    const b = computeConnectivity(await loadModel(ctx, [pathB], opts));
    const diff = diffConnectivity(a, b);
    if (diff.entries.length === 0 && !opts.quiet) ctx.io.stderr('kzt: no connectivity differences\n');
    const out = writer(ctx.io, opts.outputFile);
    try {
      out.write(formatDiff(diff, opts.output));
    } finally {
      out.end();
    }
  });

  withProfileOptions(
    netpol
      .command('explain')
      .description('why traffic from SRC to DST is allowed or denied, per direction, tier, policy and rule')
      .argument('<src>', 'ns/name[Kind], ns/name, an IPv4 address or range, or ingress-controller')
      .argument('<dst>', 'ns/name[Kind], ns/name, an IPv4 address or range')
      .argument('[paths...]', 'files, directories (recursive) or - for stdin')
      .option('--port <port>', 'explain one port: PORT/PROTOCOL (e.g. 8080/TCP, 53/UDP, http/TCP)')
      .addOption(
        new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'),
      ),
  ).action(async (src, dst, paths, raw) => {
    const opts = raw as unknown as ProfileFlags & { port?: string; output: string };
    const query = opts.port ? parsePort(opts.port) : undefined;
    const model = await loadModel(ctx, paths, opts);
    const peers = (spec: string, role: 'source' | 'destination'): Peer[] => {
      const r = resolvePeerRef(model, spec);
      if (!r.ok) throw new UsageError(`${role} ${r.error}`);
      if ('peer' in r) {
        if (role === 'destination' && r.peer.type === 'ingress-controller')
          throw new UsageError('the ingress controller can only be a source');
        return [r.peer];
      }
      return externalPieces(role === 'source' ? model.sourceAtoms : model.destinationAtoms, r.external);
    };
    const srcs = peers(src, 'source');
    const dsts = peers(dst, 'destination');
    if (srcs.every((p) => p.type !== 'workload') && dsts.every((p) => p.type !== 'workload'))
      throw new UsageError('at least one of SRC and DST must be a workload');
    const results = [];
    for (const s of srcs) for (const d of dsts) results.push(explainPair(model, s, d, query));
    if (opts.output === 'json') {
      const data = results.map(explanationToJson);
      ctx.io.stdout(`${JSON.stringify(data.length === 1 ? data[0] : data, null, 2)}\n`);
    } else ctx.io.stdout(results.map(formatExplanation).join('\n'));
  });

  registerNetpolFlows(netpol, ctx);
  for (const extend of NETPOL_EXTENSIONS) extend(netpol, ctx);
}
