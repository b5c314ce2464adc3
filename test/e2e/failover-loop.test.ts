import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_ROLES, startStack, type Stack } from '../../stack/start-stack.ts';
import { waitForActionsSettled } from '../support/action-queue.ts';
import { startOrigin, type Origin } from '../support/origin.ts';
import { failoverProject } from '../support/failover-project.ts';
import { deletePrefix, testPrefix } from '../support/redis-prefix.ts';
import { resolveA } from '../support/resolve-a.ts';
import type { TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import type { Project } from '../../config/project.ts';

const getJson = async (url: string) => (await fetch(url)).json() as Promise<Record<string, unknown>>;

describe('the whole loop: scheduled canary → metrics → alarm → DNS failover', () => {
  const prefix = testPrefix('e2e');
  let primary: Origin;
  let secondary: Origin;
  let hooks: WebhookReceiver;
  let tmp: TempProject;
  let project: Project;
  let stack: Stack | undefined;

  const alarmState = async () => (await getJson(`${stack?.apiUrl}/api/alarms/www-down`)).state;
  const dnsAnswer = async () => (await resolveA(stack?.dnsPort ?? 0, 'www.demo.test'))[0];
  const alarmMessages = () => hooks.messages.filter((m) => m.newState === 'ALARM');
  const okMessages = () => hooks.messages.filter((m) => m.newState === 'OK');
  /** Evaluations of www-down for periods after `since` (epoch ms), by whichever engine ran them. */
  const evaluationsAfter = async (since: number) =>
    ((await stack?.alarmStates.evaluations('www-down', 50)) as Array<{ tick: string; state: string }>).filter(
      (e) => Date.parse(e.tick) > since,
    );
  /** Positive signal before "nothing more happened": `n` later evaluations ran, and no action is left to run. */
  const laterEvaluationsSettled = async (since: number, n: number) => {
    await waitFor(`${n} more evaluations of www-down`, async () => (await evaluationsAfter(since)).length >= n);
    await waitForActionsSettled(prefix);
  };

  beforeAll(async () => {
    primary = await startOrigin('127.0.0.2', 'primary');
    secondary = await startOrigin('127.0.0.3', 'secondary');
    hooks = await startWebhookReceiver();
    ({ tmp, project } = await failoverProject({ prefix, primaryUrl: primary.url, webhookUrl: hooks.url }));
    stack = await startStack({ project, roles: ALL_ROLES });
  });

  afterAll(async () => {
    await stack?.close();
    await primary?.stop();
    await secondary?.stop();
    await hooks?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('serves the primary while it is healthy', async () => {
    await waitFor('alarm OK', async () => (await alarmState()) === 'OK');
    expect(await dnsAnswer()).toBe('127.0.0.2');
    const records = (await (await fetch(`${stack?.apiUrl}/api/dns/records`)).json()) as Array<Record<string, unknown>>;
    expect(records).toEqual([expect.objectContaining({ name: 'www.demo.test', side: 'primary', value: '127.0.0.2' })]);
  });

  it('fails over when the primary stops: ALARM, DNS answers the secondary, one ALARM webhook', async () => {
    await primary.stop();
    await waitFor('alarm ALARM', async () => (await alarmState()) === 'ALARM');
    await waitFor('DNS on the secondary', async () => (await dnsAnswer()) === '127.0.0.3');
    await waitFor('ALARM webhook', () => alarmMessages().length === 1);
    const runs = (await (await fetch(`${stack?.apiUrl}/api/runs?canary=www-home&limit=5`)).json()) as Array<{
      status: string;
      reason: string;
    }>;
    expect(runs[0]?.status).toBe('FAILED');
    expect(runs[0]?.reason).toMatch(/ERR_CONNECTION_REFUSED/);
    const alarm = await getJson(`${stack?.apiUrl}/api/alarms/www-down`);
    expect(alarm.reason).toMatch(/less than the threshold/);
    expect(alarm.history).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'StateUpdate', newState: 'ALARM' })]),
    );
    expect(alarmMessages()[0]).toMatchObject({ alarm: 'www-down', oldState: 'OK', newState: 'ALARM' });
    // The alarm stays in ALARM: later evaluations must not fire again.
    await laterEvaluationsSettled(Date.now(), 3);
    expect((await evaluationsAfter(0)).slice(0, 3).map((e) => e.state)).toEqual(['ALARM', 'ALARM', 'ALARM']);
    expect(alarmMessages()).toHaveLength(1);
  });

  it('keeps DNS and alarm state across a restart, without repeating actions', async () => {
    const okBefore = okMessages().length;
    await stack?.close();
    stack = undefined;
    stack = await startStack({ project, roles: ALL_ROLES });
    const restartedAt = Date.now();
    expect(await dnsAnswer()).toBe('127.0.0.3');
    expect(await alarmState()).toBe('ALARM');
    // The restarted engine has evaluated the alarm several times, and every action it could have queued has run.
    await laterEvaluationsSettled(restartedAt, 3);
    expect(new Set((await evaluationsAfter(restartedAt)).map((e) => e.state))).toEqual(new Set(['ALARM']));
    expect(await alarmState()).toBe('ALARM');
    expect(alarmMessages()).toHaveLength(1);
    expect(okMessages()).toHaveLength(okBefore);
    const audit = (await (await fetch(`${stack.apiUrl}/api/dns/audit`)).json()) as Array<{
      changed: boolean;
      to: string;
    }>;
    expect(audit.filter((e) => e.changed && e.to === 'secondary')).toHaveLength(1);
  });

  it('fails back once the primary is healed', async () => {
    const okBefore = okMessages().length;
    await primary.start();
    await waitFor('alarm OK', async () => (await alarmState()) === 'OK');
    await waitFor('DNS back on the primary', async () => (await dnsAnswer()) === '127.0.0.2');
    await waitFor('OK webhook', () => okMessages().length === okBefore + 1);
    expect(alarmMessages()).toHaveLength(1);
  });
});
