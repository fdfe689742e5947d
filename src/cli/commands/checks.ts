import type { Command } from '@commander-js/extra-typings';
import { ALL_CHECKS, findCheck } from '../../checks/index.js';
import { UsageError } from '../errors.js';
import type { CommandContext } from '../main.js';

export function registerChecks(program: Command, ctx: CommandContext): void {
  program
    .command('checks')
    .description("list the check catalogue, or print one check's documentation")
    .argument('[id]', 'check id (ZT-WL-003) or slug')
    .option('-o, --output <format>', 'text or json', 'text')
    .action((id: string | undefined, opts: { output: string }) => {
      const checks = id ? [findCheck(id)] : ALL_CHECKS;
      if (checks[0] === undefined) throw new UsageError(`no check ${id}; run kzt checks to list them`);
      if (opts.output === 'json') {
        ctx.io.stdout(
          `${JSON.stringify(
            checks.map((c) => c!.meta),
            null,
            2,
          )}\n`,
        );
        return;
      }
      for (const c of checks)
        ctx.io.stdout(`${c!.meta.id}  ${c!.meta.severity.padEnd(8)} ${c!.meta.title}\n`);
    });
}
