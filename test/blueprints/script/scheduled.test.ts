import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../config/load-project.ts';
import type { RunRecord } from '../../../core/types.ts';
import { startStack, type Stack } from '../../../stack/start-stack.ts';
import { mountLoginApp } from '../../fixtures/site/login-app.ts';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';
import { waitFor } from '../../support/wait-for.ts';

const PASSWORD = 'scheduled-S3cret-value';

describe('browser-flow canaries through the scheduler and a worker', () => {
  const prefix = testPrefix('browser-flows');
  let site: FixtureSite;
  let tmp: TempProject;
  let stack: Stack | undefined;
  const runs: RunRecord[] = [];

  beforeAll(async () => {
    process.env.SHOP_PASSWORD = PASSWORD;
    site = await startFixtureSite((app) => void mountLoginApp(app, { password: PASSWORD }));
    const base = site.baseUrl;
    tmp = await tempProject({
      'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({ redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', worker: { concurrency: 1, errorRetries: 0 } });
`,
      'canaries/shop.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'shop-script', blueprint: 'script', schedule: 'once', timeout: 30,
  async run({ page, step, request, env }) {
    await step('sign in', async () => {
      await page.goto('${base}/login');
      await page.type('#email', 'sre@example.test');
      await page.type('#password', env('SHOP_PASSWORD'));
      await Promise.all([page.waitForNavigation(), page.click('#sign-in')]);
      await page.waitForSelector('.dashboard');
    });
    await step('orders api', async () => {
      const res = await request('${base}/api/orders', { headers: { authorization: 'Bearer ' + env('SHOP_PASSWORD') } });
      if (!res.ok) throw new Error('HTTP ' + res.status);
    });
  },
});
`,
      'canaries/flow.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'login-flow', blueprint: 'gui-workflow', schedule: 'once', timeout: 30,
  steps: [
    { action: 'navigate', url: '${base}/login' },
    { action: 'type', selector: '#email', text: 'sre@example.test' },
    { action: 'type', selector: '#password', text: '{{env.SHOP_PASSWORD}}', secret: true },
    { action: 'press', key: 'Enter' },
    { action: 'verifyText', selector: 'h1', text: 'Goodbye', timeout: 1000 },
  ] });
`,
    });
  });
  afterAll(async () => {
    await stack?.close();
    await site?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('runs each once, stores redacted records, and fails the flow with its numbered step', async () => {
    stack = await startStack({
      project: await loadProject({ cwd: tmp.dir }),
      roles: ['scheduler', 'worker'],
      onRun: (r) => void runs.push(r),
    });
    await waitFor('both runs', () => runs.length >= 2, 45_000);
    const script = runs.find((r) => r.canary === 'shop-script');
    const flow = runs.find((r) => r.canary === 'login-flow');
    expect(script?.status, script?.reason).toBe('PASSED');
    expect(script?.steps.map((s) => s.name)).toEqual(['sign in', 'orders api']);
    expect(flow?.status).toBe('FAILED');
    expect(flow?.reason).toBe(
      'step 5 "verifyText h1": expected text "Goodbye" in h1, found "Welcome, sre@example.test"',
    );

    const stored = await stack.runs.list({ limit: 10 });
    expect(stored.map((r) => r.canary).sort()).toEqual(['login-flow', 'shop-script']);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
  });
});
