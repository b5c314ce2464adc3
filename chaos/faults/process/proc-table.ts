/** Reads the Linux process table (`/proc`): command lines, start times, parents. */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  /** argv joined by spaces. */
  cmdline: string;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every user-space process (kernel threads have an empty command line and are left out). */
export function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const raw = read(`/proc/${name}/cmdline`);
    if (!raw) continue;
    out.push({ pid: Number(name), cmdline: raw.replace(/\0+$/, '').split('\0').join(' ') });
  }
  return out;
}

/** The fields of `/proc/<pid>/stat` after the command name (index 0 = state), or undefined when it is gone. */
function statFields(pid: number): string[] | undefined {
  const raw = read(`/proc/${pid}/stat`);
  if (!raw) return undefined;
  return raw
    .slice(raw.lastIndexOf(')') + 2)
    .trim()
    .split(' ');
}

/** One-letter state (`R`, `S`, `T`, `Z`, …), or undefined when the process is gone. */
export function processState(pid: number): string | undefined {
  return statFields(pid)?.[0];
}

/** When the process started (clock ticks since boot): with the pid, it names one process even if the pid is reused. */
export function startTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/** The running process `pid` (not a zombie)? */
export function isRunning(pid: number): boolean {
  const state = processState(pid);
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** `pid` and its parents up to init. */
export function selfAndAncestors(pid: number = process.pid): Set<number> {
  const out = new Set<number>();
  for (let p: number | undefined = pid; p !== undefined && p > 0 && !out.has(p);) {
    out.add(p);
    const ppid: number = Number(statFields(p)?.[1]);
    p = Number.isInteger(ppid) ? ppid : undefined;
  }
  return out;
}
