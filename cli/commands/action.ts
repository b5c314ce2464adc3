/**
 * `canary action test <name>`: runs one configured action by hand, once, against a synthetic ALARM transition, so
 * an SRE can check its wiring (the provider, the credentials, the target) before trusting it. A dry run by default
 * (the action says what it would do; providers that can ask their API whether the call is allowed do); with
 * `--for-real` it acts. No queue, no retry, no target lock: the action's own rules (a recovery's rate limit and
 * verification) still apply.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { runNamedAction } from '../../actions/pipeline/run-named.ts';
import type { ActionContext, ActionServices } from '../../core/action.ts';
import { createLogger } from '../../core/logger.ts';
import type { AlarmTransition } from '../../core/types.ts';
import { openClients, type Clients } from '../../stack/clients.ts';
import { loadOrExit } from '../load-or-exit.ts';

const out = (s: string): void => void process.stdout.write(`${s}\n`);
const err = (s: string): void => void process.stderr.write(`${s}\n`);

interface TestOptions {
  config?: string;
  forReal?: boolean;
  dryRun?: boolean;
  alarm?: string;
  json?: boolean;
}

async function testAction(name: string, o: TestOptions): Promise<never> {
  if (o.forReal && o.dryRun) {
    err('✗ give --dry-run or --for-real, not both');
    process.exit(2);
  }
  const project = await loadOrExit(o.config ? { configPath: o.config } : {}, 2);
  const actions = project.config.actions as Readonly<Record<string, { type: string }>>;
  if (!Object.hasOwn(actions, name)) {
    const known = Object.keys(actions);
    err(
      `✗ unknown action "${name}"; ${known.length ? `configured: ${known.join(', ')}` : 'the config names no actions'}`,
    );
    process.exit(2);
  }
  const dryRun = !o.forReal;
  let clients: Clients;
  try {
    clients = await openClients(() => project);
  } catch (e) {
    err(`✗ cannot open Redis: ${(e as Error).message}`);
    process.exit(1);
  }
  const now = new Date().toISOString();
  const transition: AlarmTransition = {
    id: `action-test-${randomUUID()}`,
    alarm: o.alarm ?? 'canary-action-test',
    oldState: 'OK',
    newState: 'ALARM',
    reason: `canary action test ${name}${dryRun ? ' (dry run)' : ''}, by hand`,
    timestamp: now,
    actions: [name],
    kind: 'set-state',
  };
  const services: ActionServices = {
    providers: clients.providers,
    log: createLogger('actions'),
    events: clients.events,
    redis: { client: clients.redis, prefix: clients.prefix },
    // Escalations (onUnverified) run as dry runs too unless --for-real.
    runAction: (other, ctx) => runNamedAction(other, actions, { ...ctx, dryRun }, services),
  };
  const ctx: ActionContext = { actionName: name, transition, dryRun };
  const type = actions[name]?.type ?? '?';
  let code = 0;
  try {
    const outcome = await runNamedAction(name, actions, ctx, services);
    if (o.json) out(JSON.stringify({ action: name, type, dryRun, ...outcome }, null, 2));
    else {
      out(`${name} (${type})${dryRun ? ', dry run' : ''}: ${outcome.status}`);
      out(`  ${outcome.detail}`);
      for (const [k, v] of Object.entries(outcome.data ?? {})) out(`  ${k}: ${String(v)}`);
      if (dryRun) out('  (nothing was changed; --for-real runs it)');
    }
  } catch (e) {
    const error = e as Error & { retryable?: boolean; data?: Record<string, unknown> };
    if (o.json)
      out(
        JSON.stringify(
          {
            action: name,
            type,
            dryRun,
            status: 'failed',
            error: error.message,
            retryable: error.retryable ?? true,
            data: error.data ?? {},
          },
          null,
          2,
        ),
      );
    else {
      err(`✗ ${name} (${type})${dryRun ? ', dry run' : ''} failed: ${error.message}`);
      err(`  ${error.retryable === false ? 'retrying will not help' : 'the pipeline would retry it'}`);
      for (const [k, v] of Object.entries(error.data ?? {})) err(`  ${k}: ${String(v)}`);
    }
    code = 1;
  }
  await clients.close().catch(() => undefined);
  process.exit(code);
}

export function registerAction(program: Command): void {
  const action = program.command('action').description('check configured alarm actions by hand');
  action
    .command('test')
    .argument('<name>', 'a configured action (canary.config.ts › actions)')
    .option('-c, --config <path>', 'config file (default: ./canary.config.ts)')
    .option('--dry-run', 'say what it would do, changing nothing (the default)')
    .option('--for-real', 'run it: change DNS, restart the target, send the notification')
    .option('--alarm <name>', 'the alarm the synthetic transition names', 'canary-action-test')
    .option('--json', 'print the outcome as JSON')
    .description('run one action once against a synthetic ALARM transition (a dry run unless --for-real)')
    .action((name: string, o: TestOptions) => testAction(name, o));
}
