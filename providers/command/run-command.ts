/** Runs one command with a deadline; on timeout or abort its whole process group is killed. */
import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import type { CommandLine } from './command-target.ts';

export interface CommandRun {
  /** Exit code; null when killed by a signal or when it could not start. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: NodeJS.ErrnoException;
  /** The last bytes of stdout and stderr, interleaved, whitespace collapsed. */
  output: string;
  durationMs: number;
}

export interface RunOptions {
  timeoutMs: number;
  cwd?: string | undefined;
  env: Readonly<Record<string, string>>;
  signal?: AbortSignal | undefined;
}

const TAIL = 2048;
/** After the command exits, how long to wait for the rest of its output before giving up on the pipes. */
const CLOSE_GRACE_MS = 200;

export function runCommand(cmd: CommandLine, opts: RunOptions): Promise<CommandRun> {
  const [file, args] = typeof cmd === 'string' ? ['/bin/sh', ['-c', cmd]] : [cmd[0] ?? '', cmd.slice(1)];
  const started = Date.now();
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let aborted = false;
    let settled = false;
    // Its own process group, so a timeout also ends what the command started (`sh -c 'sleep 100'`).
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const collect = (chunk: Buffer): void => {
      if (settled) return; // a background process the command started may keep writing: read and drop it
      output = (output + chunk.toString('utf8')).slice(-TAIL);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, opts.timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      killGroup();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    let grace: NodeJS.Timeout | undefined;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      opts.signal?.removeEventListener('abort', onAbort);
      // Do not wait for pipes a background process may hold open; keep draining them without holding the loop.
      (child.stdout as Socket).unref();
      (child.stderr as Socket).unref();
      resolve({
        exitCode,
        signal,
        timedOut,
        aborted,
        ...(spawnError ? { spawnError } : {}),
        output: output.replace(/\s+/g, ' ').trim(),
        durationMs: Date.now() - started,
      });
    };
    child.once('error', (err: NodeJS.ErrnoException) => finish(null, null, err));
    // 'close' comes once the pipes end; a background process the command started may hold them open, so
    // after 'exit' wait only briefly for the rest of the output.
    child.once('exit', (code, signal) => {
      grace = setTimeout(() => finish(code, signal), CLOSE_GRACE_MS);
    });
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => finish(code, signal));
  });
}
