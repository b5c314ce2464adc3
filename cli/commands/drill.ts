import path from 'node:path';
import type { Command } from 'commander';
import { DrillRunStore } from '../../chaos/drill/drill-run-store.ts';
import { runDrill } from '../../chaos/drill/run-drill.ts';
import { DrillTargetLock } from '../../chaos/drill/target-lock.ts';
import type { Project } from '../../config/project.ts';
import type { DrillJournal } from '../../core/drill.ts';
import type { FaultController } from '../../core/fault.ts';
import { drillReporters, isDrillReporterName, multiplexDrillReporters } from '../../reports/drill/index.ts';
import { openClients, type Clients } from '../../stack/clients.ts';
import { createDrillWorld, useConfiguredDnsServer } from '../../stack/drill-world.ts';
import { loadOrExit } from '../load-or-exit.ts';

const out = (s: string) => process.stdout.write(`${s}\n`);
const fail = (s: string, code: number): never => {
  process.stderr.write(`✗ ${s}\n`);
  process.exit(code);
};

export interface DrillCommandDeps {
  /** The controller faults are injected with; opened only when a drill gets as far as injecting. */
  faultController(clients: Clients, project: Project): Promise<FaultController>;
}

interface RunOptions {
  config?: string;
  reporter: string;
  out: string;
  repeat: string;
  dryRun?: boolean;
}

async function open(project: Project): Promise<Clients> {
  try {
    return await openClients(() => project);
  } catch (err) {
    return fail(`cannot reach the project's Redis: ${(err as Error).message}`, 1);
  }
}

async function runCommand(files: string[], o: RunOptions, deps: DrillCommandDeps): Promise<void> {
  const names = o.reporter
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !isDrillReporterName(n));
  if (unknown.length > 0)
    fail(
      `unknown reporter ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${Object.keys(drillReporters).join(', ')}`,
      2,
    );
  const repeat = Number(o.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 100) fail(`--repeat expects 1-100, got ${o.repeat}`, 2);
  const project = await loadOrExit({ ...(o.config ? { configPath: o.config } : {}), drillFiles: files }, 2);
  if (project.drills.length === 0) fail(`no drills in ${files.join(', ')}`, 2);

  const outDir = path.resolve(o.out);
  const reporters = multiplexDrillReporters(
    names.filter(isDrillReporterName).map((name) => ({ name, reporter: drillReporters[name]({ outDir, write: out }) })),
    (msg) => process.stderr.write(`! ${msg}\n`),
  );
  const clients = await open(project);
  useConfiguredDnsServer(clients, project);
  const world = createDrillWorld(clients, () => project);
  const lock = new DrillTargetLock(clients.redis, clients.prefix);
  const store = new DrillRunStore(clients.redis, clients.prefix);
  let controller: Promise<FaultController> | undefined;

  // SIGINT / SIGTERM abort the drill; the process exits only once every fault is reverted.
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) return process.stderr.write(`! ${signal} again: still reverting, please wait\n`);
    process.stderr.write(`! ${signal}: aborting the drill and reverting its faults\n`);
    interrupt.abort(`interrupted by ${signal}`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const journals: DrillJournal[] = [];
  try {
    for (let i = 0; i < repeat && !interrupt.signal.aborted; i++)
      for (const drill of project.drills) {
        if (interrupt.signal.aborted) break;
        out(`▶ drill ${drill.name}${repeat > 1 ? ` (run ${i + 1} of ${repeat})` : ''}${o.dryRun ? ' (dry run)' : ''}`);
        const journal = await runDrill(drill, {
          world,
          lock,
          controller: () => (controller ??= deps.faultController(clients, project)),
          signal: interrupt.signal,
          ...(o.dryRun ? { dryRun: true } : {}),
          onStep: (s) => reporters.onStep(drill.name, s),
          save: (j) => store.save(j),
        });
        journals.push(journal);
        await reporters.onDrillEnd(journal);
      }
    await reporters.onEnd(journals);
  } finally {
    await clients.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  process.exit(journals.length > 0 && journals.every((j) => j.status === 'passed') ? 0 : 1);
}

async function listCommand(o: { config?: string }): Promise<void> {
  const project = await loadOrExit(o.config ? { configPath: o.config } : {}, 2);
  const clients = await open(project);
  const store = new DrillRunStore(clients.redis, clients.prefix);
  try {
    const w = Math.max(4, ...project.drills.map((d) => d.name.length));
    out(`${'NAME'.padEnd(w)}  ${'FAULTS'.padEnd(30)}  ${'SCHEDULE'.padEnd(16)}  LAST RUN`);
    for (const d of project.drills) {
      const last = (await store.list(d.name, 1))[0];
      const lastText = last ? `${last.status} ${last.startedAt} (${last.id})` : 'never';
      out(
        `${d.name.padEnd(w)}  ${d.faultTargets.join(', ').padEnd(30)}  ${(d.schedule?.expression ?? '-').padEnd(16)}  ${lastText}`,
      );
    }
    if (project.drills.length === 0) out(`(no drills match ${project.config.drills.join(', ')})`);
  } finally {
    await clients.close();
  }
}

export function registerDrill(program: Command, deps: DrillCommandDeps): void {
  const drill = program.command('drill').description('failover drills: inject faults, expect, always revert, measure');
  drill
    .command('run')
    .argument('<files...>', 'drill files or globs')
    .description('run drills against a running `canary up` (exit 0 all held, 1 failed or aborted, 2 config error)')
    .option('-c, --config <path>', 'config file (default: ./canary.config.ts)')
    .option('--reporter <names>', `comma-separated: ${Object.keys(drillReporters).join(', ')}`, 'list')
    .option('--out <dir>', 'directory for report files', 'reports/drills')
    .option('--repeat <n>', 'run each drill n times and report the distribution of TTD, TTF and TTR', '1')
    .option('--dry-run', 'validate, check the steady state and print what would be injected; inject nothing')
    .action((files: string[], o: RunOptions) => runCommand(files, o, deps));
  drill
    .command('list')
    .description('every drill with its faults, schedule and last run')
    .option('-c, --config <path>', 'config file (default: ./canary.config.ts)')
    .action((o: { config?: string }) => listCommand(o));
}
