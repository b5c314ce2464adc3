import type { Command } from 'commander';
import { ALL_ROLES, startStack } from '../../stack/start-stack.ts';
import { openApiWarning } from '../open-api-warning.ts';
import { loadOrExit } from '../load-or-exit.ts';
import { reloadOnHup } from '../reload-on-hup.ts';
import { serveUntilSignal } from '../serve-until-signal.ts';

export function registerUp(program: Command): void {
  program
    .command('up')
    .description(
      'run every role in one process: scheduler, workers, alarm engine, actions, HTTP API and DNS server (SIGHUP reloads the config)',
    )
    .option('-c, --config <path>', 'config file (default: ./canary.config.ts)')
    .action(async (opts: { config?: string }) => {
      const project = await loadOrExit(opts.config ? { configPath: opts.config } : {}, 1);
      const warning = openApiWarning(project.config.api);
      if (warning) process.stderr.write(warning);
      const stack = await startStack({ project, roles: ALL_ROLES, allowRedisSpawn: true });
      process.stdout.write(
        `canarykit up: ${project.canaries.length} canaries, ${project.alarms.length} alarms` +
          `${stack.apiUrl ? `, API ${stack.apiUrl}` : ''}${stack.dnsPort ? `, DNS ${project.config.dns?.listen.host}:${stack.dnsPort}` : ''}, Redis ${stack.redisUrl}\n`,
      );
      serveUntilSignal(stack);
      reloadOnHup(stack, opts.config ? { configPath: opts.config } : {});
    });
}
