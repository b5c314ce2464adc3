/** Runs a fault's shell command (`command` inject/revert, `process` restart) with a deadline. */
import { spawn } from 'node:child_process';

export interface ShellOptions {
  /** What the command is, for messages: `inject command`, `restart command`. */
  label: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

const TAIL_BYTES = 2000;
/** After the shell exits, how long to wait for its output pipes to close (a command it put in the background may hold them). */
const PIPE_GRACE_MS = 250;

/**
 * Runs `command` through `/bin/sh -c` in its own process group. Resolves when the shell exits 0 (a command it
 * started in the background may outlive it); rejects with the exit status and the tail of stderr otherwise, and
 * kills the group when the deadline passes or `signal` aborts.
 */
export function runShell(command: string, o: ShellOptions): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const keep = (s: string, c: Buffer): string => (s + c.toString()).slice(-TAIL_BYTES);
    child.stdout.on('data', (c: Buffer) => (stdout = keep(stdout, c)));
    child.stderr.on('data', (c: Buffer) => (stderr = keep(stderr, c)));
    let done = false;
    let exit: { code: number | null; sig: NodeJS.Signals | null } | undefined;
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      o.signal?.removeEventListener('abort', onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
      if (err) return reject(err);
      if (exit?.code === 0) return resolve({ stdout });
      const status = exit?.sig ? `was killed by ${exit.sig}` : `exited with status ${exit?.code}`;
      const tail = stderr.trim();
      reject(new Error(`${o.label} \`${command}\` ${status}${tail ? `: ${tail}` : ' (no stderr)'}`));
    };
    const deadline = setTimeout(() => {
      killGroup();
      finish(new Error(`${o.label} \`${command}\` did not finish within ${o.timeoutMs} ms (killed)`));
    }, o.timeoutMs);
    const onAbort = (): void => {
      killGroup();
      finish(new Error(`${o.label} \`${command}\` aborted`));
    };
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (err) => finish(new Error(`${o.label} \`${command}\` could not start: ${err.message}`)));
    child.once('exit', (code, sig) => {
      exit = { code, sig };
      setTimeout(() => finish(), PIPE_GRACE_MS).unref();
    });
    child.once('close', () => {
      if (exit) finish();
    });
  });
}
