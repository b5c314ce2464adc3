import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmEngine } from '../../alarms/alarm-engine.ts';
import { loadProject } from '../../config/load-project.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

const N = 300;

describe(`${N} alarms over metrics ingested through POST /api/metrics (real Redis, real HTTP)`, () => {
  const prefix = testPrefix('many');
  let tmp: TempProject;
  let stack: Stack;

  beforeAll(async () => {
    const alarms = Array.from(
      { length: N },
      (_, i) => `{ name: 'host${i}-cpu', namespace: 'Fleet', metricName: 'CPU', dimensions: { Host: 'host${i}' },
      statistic: '${['Average', 'Maximum', 'p90'][i % 3]}', period: 1, evaluationPeriods: 2, datapointsToAlarm: 2, threshold: 80,
      comparisonOperator: 'GreaterThanThreshold', treatMissingData: 'missing' }`,
    );
    tmp = await tempProject({
      'canary.config.ts': `export default { redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', api: { port: 0 }, alarms: [${alarms.join(',\n')}] };\n`,
      'canaries/ok.canary.ts': `export default { name: 'ok', blueprint: 'api', requests: [{ url: 'http://127.0.0.1:9/' }], schedule: 'once' };\n`,
    });
    stack = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['api'] });
  });
  afterAll(async () => {
    await stack?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it("ingests in CloudWatch's JSON, evaluates every alarm, and hot hosts alone go to ALARM", async () => {
    const tick = Math.floor(Date.now() / 1000) * 1000;
    for (const ago of [2, 1]) {
      const MetricData = Array.from({ length: N }, (_, i) => ({
        MetricName: 'CPU',
        Dimensions: [{ Name: 'Host', Value: `host${i}` }],
        Timestamp: (tick - ago * 1000 + 200) / 1000,
        Values: i % 10 === 0 ? [95, 97, 99] : [20, 30, 40],
        Counts: [1, 1, 1],
        Unit: 'Percent',
        StorageResolution: 1,
      }));
      const res = await fetch(`${stack.apiUrl}/api/metrics`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Namespace: 'Fleet', MetricData }),
      });
      expect(res.status).toBe(200);
    }
    const project = await loadProject({ cwd: tmp.dir });
    const redis = new Redis(TEST_REDIS_URL);
    const engine = new AlarmEngine({
      redis,
      prefix,
      store: stack.alarmStates,
      metrics: stack.metrics,
      alarms: () => project.alarms,
      enqueueActions: async () => {},
      evaluationDelayMs: 0,
    });
    const changed = await engine.evaluateTick(tick);
    redis.disconnect();
    const toAlarm = changed
      .filter((t) => t.newState === 'ALARM')
      .map((t) => t.alarm)
      .sort();
    expect(toAlarm).toEqual(Array.from({ length: N / 10 }, (_, k) => `host${k * 10}-cpu`).sort());
    expect(changed.filter((t) => t.newState === 'OK')).toHaveLength(N - N / 10);
    const listed = (await (await fetch(`${stack.apiUrl}/api/alarms`)).json()) as Array<{ state: string }>;
    expect(listed.filter((a) => a.state === 'ALARM')).toHaveLength(N / 10);
  });
});
