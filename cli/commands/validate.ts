import type { Command } from 'commander';
import { loadOrExit } from '../load-or-exit.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'check canary.config.ts, every canary and every drill; print every problem with its place (exit 1 on problems)',
    )
    .option('-c, --config <path>', 'config file (default: ./canary.config.ts)')
    .action(async (opts: { config?: string }) => {
      const p = await loadOrExit(opts.config ? { configPath: opts.config } : {}, 1);
      process.stdout.write(
        `✓ ${p.configFile ?? 'defaults'}: ${p.canaries.length} canaries, ${p.alarms.length} alarms, ${Object.keys(p.config.actions).length} actions, ${p.drills.length} drills\n`,
      );
      for (const c of p.canaries)
        process.stdout.write(`  ${c.name}  ${c.blueprint}  ${c.schedule.expression}  (${c.file})\n`);
      for (const d of p.drills) process.stdout.write(`  drill ${d.name}  ${d.faults.length} faults  (${d.file})\n`);
    });
}
