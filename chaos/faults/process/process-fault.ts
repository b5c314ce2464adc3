/** `process`: SIGSTOP (reverted by SIGCONT), SIGTERM or SIGKILL (reverted by a restart command) on local processes. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { defineFault, type FaultServices, type FaultSpec } from '../../../core/fault.ts';
import { runShell } from '../run-shell.ts';
import { isRunning, listProcesses, selfAndAncestors, startTime } from './proc-table.ts';

export type ProcessSignal = 'SIGSTOP' | 'SIGKILL' | 'SIGTERM';

export interface ProcessFaultSpec extends FaultSpec {
  type: 'process';
  /** A file holding the pid. */
  pidFile?: string | undefined;
  /** A substring of the command line (argv joined by spaces), or `/regex/flags`. */
  match?: string | undefined;
  /** Every process `match` hits (otherwise more than one is an error). */
  all: boolean;
  signal: ProcessSignal;
  /** Run by `/bin/sh -c` on revert after SIGKILL / SIGTERM (start it in the background if it stays up). */
  restart?: string | undefined;
  /** Deadline of the restart command (default 30 s). */
  timeoutMs: number;
}

type State = Readonly<Record<string, string | number | boolean>>;

const REGEX = /^\/(.+)\/([dgimsuvy]*)$/;

function matcher(match: string): (cmdline: string) => boolean {
  const re = REGEX.exec(match);
  if (!re) return (c) => c.includes(match);
  const compiled = new RegExp(re[1] as string, (re[2] ?? '').replace('g', ''));
  return (c) => compiled.test(c);
}

const compiles = (m: string): boolean => {
  try {
    matcher(m);
    return true;
  } catch {
    return false;
  }
};

export const processFaultSchema: z.ZodType<ProcessFaultSpec> = z
  .strictObject({
    type: z.literal('process'),
    pidFile: z.string().trim().min(1).optional(),
    match: z.string().min(1).refine(compiles, { error: 'not a valid /regular expression/' }).optional(),
    all: z.boolean().default(false),
    signal: z.enum(['SIGSTOP', 'SIGKILL', 'SIGTERM']).default('SIGSTOP'),
    restart: z.string().trim().min(1).optional(),
    timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  })
  .superRefine((s, ctx) => {
    if ((s.pidFile === undefined) === (s.match === undefined))
      ctx.addIssue({
        code: 'custom',
        path: s.pidFile === undefined ? ['pidFile'] : ['match'],
        message:
          'give exactly one of `pidFile` (a file holding the pid) or `match` (a command-line substring or /regex/)',
      });
    if (s.signal !== 'SIGSTOP' && s.restart === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['restart'],
        message: `${s.signal} needs \`restart\`, the command that starts the process again on revert`,
      });
    if (s.all && s.match === undefined)
      ctx.addIssue({ code: 'custom', path: ['all'], message: '`all` goes with `match`' });
  });

/** Processes we never signal: ourselves, our parents (a shell whose command line names the match), init. */
function protectedPids(): Set<number> {
  const p = selfAndAncestors();
  p.add(1);
  return p;
}

async function pidFromFile(file: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(
      `pidFile ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid < 1)
    throw new Error(`pidFile ${file}: expected a pid, found "${text.trim().slice(0, 40)}"`);
  if (!isRunning(pid)) throw new Error(`pidFile ${file}: pid ${pid} is not running`);
  return pid;
}

/** The pids the spec targets now. */
export async function resolvePids(spec: ProcessFaultSpec): Promise<number[]> {
  const never = protectedPids();
  if (spec.pidFile !== undefined) {
    const pid = await pidFromFile(spec.pidFile);
    if (never.has(pid))
      throw new Error(`pidFile ${spec.pidFile}: refusing to signal pid ${pid} (init, or this process or its parent)`);
    return [pid];
  }
  const match = spec.match ?? '';
  const test = matcher(match);
  const hits = listProcesses().filter((p) => !never.has(p.pid) && test(p.cmdline) && isRunning(p.pid));
  if (hits.length === 0) throw new Error(`match "${match}" hits no running process`);
  if (hits.length > 1 && !spec.all) {
    const list = hits.slice(0, 10).map((p) => `${p.pid} (${p.cmdline.slice(0, 80)})`);
    throw new Error(
      `match "${match}" hits ${hits.length} processes: ${list.join(', ')}${hits.length > 10 ? ', …' : ''}; narrow it or set all: true`,
    );
  }
  return hits.map((p) => p.pid);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  if (protectedPids().has(pid)) throw new Error(`refusing to signal pid ${pid} (init, or this process or its parent)`);
  process.kill(pid, sig);
}

const listOf = (v: string | number | boolean | undefined): string[] =>
  typeof v === 'string' && v !== '' ? v.split(',') : [];

/** After a kill: has the process come back (a pidFile naming another running process, or `match` hitting again)? */
async function backAlready(spec: ProcessFaultSpec, killed: ReadonlySet<string>): Promise<boolean> {
  try {
    const pids = await resolvePids({ ...spec, all: true });
    return pids.some((p) => !killed.has(`${p}@${startTime(p)}`));
  } catch {
    return false;
  }
}

async function restart(spec: ProcessFaultSpec, services: FaultServices): Promise<void> {
  if (spec.restart === undefined) return;
  await runShell(spec.restart, { label: 'restart command', timeoutMs: spec.timeoutMs, signal: services.signal });
}

export const processFault = defineFault<ProcessFaultSpec>({
  type: 'process',
  kind: 'effect',
  schema: processFaultSchema,
  target: (spec) => (spec.pidFile !== undefined ? `process pidFile ${spec.pidFile}` : `process match "${spec.match}"`),
  targets: (spec) => [spec.pidFile !== undefined ? `process:pidFile:${spec.pidFile}` : `process:match:${spec.match}`],

  async inject(spec, services) {
    const pids = await resolvePids(spec);
    const done: number[] = [];
    const starts: string[] = [];
    try {
      for (const pid of pids) {
        const start = startTime(pid) ?? '';
        signal(pid, spec.signal);
        done.push(pid);
        starts.push(start);
      }
    } catch (err) {
      // Undo what was done before throwing: the lease holds no state for a failed inject.
      if (spec.signal === 'SIGSTOP') for (const pid of done) tryKill(pid, 'SIGCONT', true);
      else if (done.length) await restart(spec, services);
      const at = pids[done.length];
      throw new Error(
        `cannot send ${spec.signal} to pid ${at}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    services.log.info({ pids, signal: spec.signal }, 'process fault injected');
    return { pids: pids.join(','), starts: starts.join(','), signal: spec.signal };
  },

  async revert(spec, state: State, services) {
    const pids = listOf(state.pids).map(Number);
    const starts = listOf(state.starts);
    if (pids.length === 0) return; // nothing was signalled
    if (spec.signal === 'SIGSTOP') {
      pids.forEach((pid, i) => {
        // A pid that now names another process (reused) or none is left alone.
        if (startTime(pid) === starts[i]) tryKill(pid, 'SIGCONT');
      });
      return;
    }
    const killed = new Set(pids.map((p, i) => `${p}@${starts[i] ?? ''}`));
    if (await backAlready(spec, killed)) {
      services.log.info({ spec: spec.match ?? spec.pidFile }, 'process is back already: restart not repeated');
      return;
    }
    await restart(spec, services);
  },
});

/** Sends `sig`; a process that is gone is fine; other errors throw unless `quiet`. */
function tryKill(pid: number, sig: NodeJS.Signals, quiet = false): void {
  try {
    signal(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH' && !quiet) throw err;
  }
}
