import type { Command } from '@commander-js/extra-typings';
import { UsageError } from '../errors.js';
import type { CommandContext } from '../main.js';

export function registerPss(program: Command, _ctx: CommandContext): void {
  program
    .command('pss')
    .description('evaluate Pod Security Standards exactly as pod-security-admission does')
    .argument('[paths...]')
    .action(() => {
      throw new UsageError('pss: not implemented yet');
    });
}
