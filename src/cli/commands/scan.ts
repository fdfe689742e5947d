import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import yaml from 'js-yaml';
import { ALL_CHECKS } from '../../checks/index.js';
import { ConfigSchema, parseConfig, resolveConfig } from '../../engine/config.js';
import { exitCodeFor, runScan } from '../../engine/runner.js';
import { SEVERITIES, type Severity } from '../../engine/types.js';
import { loadManifests } from '../../input/load.js';
import { FORMATS } from '../../report/index.js';
import { UsageError } from '../errors.js';
import { useColour } from '../io.js';
import type { CommandContext } from '../main.js';
import { emit } from '../output.js';

const CONFIG_FILES = ['.kzt.yaml', '.kzt.yml'];

function loadConfigFile(path: string) {
  let raw: unknown;
  try {
    // CORE_SCHEMA: no timestamp type, so `expires: 2027-03-31` stays the string the schema expects.
    raw = yaml.load(readFileSync(path, 'utf8'), { schema: yaml.CORE_SCHEMA });
  } catch (err) {
    throw new UsageError(`${path}: cannot read the configuration: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = parseConfig(raw);
  if (!parsed.ok) throw new UsageError(`${path}: invalid configuration: ${parsed.errors.join('; ')}`);
  return parsed.config;
}

/**
 * The configuration in effect without --config: .kzt.yaml in the current directory,
 * else in the first PATH when it is a directory (so `kzt scan repo/` uses repo/.kzt.yaml).
 */
function findConfig(cwd: string, paths: readonly string[]): string | undefined {
  const dirs = [cwd];
  const first = paths[0];
  if (first && first !== '-') {
    const p = resolve(cwd, first);
    try {
      if (statSync(p).isDirectory()) dirs.push(p);
    } catch {
      /* reported by the loader */
    }
  }
  for (const dir of dirs) {
    for (const f of CONFIG_FILES) {
      const candidate = resolve(dir, f);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

export function registerScan(program: Command, ctx: CommandContext): void {
  program
    .command('scan')
    .description('scan manifests for Zero Trust weaknesses in all six pillars')
    .argument('[paths...]', 'files, directories (recursive) or - for stdin')
    .addOption(
      new Option('-o, --output <format>', 'report format').choices(Object.keys(FORMATS)).default('table'),
    )
    .option('--output-file <file>', 'write the report to a file instead of stdout')
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a finding is at or above this severity (default: high)',
      ).choices([...SEVERITIES, 'none']),
    )
    .option(
      '--framework <id>',
      'only run the checks mapped to a compliance framework (nsa-cisa, cis, nist-800-207, ...)',
    )
    .option('--config <file>', 'configuration file (default: .kzt.yaml in the current directory)')
    .option('--baseline <file>', 'a previous `kzt scan -o json` report: its findings are shown as suppressed')
    .addOption(
      new Option('--pss-level <level>', 'Pod Security Standards level').choices(['baseline', 'restricted']),
    )
    .option('--pss-version <version>', 'Pod Security Standards version (v1.0 ... v1.37 or latest)')
    .option('--max-file-size <MiB>', 'largest manifest file to read', '256')
    .option('--no-kustomize', 'read directories with a kustomization file as plain files')
    .action(async (paths: string[], opts) => {
      const io = ctx.io;
      if (paths.length === 0)
        throw new UsageError('scan needs at least one PATH (a file, a directory, or - for stdin)');
      const configPath = opts.config ?? findConfig(io.cwd, paths);
      const config = configPath ? loadConfigFile(resolve(io.cwd, configPath)) : ConfigSchema.parse({});
      const resolved = resolveConfig(config);
      if (opts.pssLevel) resolved.options.pss.level = opts.pssLevel as 'baseline' | 'restricted';
      if (opts.pssVersion) {
        if (!/^(latest|v1\.(0|[1-9][0-9]*))$/.test(opts.pssVersion)) {
          throw new UsageError(`--pss-version ${opts.pssVersion}: expected latest or v1.N`);
        }
        resolved.options.pss.version = opts.pssVersion;
      }
      const maxMiB = Number(opts.maxFileSize);
      if (!Number.isFinite(maxMiB) || maxMiB <= 0)
        throw new UsageError('--max-file-size must be a positive number of MiB');
      let baseline: unknown;
      if (opts.baseline) {
        try {
          baseline = JSON.parse(readFileSync(resolve(io.cwd, opts.baseline), 'utf8'));
        } catch (err) {
          throw new UsageError(`--baseline ${opts.baseline}: ${(err as Error).message}`);
        }
      }
      let checks = ALL_CHECKS;
      if (opts.framework) {
        const fw = opts.framework;
        checks = checks.filter(
          (c) => c.meta.pillar === 'input' || c.meta.frameworks.some((f) => f.framework === fw),
        );
        if (checks.every((c) => c.meta.pillar === 'input'))
          throw new UsageError(`--framework ${fw}: no check is mapped to it`);
      }
      const loaded = await loadManifests(
        paths.map((p) => (p === '-' ? p : resolve(io.cwd, p))),
        {
          cwd: io.cwd,
          readStdin: io.readStdin,
          parallel: io.parallelParse,
          maxFileSize: maxMiB * 1024 * 1024,
          kustomize: opts.kustomize,
        },
      );
      const result = runScan({
        inventory: loaded.inventory,
        checks,
        options: resolved.options,
        config: resolved.engine,
        documentProblems: loaded.documentProblems,
        issues: loaded.issues,
        files: loaded.files,
        baseline,
      });
      const format = FORMATS[opts.output]!;
      const failOn = (opts.failOn as Severity | 'none' | undefined) ?? resolved.failOn ?? 'high';
      // failOn: the table's closing line explains the exit code.
      emit(
        io,
        format(result, { colour: !opts.outputFile && useColour(io), cwd: io.cwd, failOn }),
        opts.outputFile,
      );
      ctx.setExitCode(exitCodeFor(result, failOn));
    });
}
