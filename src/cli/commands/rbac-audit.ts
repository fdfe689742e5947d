import type { Command } from '@commander-js/extra-typings';
import type { CommandContext } from '../main.js';

/**
 * `kzt rbac generate` and `kzt rbac unused` (audit-log based), added under the `rbac`
 * command that commands/rbac.ts creates.
 */
export function registerRbacAuditCommands(_rbac: Command, _ctx: CommandContext): void {}
