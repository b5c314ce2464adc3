import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptContext } from '../../../blueprints/script/index.ts';
import { closedPort } from '../../support/closed-port.ts';
import {
  PASSWORD,
  PNG_SIGNATURE,
  readArtifact,
  startHarness,
  summary,
  type Harness,
} from '../gui-workflow/run-helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type Run = (ctx: ScriptContext) => Promise<unknown>;
const script = (run: Run, extra: Record<string, unknown> = {}) => ({
  name: 'shop-script',
  blueprint: 'script',
  run,
  ...extra,
});

/** Signs in through the login form. */
async function signIn({ page, env }: ScriptContext, base: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.type('#email', 'sre@example.test');
  await page.type('#password', env('SHOP_PASSWORD'));
  await Promise.all([page.waitForNavigation(), page.click('#sign-in')]);
}

describe('script blueprint (real Chromium)', () => {
  it('runs steps with page, request, log and env; secrets read with env() are redacted everywhere', async () => {
    const base = h.site.baseUrl;
    const record = await h.run(
      script(
        async (ctx) => {
          const { page, step, request, log, env } = ctx;
          await step('sign in', () => signIn(ctx, base));
          await step('dashboard', async (handle) => {
            const h1 = await page.$eval('h1', (el) => el.textContent ?? '');
            if (!h1.startsWith('Welcome')) throw new Error(`expected Welcome, got ${h1}`);
            handle.detail('heading', h1);
          });
          const orders = await step('orders api', async () => {
            const res = await request(`${base}/api/orders`, {
              headers: { authorization: `Bearer ${env('SHOP_PASSWORD')}` },
            });
            if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
            return res.json<{ orders: unknown[] }>().orders.length;
          });
          log.info(`3 orders expected, got ${orders}; signed in with ${env('SHOP_PASSWORD')}`, { orders });
        },
        { stepDefaults: { screenshotOnStepSuccess: true } },
      ),
    );

    expect(record.status, record.reason).toBe('PASSED');
    expect(record.reason).toBe('3 steps passed');
    expect(summary(record)).toEqual(['PASSED sign in', 'PASSED dashboard', 'PASSED orders api']);
    expect(record.steps[1]?.details).toEqual({ heading: 'Welcome, sre@example.test' });
    expect(record.steps.map((s) => s.screenshots?.length)).toEqual([1, 1, 1]);
    const png = await readArtifact(h.dataDir, record.steps[0]?.screenshots?.[0]?.path ?? '');
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(record.details.consoleErrors).toEqual(['dashboard: analytics script failed to load']);
    expect(record.details.logs).toEqual([
      expect.objectContaining({
        level: 'info',
        message: '3 orders expected, got 3; signed in with ***',
        data: { orders: 3 },
      }),
    ]);
    expect(JSON.stringify(record)).not.toContain(PASSWORD);
  });

  it('a failing step FAILS the run, stops the script and keeps a PNG of the failure', async () => {
    let after = false;
    const record = await h.run(
      script(async ({ page, step }) => {
        await step('open login', async () => void (await page.goto(`${h.site.baseUrl}/login`)));
        await step('expect dashboard', async () => void (await page.waitForSelector('.dashboard', { timeout: 500 })));
        after = true;
      }),
    );
    expect(record.status).toBe('FAILED');
    expect(record.reason).toMatch(/^step "expect dashboard" failed: Waiting for selector `\.dashboard` failed/);
    expect(after).toBe(false);
    expect(summary(record)).toEqual(['PASSED open login', 'FAILED expect dashboard']);
    const shot = record.steps[1]?.screenshots?.[0];
    expect(shot?.path).toMatch(/expect-dashboard-failure\.png$/);
    expect((await readArtifact(h.dataDir, shot?.path ?? '')).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('continueOnStepFailure lets later steps run and fails the run at the end', async () => {
    const record = await h.run(
      script(async ({ step }) => {
        const skipped = await step(
          'optional banner',
          async () => {
            throw new Error('no banner');
          },
          { continueOnStepFailure: true, screenshotOnStepFailure: false },
        );
        await step('after', async () => skipped ?? 'went on');
      }),
    );
    expect(summary(record)).toEqual(['FAILED optional banner', 'PASSED after']);
    expect(record.status).toBe('FAILED');
    expect(record.reason).toBe('step "optional banner" failed: no banner');
    expect(record.artifacts).toEqual([]);
  });

  it('an error outside any step FAILS the run as a step named "script"; a script without steps is one step', async () => {
    const thrown = await h.run(
      script(async ({ step }) => {
        await step('fine', async () => {});
        throw new Error('cart is empty');
      }),
    );
    expect(summary(thrown)).toEqual(['PASSED fine', 'FAILED script']);
    expect(thrown.reason).toBe('step "script" failed: cart is empty');

    const plain = await h.run(
      script(async ({ page }) => {
        await page.goto(`${h.site.baseUrl}/login`);
      }),
    );
    expect(plain.status).toBe('PASSED');
    expect(summary(plain)).toEqual(['PASSED script']);
    expect(plain.steps[0]?.durationMs).toEqual(expect.any(Number));
    expect(plain.details.finalUrl).toBe(`${h.site.baseUrl}/login`);

    const unset = await h.run(script(async ({ env }) => void env('CK_TEST_UNSET_TOKEN')));
    expect(unset.reason).toBe(
      'step "script" failed: environment variable CK_TEST_UNSET_TOKEN is not set (read with env(\'CK_TEST_UNSET_TOKEN\'))',
    );
  });

  it('request reports a refused connection as a failure, not an error', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/health`;
    const record = await h.run(
      script(async ({ step, request }) => {
        await step('health', () => request(url));
      }),
    );
    expect(record.status).toBe('FAILED');
    expect(record.reason).toMatch(
      new RegExp(`^step "health" failed: request GET ${url.replace(/[.]/g, '\\.')} failed: connect ECONNREFUSED`),
    );
  });

  it('the canary timeout FAILS the run, naming the step that was running', async () => {
    // The slow step waits on a promise only the test settles, after the run is over: the run can only have ended
    // by the canary timeout, not because the step finished.
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let slowStarted = false;
    let slowFinished = false;
    try {
      const record = await h.run(
        script(
          async ({ step }) => {
            await step('quick', async () => {});
            await step('slow', async () => {
              slowStarted = true;
              await held;
              slowFinished = true;
            });
          },
          { timeout: 1.5 },
        ),
      );
      expect(slowStarted).toBe(true);
      expect(slowFinished).toBe(false);
      expect(record.status).toBe('FAILED');
      expect(summary(record)).toEqual(['PASSED quick', 'FAILED slow']);
      expect(record.reason).toBe(
        'step "slow" failed: timeout: the canary\'s 1.5 s timeout was reached during this step',
      );
    } finally {
      release();
    }
  });

  it('a machinery error (the page is gone) is an ERROR, not a FAILED run', async () => {
    const record = await h.run(
      script(async ({ page, step }) => {
        await step('close the page', async () => {
          await page.close();
          await page.title();
        });
      }),
    );
    expect(record.status).toBe('ERROR');
  });
});
