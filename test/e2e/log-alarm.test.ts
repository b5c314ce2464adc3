import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionDispatcher } from '../../actions/action-dispatcher.ts';
import { AlarmEngine } from '../../alarms/alarm-engine.ts';
import { AlarmStateStore } from '../../alarms/alarm-state-store.ts';
import { ManualTicks } from '../../alarms/tick-schedule.ts';
import type { Project } from '../../config/project.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { logsProject } from '../logs/logs-project.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import type { TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const run = promisify(execFile);
const DELAY = 50;

/**
 * syslog (a real `logger`) → log group → metric filter on ERROR → App/Errors → alarm (Sum > 5 in 60 s) → webhook.
 * The log lines, the listener, the metric store and the action pipeline are real and on the wall clock; the alarm
 * engine's ticks are driven by the test with a clock set to just after the minute closes, so the test does not
 * wait for the minute to pass (the engine's own scheduling is tested in test/alarms/).
 */
describe('a metric filter on ERROR feeds an alarm whose webhook fires after the sixth ERROR in a minute', () => {
  const prefix = testPrefix('log-alarm');
  let hooks: WebhookReceiver;
  let tmp: TempProject;
  let project: Project;
  let stack: Stack;
  let redis: Redis;
  let dispatcher: ActionDispatcher;
  let engine: AlarmEngine;
  const ticks = new ManualTicks();
  let clock = Date.now();

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    ({ tmp, project } = await logsProject(
      prefix,
      `actions: { hook: { type: 'webhook', url: ${JSON.stringify(hooks.url)} } },`,
      `[{ name: 'web-errors', namespace: 'App', metricName: 'Errors', statistic: 'Sum', period: 60, evaluationPeriods: 1,
          threshold: 5, comparisonOperator: 'GreaterThanThreshold', alarmActions: ['hook'], okActions: ['hook'] }]`,
    ));
    stack = await startStack({ project, roles: ['logs', 'actions'] });
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    dispatcher = new ActionDispatcher({ connection: redis, prefix });
    engine = new AlarmEngine({
      redis,
      prefix,
      store: new AlarmStateStore(redis, prefix),
      metrics: stack.metrics,
      alarms: () => project.alarms,
      enqueueActions: (t) => dispatcher.enqueue(t),
      evaluationDelayMs: DELAY,
      now: () => clock,
      ticks,
    });
    await engine.start();
  });
  afterAll(async () => {
    await engine?.stop();
    await dispatcher?.close();
    redis?.disconnect();
    await stack?.close();
    await hooks?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  const errorsIn = async (minute: number) =>
    (
      await stack.metrics.statistics({
        namespace: 'App',
        metricName: 'Errors',
        dimensions: {},
        start: minute,
        end: minute + 60_000,
        period: 60,
      })
    ).reduce((a, p) => a + p.Sum, 0);

  it('goes to ALARM (one webhook) after six ERROR lines in a minute, and back to OK when a quiet minute reads 0', async () => {
    // Six lines in one minute: start early enough in a minute that they cannot straddle two.
    await waitFor('an early second of a minute', () => Date.now() % 60_000 < 40_000, 30_000);
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const port = String(stack.syslog?.udpPort);
    for (let i = 1; i <= 6; i++)
      await run('logger', [
        '-n',
        '127.0.0.1',
        '-P',
        port,
        '--udp',
        '--rfc5424',
        '-t',
        'webapp',
        `ERROR request ${i} failed`,
      ]);
    await run('logger', ['-n', '127.0.0.1', '-P', port, '--udp', '--rfc5424', '-t', 'webapp', 'INFO all good']);
    await waitFor('six errors counted', async () => (await errorsIn(minute)) === 6);

    clock = minute + 60_000 + DELAY + 50;
    await ticks.fire();
    await waitFor('the ALARM webhook', () => hooks.messages.some((m) => m.newState === 'ALARM'));
    expect(hooks.messages.filter((m) => m.newState === 'ALARM')).toEqual([
      expect.objectContaining({ alarm: 'web-errors', newState: 'ALARM' }),
    ]);

    // The next minute has no ERROR: its default value 0 is published once it closes, and the alarm returns to OK.
    clock = minute + 120_000 + 20;
    expect(await stack.logs.defaults.publish(stack.logs.groupFilters(), clock)).toBeGreaterThanOrEqual(1);
    expect(await errorsIn(minute + 60_000)).toBe(0);
    clock = minute + 120_000 + DELAY + 50;
    await ticks.fire();
    await waitFor('the OK webhook', () => hooks.messages.some((m) => m.newState === 'OK'));
    expect(hooks.messages.filter((m) => m.newState === 'ALARM')).toHaveLength(1);
  });
});
