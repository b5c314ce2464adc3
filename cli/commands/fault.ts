import type { Command } from 'commander';
import { faultSummary } from '../../chaos/fault-summary.ts';
import { faultPlugin } from '../../chaos/faults/index.ts';
import { FaultSpecError, faultTypes } from '../../chaos/validate-fault.ts';
import type { Project } from '../../config/project.ts';
import { parseDuration } from '../../core/duration.ts';
import type { FaultEndReason } from '../../core/fault.ts';
import { openClients, type Clients } from '../../stack/clients.ts';
import { parseFaultArgs } from '../fault-args.ts';
import { loadOrExit } from '../load-or-exit.ts';

const out = (s: string): void => void process.stdout.write(`${s}\n`);
const err = (s: string): void => void process.stderr.write(`${s}\n`);

/** Exit codes: 0 ok, 1 failure, 2 configuration or usage error. */
const USAGE = 2;
const FAILED = 1;

function exitWith(code: number, message?: string): never {
  if (message) err(`✗ ${message}`);
  process.exit(code);
}

function duration(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseDuration(text);
  } catch (e) {
    return exitWith(USAGE, `${option}: ${(e as Error).message}`);
  }
}

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

async function withClients(
  config: string | undefined,
  fn: (c: Clients, p: Project) => Promise<number>,
): Promise<never> {
  const project = await loadOrExit(config ? { configPath: config } : {}, USAGE);
  let clients: Clients;
  try {
    clients = await openClients(() => project);
  } catch (e) {
    return exitWith(FAILED, `cannot open Redis: ${(e as Error).message}`);
  }
  let code: number;
  try {
    code = await fn(clients, project);
  } catch (e) {
    if (e instanceof FaultSpecError) {
      err(`✗ ${e.issues.length} problem${e.issues.length === 1 ? '' : 's'} with the fault:`);
      for (const i of e.issues) err(`  ${i.path ? `${i.path}: ` : ''}${i.message}`);
      code = USAGE;
    } else {
      err(`✗ ${(e as Error).message}`);
      code = FAILED;
    }
  }
  await clients.close().catch(() => undefined);
  return exitWith(code);
}

interface InjectOptions {
  config?: string;
  for?: string;
  lease?: string;
  detach?: boolean;
  json?: boolean;
}

async function inject(type: string, settings: string[], o: InjectOptions): Promise<never> {
  const plugin = faultPlugin(type);
  if (!plugin) return exitWith(USAGE, `unknown fault type "${type}"; known types: ${faultTypes().join(', ')}`);
  const args = parseFaultArgs(type, settings, plugin.schema);
  if (!args.ok) {
    err(`✗ ${args.errors.length} problem${args.errors.length === 1 ? '' : 's'} with the fault:`);
    for (const e of args.errors) err(`  ${e}`);
    return exitWith(USAGE);
  }
  const forMs = duration('--for', o.for);
  const leaseOpt = duration('--lease', o.lease);
  if (o.detach && forMs === undefined) return exitWith(USAGE, '--detach needs --for (the lease it is written with)');
  if (o.detach && leaseOpt !== undefined) return exitWith(USAGE, '--detach writes a lease of --for; drop --lease');

  return withClients(o.config, async (clients) => {
    const held = await clients.faults.inject(args.spec, {
      ...(o.detach && forMs !== undefined
        ? { leaseMs: forMs, detach: true }
        : leaseOpt !== undefined
          ? { leaseMs: leaseOpt }
          : {}),
    });
    const f = held.fault;
    if (o.json) out(JSON.stringify({ event: 'injected', ...faultSummary({ ...f }) }));
    if (o.detach) {
      if (!o.json)
        out(
          `injected ${f.id} (${f.target}), detached: it ends at ${new Date(f.expiresAt).toISOString()}` +
            (plugin.kind === 'effect' ? ' (the faults role of `canary up` reverts it)' : ''),
        );
      return 0;
    }
    if (!o.json)
      out(
        `injected ${f.id} (${f.target}); lease ${seconds(f.leaseMs)}, renewed while this runs; ` +
          `${forMs !== undefined ? `reverting in ${seconds(forMs)}, ` : ''}Ctrl-C reverts now`,
      );

    let signals = 0;
    const stop = new Promise<string>((resolve) => {
      const on = (sig: NodeJS.Signals): void => {
        signals++;
        if (signals > 1) {
          err(`✗ ${sig} again: exiting without reverting; the lease ends ${f.id} within ${seconds(f.leaseMs)}`);
          process.exit(130);
        }
        resolve(sig);
      };
      process.on('SIGINT', on);
      process.on('SIGTERM', on);
    });
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<string>((resolve) => {
      if (forMs !== undefined) timer = setTimeout(() => resolve('--for elapsed'), forMs);
    });
    const why = await Promise.race([stop, elapsed, held.ended.then((r: FaultEndReason) => ({ ended: r }))]);
    clearTimeout(timer);
    if (typeof why === 'object') {
      if (o.json) out(JSON.stringify({ event: 'ended', id: f.id, reason: why.ended }));
      else out(`${f.id} ended elsewhere (${why.ended})`);
      return 0;
    }
    try {
      await held.revert('reverted');
    } catch (e) {
      err(`✗ ${(e as Error).message}`);
      return FAILED;
    }
    if (o.json) out(JSON.stringify({ event: 'reverted', id: f.id, reason: 'reverted', cause: why }));
    else out(`reverted ${f.id} (${why})`);
    return 0;
  });
}

export function registerFault(program: Command): void {
  const fault = program.command('fault').description("inject, list and revert faults (leased in the project's Redis)");
  const cfg = (c: Command) => c.option('-c, --config <path>', 'config file (default: ./canary.config.ts)');

  cfg(
    fault
      .command('inject')
      .argument('<type>', `fault type: ${faultTypes().join(', ')}`)
      .argument('[settings...]', 'key=value settings of the type (record=www.demo.test answer=SERVFAIL)')
      .option('--for <duration>', 'revert after this long (default: hold until Ctrl-C)')
      .option('--lease <duration>', "lease length (default: the config's faults.leaseSeconds, 30s)")
      .option('--detach', 'write a lease of --for and exit; the lease ends it')
      .option('--json', 'print JSON lines')
      .description('inject a fault and hold it (renewing its lease) until --for elapses or Ctrl-C, then revert it'),
  ).action((type: string, settings: string[], o: InjectOptions) => inject(type, settings, o));

  cfg(fault.command('list').option('--json', 'print JSON').description('active faults with their leases')).action(
    (o: { config?: string; json?: boolean }) =>
      withClients(o.config, async (clients) => {
        const now = Date.now();
        const rows = (await clients.faults.list()).map((f) => faultSummary(f, now));
        if (o.json) {
          out(JSON.stringify(rows, null, 2));
          return 0;
        }
        if (rows.length === 0) {
          out('no active faults');
          return 0;
        }
        const w = (k: (r: (typeof rows)[number]) => string, min: number) =>
          Math.max(min, ...rows.map((r) => k(r).length));
        const wi = w((r) => r.id, 2);
        const wt = w((r) => r.target, 6);
        const wo = w((r) => r.owner, 5);
        out(`${'ID'.padEnd(wi)}  ${'TARGET'.padEnd(wt)}  ${'OWNER'.padEnd(wo)}  ${'STATUS'.padEnd(9)}  LEFT     DRILL`);
        for (const r of rows)
          out(
            `${r.id.padEnd(wi)}  ${r.target.padEnd(wt)}  ${r.owner.padEnd(wo)}  ${r.status.padEnd(9)}  ${`${(r.remainingMs / 1000).toFixed(1)}s`.padEnd(7)}  ${r.drillRunId ?? ''}`,
          );
        return 0;
      }),
  );

  cfg(
    fault
      .command('revert')
      .argument('[id]', 'the fault to end (see `canary fault list`)')
      .option('--all', 'the kill switch: end every active fault, whoever holds it')
      .option('--json', 'print JSON')
      .description('end a fault, or every fault (--all), from any process'),
  ).action((id: string | undefined, o: { config?: string; all?: boolean; json?: boolean }) => {
    if ((id === undefined) === !o.all) return exitWith(USAGE, 'give a fault id or --all (not both)');
    return withClients(o.config, async (clients) => {
      if (id !== undefined) {
        const ok = await clients.faults.revert(id);
        if (o.json) out(JSON.stringify({ id, reverted: ok }));
        if (!ok) {
          err(`✗ no active fault ${id}`);
          return FAILED;
        }
        if (!o.json) out(`reverted ${id}`);
        return 0;
      }
      const before = new Map((await clients.faults.list()).map((f) => [f.id, f.target]));
      const r = await clients.faults.killSwitch();
      if (o.json) out(JSON.stringify(r, null, 2));
      else {
        out(`kill switch: ended ${r.ended.length} fault${r.ended.length === 1 ? '' : 's'}`);
        for (const e of r.ended) out(`  ${e}  ${before.get(e) ?? ''}`);
        for (const f of r.failed) err(`✗ ${f.id} (${f.target}): ${f.error}`);
      }
      return r.failed.length ? FAILED : 0;
    });
  });
}
