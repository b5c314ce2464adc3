import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { closedPort } from '../support/closed-port.ts';
import { testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { startApiFixture, type ApiFixture } from './support/api-fixture.ts';
import { rawRequest } from './support/http-request.ts';
import { startRedisServer, type RedisServerProcess } from './support/redis-server-process.ts';

// Each request is aborted after 10 s, so a route that hangs fails the test (as an abort) instead of answering.
const get = (base: string, path: string) => rawRequest(base, { method: 'GET', path, abortAfterMs: 10_000 });

describe('/healthz and /metrics while Redis is down', () => {
  describe('a Redis that was up and is stopped (canary up with its own Redis connection)', () => {
    let redis: RedisServerProcess;
    let tmp: TempProject;
    let stack: Stack;
    beforeAll(async () => {
      redis = await startRedisServer();
      tmp = await tempProject({
        'canary.config.ts': `export default { redis: '${redis.url}', redisPrefix: '${testPrefix('down')}', api: { port: 0 },
  alarms: [{ name: 'a', namespace: 'N', metricName: 'M', statistic: 'Sum', period: 60, evaluationPeriods: 1, threshold: 1,
    comparisonOperator: 'GreaterThanThreshold' }] };\n`,
        'canaries/a.canary.ts': `export default { name: 'a', blueprint: 'api', requests: [{ url: 'http://127.0.0.1:9/' }], schedule: 'rate(1 hour)' };\n`,
      });
      stack = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['api'] });
    });
    afterAll(async () => {
      await redis?.start().catch(() => undefined);
      await stack?.close();
      await redis?.stop();
      await tmp?.remove();
    });

    it('answers 503 with a message, and 200 again once Redis is back', async () => {
      const base = stack.apiUrl as string;
      expect((await get(base, '/healthz')).status).toBe(200);
      expect((await get(base, '/metrics')).status).toBe(200);
      // A hung Redis: the connection stays open and nothing answers.
      redis.freeze();
      try {
        const [health, metrics] = await Promise.all([get(base, '/healthz'), get(base, '/metrics')]);
        expect(health.status).toBe(503);
        expect(JSON.parse(health.body.toString()).redis).toMatch(/no answer/);
        expect(metrics.status).toBe(503);
      } finally {
        redis.thaw();
      }
      expect((await get(base, '/healthz')).status).toBe(200);
      // A stopped Redis: connections are refused.
      await redis.stop();
      for (let i = 0; i < 3; i++) {
        const health = await get(base, '/healthz');
        expect(health.status).toBe(503);
        expect(JSON.parse(health.body.toString())).toMatchObject({ status: 'degraded', redis: expect.any(String) });
        const metrics = await get(base, '/metrics');
        expect(metrics.status).toBe(503);
        expect(JSON.parse(metrics.body.toString())).toEqual({ message: expect.stringMatching(/redis/i) });
      }
      await redis.start();
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = (await get(base, '/healthz')).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      expect((await get(base, '/metrics')).status).toBe(200);
    });
  });

  describe('a Redis that never answered (connection refused)', () => {
    let api: ApiFixture;
    beforeAll(async () => {
      api = await startApiFixture({
        redisUrl: `redis://127.0.0.1:${await closedPort()}`,
        prefix: testPrefix('refused'),
      });
      api.redis.on('error', () => {});
    });
    afterAll(async () => {
      await api?.close();
    });

    it('answers 503, not a hang', async () => {
      const [health, metrics] = await Promise.all([get(api.url, '/healthz'), get(api.url, '/metrics')]);
      expect(health.status).toBe(503);
      expect(metrics.status).toBe(503);
    });
  });
});
