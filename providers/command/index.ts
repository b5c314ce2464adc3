/** The `command` recovery provider: a command recovers the target, another checks it. No configuration of its own. */
import type { RecoveryProviderPlugin } from '../../core/provider.ts';
import { CommandRecoveryProvider } from './command-provider.ts';
import { commandTargetSchema, type CommandTarget } from './command-target.ts';

export const command: RecoveryProviderPlugin<CommandTarget, unknown> = {
  type: 'command',
  port: 'recovery',
  targetSchema: commandTargetSchema,
  // The schema says all that can be known before a command runs.
  checkTarget: () => [],
  create: () => new CommandRecoveryProvider(),
};
