import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { closedPort } from '../support/closed-port.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { waitForActionsSettled } from '../support/action-queue.ts';
import { parsePromText, type PromText } from './support/prom-text.ts';

describe('Prometheus /metrics: action outcomes and the alarm engine tick, from a running stack', () => {
  const prefix = testPrefix('prom-actions');
  let hooks: WebhookReceiver;
  let tmp: TempProject;
  let stack: Stack | undefined;
  const scrape = async (): Promise<PromText> => {
    const res = await fetch(`${stack?.apiUrl}/metrics`);
    expect(res.status).toBe(200);
    return parsePromText(await res.text());
  };

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    const dead = `http://127.0.0.1:${await closedPort()}/hook`;
    // No datapoints and treatMissingData 'breaching': the alarm goes to ALARM at its first evaluation.
    tmp = await tempProject({
      'canary.config.ts': `export default { redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', api: { host: '127.0.0.1', port: 0 },
  actions: { hook: { type: 'webhook', url: '${hooks.url}' }, down: { type: 'webhook', url: '${dead}' } },
  alarms: [{ name: 'quiet', namespace: 'N', metricName: 'M', statistic: 'Sum', period: 1, evaluationPeriods: 1,
    threshold: 1, comparisonOperator: 'GreaterThanThreshold', treatMissingData: 'breaching',
    alarmActions: ['hook', 'down'] }] };\n`,
      'canaries/a.canary.ts': `export default { name: 'a', blueprint: 'api', requests: [{ url: 'http://127.0.0.1:9/' }], schedule: 'rate(1 hour)' };\n`,
    });
    stack = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['alarms', 'actions', 'api'] });
  });
  afterAll(async () => {
    await stack?.close();
    await hooks?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('counts each action outcome once, as a counter, and reports the last tick', async () => {
    const empty = await scrape();
    expect(empty.types.get('canarykit_action_executions_total')).toBe('counter');
    // The webhook that answers is done; the one whose port is closed fails once its retries are spent.
    const text = await waitFor(
      'both outcomes on /metrics',
      async () => {
        const t = await scrape();
        const done = t.value('canarykit_action_executions_total', { action: 'hook', status: 'done' });
        const failed = t.value('canarykit_action_executions_total', { action: 'down', status: 'failed' });
        return done === 1 && failed === 1 ? t : undefined;
      },
      120_000,
      250,
    );
    expect(hooks.messages).toHaveLength(1);
    expect(text.find('canarykit_action_executions_total')).toHaveLength(2);

    await waitForActionsSettled(prefix);
    const after = await scrape();
    expect(after.value('canarykit_action_executions_total', { action: 'hook', status: 'done' })).toBe(1);
    expect(after.value('canarykit_action_executions_total', { action: 'down', status: 'failed' })).toBe(1);

    for (const name of [
      'canarykit_alarm_engine_tick_duration_seconds',
      'canarykit_alarm_engine_tick_lag_seconds',
      'canarykit_alarm_engine_last_tick_timestamp_seconds',
    ])
      expect(after.types.get(name), name).toBe('gauge');
    expect(after.value('canarykit_alarm_engine_tick_duration_seconds')).toBeGreaterThanOrEqual(0);
    expect(after.value('canarykit_alarm_engine_tick_lag_seconds')).toBeGreaterThanOrEqual(0);
    const last = after.value('canarykit_alarm_engine_last_tick_timestamp_seconds') as number;
    // A later tick moves it on: the figure is written every tick.
    await waitFor(
      'a later tick',
      async () => ((await scrape()).value('canarykit_alarm_engine_last_tick_timestamp_seconds') ?? 0) > last,
    );
  });
});
