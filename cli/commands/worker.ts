import type { Command } from 'commander';
import { startStack } from '../../stack/start-stack.ts';
import { loadOrExit } from '../load-or-exit.ts';
import { serveUntilSignal } from '../serve-until-signal.ts';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run only workers (canary runs and alarm actions) against the shared Redis, to add capacity')
    .option('-c, --config <path>', 'config file (default: ./canary.config.ts)')
    .option('--concurrency <n>', "runs in parallel in this process (default: the config's worker.concurrency)")
    .action(async (opts: { config?: string; concurrency?: string }) => {
      const project = await loadOrExit(opts.config ? { configPath: opts.config } : {}, 1);
      if (opts.concurrency !== undefined) {
        const n = Number(opts.concurrency);
        if (!Number.isInteger(n) || n < 1 || n > 256) {
          process.stderr.write(`✗ --concurrency: expected a whole number from 1 to 256, got "${opts.concurrency}"\n`);
          process.exit(2);
        }
        project.config.worker.concurrency = n;
      }
      const stack = await startStack({ project, roles: ['worker', 'actions'] });
      process.stdout.write(
        `canarykit worker: concurrency ${project.config.worker.concurrency}, Redis ${stack.redisUrl}\n`,
      );
      serveUntilSignal(stack);
    });
}
