/** The `command` recovery provider: for everything else (supervisord, pm2, a script), a command recovers it. */
import type { ProviderCause } from '../../core/provider.ts';
import { ProviderError } from '../../core/provider.ts';
import type { RecoveryOutcome, RecoveryProvider, RecoveryRequest, TargetHealth } from '../../core/recovery-provider.ts';
import { showCommand, type CommandLine, type CommandTarget } from './command-target.ts';
import { runCommand, type CommandRun } from './run-command.ts';

export interface CommandRecoveryProviderOptions {
  /** How often `check` runs while waiting for the target to come up (default 250 ms). */
  pollMs?: number;
  now?: () => Date;
}

/** Shell exit codes for "cannot execute" and "not found": a configuration problem, not worth retrying. */
const NOT_RUNNABLE = new Set([126, 127]);

export class CommandRecoveryProvider implements RecoveryProvider<CommandTarget> {
  readonly type = 'command';
  private readonly pollMs: number;
  private readonly now: () => Date;

  constructor(options: CommandRecoveryProviderOptions = {}) {
    this.pollMs = options.pollMs ?? 250;
    this.now = options.now ?? (() => new Date());
  }

  label(target: CommandTarget): string {
    return `command ${showCommand(target.recover)}`;
  }

  async health(target: CommandTarget, signal?: AbortSignal): Promise<TargetHealth> {
    if (!target.check) return { state: 'unknown', detail: 'no check command', at: this.now().toISOString() };
    const run = await this.run(target.check, target, undefined, signal);
    const at = this.now().toISOString();
    const shown = showCommand(target.check);
    notRunnable(run, `check ${shown}`);
    if (run.aborted) throw new ProviderError(`check ${shown} was aborted`, { retryable: true });
    if (run.timedOut) return { state: 'unhealthy', detail: `check timed out after ${target.timeout} s`, at };
    if (run.exitCode === 0) return { state: 'healthy', detail: withOutput('check passed', run), at };
    return { state: 'unhealthy', detail: withOutput(`check ${ended(run)}`, run), at };
  }

  async recover(target: CommandTarget, request: RecoveryRequest): Promise<RecoveryOutcome> {
    const shown = showCommand(target.recover);
    if (request.dryRun) {
      const then = target.check
        ? `, then wait up to ${target.upWithin} s for ${showCommand(target.check)} to pass`
        : '';
      return { status: 'dry-run', detail: `would run ${shown} (timeout ${target.timeout} s)${then}` };
    }
    const issuedAt = this.now().toISOString();
    const run = await this.run(target.recover, target, request.cause, request.signal);
    notRunnable(run, shown);
    if (run.aborted) throw new ProviderError(`${shown} was aborted`, { retryable: true });
    if (run.timedOut)
      throw new ProviderError(`${shown} timed out after ${target.timeout} s; its process group was killed`, {
        retryable: true,
      });
    if (run.exitCode !== 0) throw new ProviderError(withOutput(`${shown} ${ended(run)}`, run), { retryable: true });
    const ran = `ran ${shown} (exit 0 in ${seconds(run.durationMs)})`;
    if (!target.check) return { status: 'done', detail: `${ran}; no check command, so health is unknown`, issuedAt };

    const deadline = Date.now() + target.upWithin * 1000;
    for (;;) {
      const health = await this.health(target, request.signal);
      if (health.state === 'healthy') {
        const after = seconds(Date.parse(health.at) - Date.parse(issuedAt));
        return {
          status: 'done',
          detail: `${ran}; check passed ${after} after`,
          issuedAt,
          targetUpAt: health.at,
          health,
        };
      }
      if (Date.now() >= deadline || request.signal?.aborted)
        return {
          status: 'done',
          detail: `${ran}; still unhealthy after ${target.upWithin} s: ${health.detail}`,
          issuedAt,
          health,
        };
      await new Promise((r) => setTimeout(r, Math.min(this.pollMs, Math.max(0, deadline - Date.now()))));
    }
  }

  private run(
    cmd: CommandLine,
    target: CommandTarget,
    cause: ProviderCause | undefined,
    signal: AbortSignal | undefined,
  ): Promise<CommandRun> {
    const env: Record<string, string> = { ...target.env };
    if (cause) {
      env.CANARY_ALARM = cause.alarm;
      env.CANARY_TRANSITION_ID = cause.transitionId;
      env.CANARY_REASON = cause.reason;
      env.CANARY_ACTION = cause.action;
    }
    return runCommand(cmd, { timeoutMs: target.timeout * 1000, cwd: target.cwd, env, signal });
  }
}

function notRunnable(run: CommandRun, what: string): void {
  if (run.spawnError) {
    const code = run.spawnError.code ?? run.spawnError.message;
    throw new ProviderError(`${what} could not start: ${code}`, {
      retryable: !['ENOENT', 'EACCES', 'ENOTDIR'].includes(code),
      cause: run.spawnError,
    });
  }
  if (run.exitCode !== null && NOT_RUNNABLE.has(run.exitCode))
    throw new ProviderError(withOutput(`${what} ${ended(run)} (not found or not executable)`, run), {
      retryable: false,
    });
}

function ended(run: CommandRun): string {
  return run.signal ? `was killed by ${run.signal}` : `exited ${run.exitCode ?? '?'}`;
}

function withOutput(text: string, run: CommandRun): string {
  if (!run.output) return text;
  const tail = run.output.length > 200 ? `...${run.output.slice(-197)}` : run.output;
  return `${text}: ${tail}`;
}

function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}
