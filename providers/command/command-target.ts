/** What the `command` recovery provider acts on: a command that recovers the target, and one that checks it. */
import { z } from 'zod';

/** A string runs through `/bin/sh -c`; a list runs as is, without a shell. */
const commandLine = z.union([
  z.string().trim().min(1, 'expected a command'),
  z
    .array(z.string())
    .min(1, 'expected a command and its arguments')
    .refine((argv) => (argv[0] ?? '').length > 0, { error: 'the program name must not be empty' }),
]);

export const commandTargetSchema = z.strictObject({
  /** Brings the target back (`supervisorctl restart web`, `pm2 restart api`, a script). */
  recover: commandLine,
  /** Exits 0 while the target is healthy; without it the provider has no signal (health `unknown`). */
  check: commandLine.optional(),
  /** Seconds one run of a command may take; then its whole process group is killed. */
  timeout: z.number().positive().max(3600).default(30),
  /** Seconds to wait after `recover` for `check` to pass (0: check once, do not wait). */
  upWithin: z.number().min(0).max(3600).default(60),
  /** Working directory of the commands (default: canarykit's). */
  cwd: z.string().min(1).optional(),
  /** Extra environment variables for the commands. */
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name'), z.string())
    .default({}),
});

export type CommandLine = z.output<typeof commandLine>;
export type CommandTarget = z.output<typeof commandTargetSchema>;
export type CommandTargetInput = z.input<typeof commandTargetSchema>;

/** A command as people read it, in backticks: the shell string, or the argument list quoted where needed. */
export function showCommand(cmd: CommandLine): string {
  const text =
    typeof cmd === 'string' ? cmd : cmd.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
  return `\`${text.length > 120 ? `${text.slice(0, 117)}...` : text}\``;
}
