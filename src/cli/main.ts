/**
 * kzt's command line. `main` returns the exit code; only bin.ts sets it on the process.
 * 0 = done, nothing at or above --fail-on; 1 = findings at or above it (or a denied
 * object for `pss`); 2 = usage, input or internal error.
 */
import { Command, CommanderError, type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import { TOOL_VERSION } from '../engine/runner.js';
import { registerChecks } from './commands/checks.js';
import { registerNetpol } from './commands/netpol.js';
import { registerPss } from './commands/pss.js';
import { registerRbac } from './commands/rbac.js';
import { registerScan } from './commands/scan.js';
import { UsageError } from './errors.js';
import type { CliIO } from './io.js';

export interface CommandContext {
  io: CliIO;
  setExitCode(code: number): void;
}

export type Registrar = (program: Command, ctx: CommandContext) => void;

/** Every command of the CLI, in help order; each lives in commands/<name>.ts. */
const REGISTRARS: Registrar[] = [registerScan, registerPss, registerRbac, registerNetpol, registerChecks];

/** `--debug` may also follow a command name (main reads it from argv); commands accept it silently. */
function acceptDebugAnywhere(cmd: CommandUnknownOpts): void {
  if (!cmd.options.some((o) => o.long === '--debug')) cmd.addOption(new Option('--debug').hideHelp());
  for (const sub of cmd.commands) acceptDebugAnywhere(sub);
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  const debug = argv.includes('--debug');
  const program = new Command('kzt')
    .description(
      'Kubernetes Zero Trust: verify identity, segmentation, perimeter, encryption, monitoring and workload security',
    )
    .version(TOOL_VERSION, '-V, --version')
    .option('--debug', 'print stack traces for internal errors')
    .showHelpAfterError('(run kzt --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const ctx: CommandContext = {
    io,
    setExitCode: (c) => {
      exitCode = c;
    },
  };
  for (const register of REGISTRARS) register(program, ctx);
  // Program options are read only before the command name, so a command may own a flag the
  // program has too: `kzt pss --version v1.30` is the PSS version, `kzt --version` kzt's.
  program.enablePositionalOptions();
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    acceptDebugAnywhere(cmd);
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError) {
      io.stderr(`kzt: ${err.message}\n`);
      return 2;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    io.stderr(
      debug
        ? `kzt: internal error: ${e.stack ?? e.message}\n`
        : `kzt: internal error: ${e.message} (run with --debug for details)\n`,
    );
    return 2;
  }
  return exitCode;
}
