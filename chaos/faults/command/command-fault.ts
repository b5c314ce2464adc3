/** `command`: the escape hatch; a shell command breaks something, another undoes it. */
import { z } from 'zod';
import { defineFault, type FaultSpec } from '../../../core/fault.ts';
import { runShell } from '../run-shell.ts';

export interface CommandFaultSpec extends FaultSpec {
  type: 'command';
  /** Run by `/bin/sh -c` to inject; a non-zero exit fails the inject (and runs `revert`). */
  inject: string;
  /** Run by `/bin/sh -c` to revert; must be safe to run twice and after a failed inject. */
  revert: string;
  /** Deadline of each command (default 30 s). */
  timeoutMs: number;
}

const commandText = z.string().trim().min(1, 'expected a shell command');

export const commandFaultSchema: z.ZodType<CommandFaultSpec> = z.strictObject({
  type: z.literal('command'),
  inject: commandText,
  revert: commandText,
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
});

const short = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

export const commandFault = defineFault<CommandFaultSpec>({
  type: 'command',
  kind: 'effect',
  schema: commandFaultSchema,
  target: (spec) => `command ${short(spec.inject)}`,
  targets: (spec) => [`command:${spec.inject}`],
  async inject(spec, services) {
    await runShell(spec.inject, { label: 'inject command', timeoutMs: spec.timeoutMs, signal: services.signal });
    return {};
  },
  async revert(spec, _state, services) {
    await runShell(spec.revert, { label: 'revert command', timeoutMs: spec.timeoutMs, signal: services.signal });
  },
});
