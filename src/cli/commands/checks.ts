import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { ALL_CHECKS, findCheck } from '../../checks/index.js';
import {
  catalogueText,
  checkDetailJson,
  checkSummaryJson,
  checkText,
  suggestCheck,
} from '../../report/catalogue.js';
import { UsageError } from '../errors.js';
import { useColour } from '../io.js';
import type { CommandContext } from '../main.js';

/**
 * `kzt checks [ID] [-o text|json]`: the catalogue, or one check's documentation (the same
 * content as docs/checks/<ID>.md, for air-gapped users who have no browser at hand).
 */
export function registerChecks(program: Command, ctx: CommandContext): void {
  program
    .command('checks')
    .description("list the check catalogue, or print one check's documentation")
    .argument('[id]', 'check id (ZT-WL-003) or slug')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((id: string | undefined, opts: { output: string }) => {
      const io = ctx.io;
      if (id === undefined) {
        if (opts.output === 'json')
          io.stdout(
            `${JSON.stringify(
              ALL_CHECKS.map((c) => checkSummaryJson(c.meta)),
              null,
              2,
            )}\n`,
          );
        else io.stdout(catalogueText(ALL_CHECKS, useColour(io)));
        return;
      }
      const check = findCheck(id);
      if (!check) {
        const near = suggestCheck(id, ALL_CHECKS);
        const hint = near ? `did you mean ${near.meta.id} (${near.meta.slug})? ` : '';
        throw new UsageError(`no check ${JSON.stringify(id)}; ${hint}run kzt checks to list them`);
      }
      if (opts.output === 'json') io.stdout(`${JSON.stringify(checkDetailJson(check), null, 2)}\n`);
      else io.stdout(checkText(check, useColour(io)));
    });
}
