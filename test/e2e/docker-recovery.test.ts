import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import type { ActionExecuted } from '../../core/events.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { dockerEnv, dockerState, startWebContainer, type WebContainer } from '../support/docker-env.ts';
import { deletePrefix, testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

const env = await dockerEnv();

/** A heartbeat canary (real Chromium) on a container's page, an alarm, and a verified `recover` action. */
async function recoveryProject(prefix: string, web: WebContainer) {
  const tmp = await tempProject({
    'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({
  redis: ${JSON.stringify(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')},
  redisPrefix: ${JSON.stringify(prefix)},
  dataDir: '.canary',
  api: { host: '127.0.0.1', port: 0 },
  actions: {
    'web-recover': { type: 'recover', provider: 'docker', container: ${JSON.stringify(web.name)},
                     verify: { canary: 'web-home', within: 60 } },
  },
});
`,
    'canaries/web.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({
  name: 'web-home',
  blueprint: 'heartbeat',
  url: ${JSON.stringify(web.url)},
  expectText: 'Welcome',
  schedule: 'rate(1 second)',
  timeout: 5,
  alarms: [{
    name: 'web-down', metricName: 'SuccessPercent', statistic: 'Average', period: 1,
    evaluationPeriods: 2, datapointsToAlarm: 2, threshold: 100,
    comparisonOperator: 'LessThanThreshold', treatMissingData: 'missing',
    alarmActions: ['web-recover'],
  }],
});
`,
  });
  return { tmp, project: await loadProject({ cwd: tmp.dir }) };
}

describe.skipIf(!env)('end to end: a killed container is recovered by the alarm and verified by its canary', () => {
  if (!env) return;
  const prefix = testPrefix('e2e-docker');
  let web: WebContainer;
  let tmp: TempProject | undefined;
  let stack: Stack | undefined;

  const alarmState = async () =>
    ((await (await fetch(`${stack?.apiUrl}/api/alarms/web-down`)).json()) as { state: string }).state;
  const recoveries = async () =>
    (await stack?.events.read({ types: ['ActionExecuted'], count: 100 }))
      ?.map((e) => e.event as ActionExecuted)
      .filter((e) => e.action === 'web-recover') ?? [];
  const actionHistory = async (transitionId: string) => {
    const items = (await stack?.alarmStates.history('web-down', 100)) ?? [];
    return items.find((i) => i.type === 'Action' && i.transitionId === transitionId);
  };

  beforeAll(async () => {
    web = await startWebContainer(env, { host: '127.0.0.6' });
    let project;
    ({ tmp, project } = await recoveryProject(prefix, web));
    stack = await startStack({ project, roles: ['scheduler', 'worker', 'alarms', 'actions', 'api'] });
  });
  afterAll(async () => {
    await stack?.close();
    await web?.remove();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  /** Waits for the alarm to fire and the recovery to finish; checks the outcome's times are in order. */
  const expectVerifiedRecovery = async (before: number) => {
    await waitFor('alarm ALARM', async () => (await alarmState()) === 'ALARM', 60_000);
    const executed = await waitFor(
      'the web-recover action to finish',
      async () => (await recoveries()).slice(before).find((e) => e.status !== 'dry-run'),
      90_000,
    );
    expect(executed).toMatchObject({ status: 'done', actionType: 'recover', newState: 'ALARM' });
    expect(executed.detail).toMatch(/; verified: web-home passed \d+\.\d s after \(was unhealthy: container /);
    const item = await waitFor('the Action history item', () => actionHistory(executed.transitionId));
    const data = item.data as Record<string, string>;
    const [issued, up, green] = [data.issuedAt, data.targetUpAt, data.greenAt].map((t) => Date.parse(t ?? ''));
    expect([issued, up, green].every((t) => Number.isFinite(t))).toBe(true);
    expect(issued).toBeLessThanOrEqual(up as number);
    expect(up).toBeLessThanOrEqual(green as number);
    expect(await web.isUp()).toBe(true);
    await waitFor('alarm OK again', async () => (await alarmState()) === 'OK', 60_000);
    return data;
  };

  it('healthy at the start: alarm OK', async () => {
    await waitFor('alarm OK', async () => (await alarmState()) === 'OK', 60_000);
  });

  it('kill → ALARM → recover starts it → the canary passes again; issuedAt ≤ targetUpAt ≤ greenAt', async () => {
    const before = (await recoveries()).length;
    await web.container.kill();
    const data = await expectVerifiedRecovery(before);
    expect(data).toMatchObject({ healthBefore: 'unhealthy', healthAfter: 'healthy', attempt: 1 });
    expect(data.healthBeforeDetail).toMatch(/ is exited \(137\)/);
    expect((await dockerState(env.docker, web.name)).status).toBe('running');
  });

  it('an unhealthy container (its HEALTHCHECK fails, Docker does nothing) is restarted and verified', async () => {
    const before = (await recoveries()).length;
    const { id } = await dockerState(env.docker, web.name);
    await web.sicken();
    const data = await expectVerifiedRecovery(before);
    expect(data.healthBeforeDetail).toMatch(/is running, health unhealthy/);
    expect(data.attempt).toBe(2);
    expect(await dockerState(env.docker, web.name)).toMatchObject({ id, status: 'running', health: 'healthy' });
  });
});
