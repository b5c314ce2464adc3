/**
 * End to end through the action pipeline: a project whose `dns-failover` names `provider: 'corp'` (rfc2136, a real
 * BIND 9 with TSIG); the alarm goes to ALARM, the actions role runs the action, and BIND answers the secondary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../config/project.ts';
import { loadProject } from '../../config/load-project.ts';
import type { AlarmHistoryItem } from '../../core/types.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { bindUnavailable, startBind9, type Bind9 } from '../support/bind9.ts';
import { deletePrefix, testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

const unavailable = bindUnavailable();
if (unavailable) console.warn(`[rfc2136 e2e skipped] ${unavailable}`);
const SECRET_ENV = 'CK_E2E_CORP_TSIG';

describe.skipIf(unavailable !== undefined)('dns-failover through an rfc2136 provider, via the action pipeline', () => {
  const prefix = testPrefix('e2e-rfc2136');
  let bind: Bind9;
  let tmp: TempProject;
  let project: Project;
  let stack: Stack | undefined;

  beforeAll(async () => {
    bind = await startBind9({ zone: 'corp.test', records: ['www 30 IN A 127.0.0.2'] });
    process.env[SECRET_ENV] = bind.secret;
    const sides = `record: 'www.corp.test', recordType: 'A', primary: '127.0.0.2', secondary: '127.0.0.3', ttl: 30`;
    tmp = await tempProject({
      'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({
  redis: ${JSON.stringify(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')},
  redisPrefix: ${JSON.stringify(prefix)},
  dataDir: '.canary',
  api: { host: '127.0.0.1', port: 0 },
  dnsProviders: {
    corp: { type: 'rfc2136', server: '127.0.0.1:${bind.port}', zone: 'corp.test',
            tsig: { name: '${bind.keyName}', algorithm: 'hmac-sha256', secretEnv: '${SECRET_ENV}' } },
  },
  actions: {
    'www-failover': { type: 'dns-failover', provider: 'corp', ${sides} },
    'www-failback': { type: 'dns-failback', provider: 'corp', ${sides} },
  },
  alarms: [{
    name: 'www-down', namespace: 'Test', metricName: 'Up', statistic: 'Average', period: 60, evaluationPeriods: 1,
    threshold: 1, comparisonOperator: 'LessThanThreshold',
    alarmActions: ['www-failover'], okActions: ['www-failback'],
  }],
});
`,
      'canaries/www.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'www-home', blueprint: 'heartbeat', url: 'http://127.0.0.2:9/', schedule: 'rate(1 hour)' });
`,
    });
    project = await loadProject({ cwd: tmp.dir });
    stack = await startStack({ project, roles: ['actions'] });
  });

  afterAll(async () => {
    await stack?.close();
    await bind?.stop();
    await tmp?.remove();
    await deletePrefix(prefix);
    delete process.env[SECRET_ENV];
  });

  const actionItems = async (action: string) =>
    ((await stack?.alarmStates.history('www-down', 50)) ?? []).filter(
      (i: AlarmHistoryItem) => i.type === 'Action' && i.data?.action === action,
    );

  it('ALARM fails www over on BIND, confirmed by what BIND serves; OK fails it back', async () => {
    expect(bind.dig('www.corp.test')).toEqual(['127.0.0.2']);
    await stack?.control.setState('www-down', 'ALARM', 'drill: www is down');
    const [done] = await waitFor('the failover recorded', async () => {
      const items = await actionItems('www-failover');
      return items.length ? items : undefined;
    });
    expect(done?.data).toMatchObject({
      action: 'www-failover',
      status: 'done',
      issuedAt: expect.any(String),
      servedAt: expect.any(String),
      servedBy: `udp 127.0.0.1:${bind.port}`,
    });
    expect(done?.summary).toBe(
      'Successfully executed action www-failover: www.corp.test now serves secondary (127.0.0.3), was primary (127.0.0.2)',
    );
    expect(bind.dig('www.corp.test')).toEqual(['127.0.0.3']);

    await stack?.control.setState('www-down', 'OK', 'drill: www is back');
    await waitFor('the failback recorded', async () => (await actionItems('www-failback')).length > 0);
    expect((await actionItems('www-failback'))[0]?.data).toMatchObject({ status: 'done' });
    expect(bind.dig('www.corp.test')).toEqual(['127.0.0.2']);
  });
});
