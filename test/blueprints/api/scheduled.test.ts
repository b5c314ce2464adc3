import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../config/load-project.ts';
import type { RunRecord } from '../../../core/types.ts';
import { MetricStore } from '../../../metrics/metric-store.ts';
import { RunStore } from '../../../runner/run-store.ts';
import { startStack, type Stack } from '../../../stack/start-stack.ts';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';
import { jsonApi, type JsonApi } from '../../fixtures/site/json-api.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';
import { waitFor } from '../../support/wait-for.ts';
import { tripwireChrome } from './tripwire-chrome.ts';

describe('an api canary on a 1-second schedule, run by the scheduler and a worker', () => {
  const prefix = testPrefix('api-sched');
  let api: JsonApi;
  let site: FixtureSite;
  let tmp: TempProject;
  let stack: Stack | undefined;
  let chrome: { chromePath: string; marker: string };
  const saved = { CHROME_PATH: process.env.CHROME_PATH, SHOP_PASSWORD: process.env.SHOP_PASSWORD };

  beforeAll(async () => {
    api = jsonApi();
    site = await startFixtureSite(api.mount);
    const base = `${site.baseUrl}/api`;
    tmp = await tempProject({
      'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({ redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', worker: { concurrency: 1 } });
`,
      'canaries/orders.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'orders-sched', blueprint: 'api', schedule: 'rate(1 second)', timeout: 10,
  requests: [
    { name: 'login', method: 'POST', url: '${base}/login', json: { user: 'u', password: '{{env.SHOP_PASSWORD}}' },
      assert: [{ status: 200 }], extract: { token: '$.token' } },
    { name: 'orders', url: '${base}/orders', auth: { bearer: '{{token}}' }, assert: [{ status: 200 }, { jsonPath: '$.count', op: '==', value: 2 }] },
    { name: 'limited', url: '${base}/limited', assert: [{ status: 429 }] },
  ] });
`,
    });
    chrome = await tripwireChrome(tmp.dir);
    process.env.CHROME_PATH = chrome.chromePath;
    process.env.SHOP_PASSWORD = api.password;
  });
  afterAll(async () => {
    await stack?.close();
    api?.close();
    await site?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it('runs it every second, stores redacted records and 2xx/4xx/5xx metrics, and never launches Chromium', async () => {
    const runs: RunRecord[] = [];
    stack = await startStack({
      project: await loadProject({ cwd: tmp.dir }),
      roles: ['scheduler', 'worker'],
      onRun: (r) => runs.push(r),
    });
    await waitFor('3 scheduled runs', () => runs.length >= 3, 30_000);
    await stack.close();
    stack = undefined;

    expect(runs.every((r) => r.blueprint === 'api' && r.status === 'PASSED')).toBe(true);
    expect(runs[0]?.steps.map((s) => s.name)).toEqual(['login', 'orders', 'limited']);
    expect(existsSync(chrome.marker)).toBe(false);

    const redis = new Redis(TEST_REDIS_URL);
    try {
      const stored = await new RunStore(redis, prefix).list({ canary: 'orders-sched', limit: 100 });
      expect(stored.length).toBe(runs.length);
      const text = JSON.stringify(stored);
      expect(text).not.toContain(api.password);
      for (const token of api.tokens) expect(text).not.toContain(token);

      const metrics = new MetricStore(redis, prefix);
      const series = (await metrics.list('CanaryKit')).filter(
        (s) => s.dimensions.CanaryName === 'orders-sched' && !s.dimensions.StepName,
      );
      expect(series.map((s) => s.metricName).sort()).toEqual([
        '2xx',
        '4xx',
        '5xx',
        'Duration',
        'Failed',
        'SuccessPercent',
      ]);
      const sum = async (metricName: string) => {
        const s = series.find((x) => x.metricName === metricName)!;
        return (await metrics.samples(s, 0, Date.now() + 60_000)).reduce((a, x) => a + x.v, 0);
      };
      expect(await sum('2xx')).toBe(2 * runs.length);
      expect(await sum('4xx')).toBe(runs.length);
      expect(await sum('5xx')).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});
