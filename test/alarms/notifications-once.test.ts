import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../notifiers/smtp-receiver.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitForActionsSettled } from '../support/action-queue.ts';
import { waitFor } from '../support/wait-for.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

describe('two evaluator processes, real metrics, a webhook receiver and an SMTP server', () => {
  const prefix = testPrefix('notify');
  let hooks: WebhookReceiver;
  let smtp: SmtpReceiver;
  let tmp: TempProject;
  const stacks: Stack[] = [];

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    smtp = await startSmtpReceiver();
    tmp = await tempProject({
      'canary.config.ts': `export default {
  redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}',
  actions: {
    hook: { type: 'webhook', url: '${hooks.url}' },
    mail: { type: 'email', to: 'sre@example.test', from: 'canarykit@example.test', smtp: { host: '127.0.0.1', port: ${smtp.port} } },
  },
  alarms: [
    ${[1, 2, 3, 4, 5]
      .map(
        (
          i,
        ) => `{ name: 'svc${i}-errors', namespace: 'Shop', metricName: 'Errors', dimensions: { Service: 'svc${i}' }, statistic: 'Sum',
      period: 1, evaluationPeriods: 1, threshold: 5, comparisonOperator: 'GreaterThanThreshold', treatMissingData: 'notBreaching',
      alarmActions: ['hook', 'mail'], okActions: ['hook'] }`,
      )
      .join(',\n    ')}
  ],
  compositeAlarms: [{ name: 'shop-down', alarmRule: 'ALARM("svc1-errors") AND ALARM("svc2-errors")', alarmActions: ['hook'] }],
};
`,
      'canaries/ok.canary.ts': `export default { name: 'ok', blueprint: 'heartbeat', url: 'http://127.0.0.1:9/', schedule: 'once' };\n`,
    });
  });
  afterAll(async () => {
    for (const s of stacks) await s.close();
    await hooks?.close();
    await smtp?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('delivers exactly one message per transition and channel', async () => {
    const project = await loadProject({ cwd: tmp.dir });
    stacks.push(await startStack({ project, roles: ['alarms', 'actions'] }));
    stacks.push(await startStack({ project, roles: ['alarms', 'actions'] }));
    const [a] = stacks as [Stack];
    const put = (service: string, value: number) =>
      a.metrics.put([
        {
          namespace: 'Shop',
          metricName: 'Errors',
          dimensions: { Service: service },
          timestamp: Date.now(),
          value,
          unit: 'Count',
        },
      ]);
    await waitFor('every alarm OK', () => hooks.messages.filter((m) => m.newState === 'OK').length === 5);
    await Promise.all([put('svc1', 9), put('svc2', 12), put('svc3', 7)]);
    await waitFor('ALARM webhooks', () => hooks.messages.filter((m) => m.newState === 'ALARM').length >= 4);
    await waitFor('ALARM mails', () => smtp.mails.length >= 3);
    // Later events first: the three alarms are back to OK (the spike left the range), so every evaluation that
    // could fire an ALARM is over; then nothing enqueued is left to run, so no duplicate can still arrive.
    await waitFor('OK webhooks after the spike', () => hooks.messages.filter((m) => m.newState === 'OK').length >= 8);
    await waitForActionsSettled(prefix);
    const alarmHooks = hooks.messages
      .filter((m) => m.newState === 'ALARM')
      .map((m) => m.alarm)
      .sort();
    expect(alarmHooks).toEqual(['shop-down', 'svc1-errors', 'svc2-errors', 'svc3-errors']);
    expect(smtp.mails.map((m) => m.subject).sort()).toEqual([
      '[ALARM] svc1-errors (OK → ALARM)',
      '[ALARM] svc2-errors (OK → ALARM)',
      '[ALARM] svc3-errors (OK → ALARM)',
    ]);
    const ids = hooks.messages.map((m) => `${m.transitionId}|${m.action}`);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
