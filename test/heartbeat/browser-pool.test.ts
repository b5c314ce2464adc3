import { spareContexts } from '../../blueprints/kit/warm-pages.ts';
import { existsSync } from 'node:fs';
import type { Browser } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { heartbeat } from '../../blueprints/heartbeat/index.ts';
import type { BrowserProvider } from '../../core/blueprint.ts';
import { BrowserPool, CHROME_FLAGS, buildLaunchOptions } from '../../runner/browser/browser-pool.ts';
import { makeContext, startFixture, type Fixture, type TestContext } from './helpers.ts';

let fx: Fixture;
const pools: BrowserPool[] = [];
const contexts: TestContext[] = [];

function newPool(): BrowserPool {
  const pool = new BrowserPool();
  pools.push(pool);
  return pool;
}

async function ctxFor(provider: BrowserProvider, timeoutMs = 10_000): Promise<TestContext> {
  const ctx = await makeContext(provider, timeoutMs);
  contexts.push(ctx);
  return ctx;
}

function disconnected(browser: Browser): Promise<void> {
  return browser.connected
    ? new Promise((resolve) => browser.once('disconnected', () => resolve()))
    : Promise.resolve();
}

async function waitFor(cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  fx = await startFixture();
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  await Promise.all(contexts.splice(0).map((c) => c.cleanup()));
});

afterAll(async () => {
  await fx?.close();
});

describe('BrowserPool', () => {
  it('builds launch options in one place with the canary flags', () => {
    const opts = buildLaunchOptions('/usr/bin/chromium', '/tmp/profile');
    expect(opts.executablePath).toBe('/usr/bin/chromium');
    expect(opts.userDataDir).toBe('/tmp/profile');
    expect(opts.headless).toBe(true);
    for (const flag of [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ]) {
      expect(opts.args).toContain(flag);
    }
    expect(CHROME_FLAGS).toHaveLength(7); // --no-sandbox is chosen by sandboxFlags (root here)
  });

  it('launches lazily, once, even for concurrent acquire() calls', async () => {
    const pool = newPool();
    expect(pool.launchCount).toBe(0);
    expect(pool.pid).toBeUndefined();
    const [a, b, c] = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(pool.launchCount).toBe(1);
    expect(await pool.acquire()).toBe(a);
    expect(pool.pid).toBe(a.process()?.pid);
  });

  it('closes the browser, removes its profile dir and refuses further acquire()', async () => {
    const pool = newPool();
    const browser = await pool.acquire();
    const dir = pool.userDataDir;
    expect(dir && existsSync(dir)).toBe(true);
    const proc = browser.process();
    await pool.close();
    expect(browser.connected).toBe(false);
    expect(proc?.exitCode !== null || proc?.signalCode !== null).toBe(true);
    expect(existsSync(dir!)).toBe(false);
    await expect(pool.acquire()).rejects.toThrow(/closed/);
  });

  it('a run on a killed browser throws (ERROR); the next acquire relaunches and passes', async () => {
    const pool = newPool();
    const url = `${fx.baseUrl}/ok`;
    const settings = heartbeat.settings.parse({ url, expectText: 'Welcome' });

    expect((await heartbeat.run(await ctxFor(pool), settings)).status).toBe('PASSED');
    const first = await pool.acquire();
    const firstPid = first.process()?.pid;
    const firstDir = pool.userDataDir;
    expect(firstPid).toBeDefined();

    const gone = disconnected(first);
    first.process()?.kill('SIGKILL');
    await gone;

    // A runner that still holds the dead browser: machinery failure → throw, not FAILED.
    const stale: BrowserProvider = { acquire: async () => first };
    await expect(heartbeat.run(await ctxFor(stale), settings)).rejects.toThrow();

    // The pool notices and relaunches.
    const result = await heartbeat.run(await ctxFor(pool), settings);
    expect(result.status).toBe('PASSED');
    const second = await pool.acquire();
    expect(second).not.toBe(first);
    expect(second.process()?.pid).toBeDefined();
    expect(second.process()?.pid).not.toBe(firstPid);
    expect(pool.launchCount).toBe(2);
    await waitFor(() => !existsSync(firstDir!));
  });

  it('a browser killed in the middle of a run makes the run throw, not FAIL', async () => {
    const pool = newPool();
    const browser = await pool.acquire();
    const before = fx.hits.get('/slow') ?? 0;
    const ctx = await ctxFor(pool, 15_000);
    const settings = heartbeat.settings.parse({ url: `${fx.baseUrl}/slow` });
    const running = heartbeat.run(ctx, settings);
    running.catch(() => undefined);
    await waitFor(() => (fx.hits.get('/slow') ?? 0) > before);
    browser.process()?.kill('SIGKILL');
    // /slow answers after 10 s and the run's timeout is 15 s: a throw can only be the killed browser's.
    const err = await running.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err?.message).not.toMatch(/timeout/i);

    expect(
      (await heartbeat.run(await ctxFor(pool), heartbeat.settings.parse({ url: `${fx.baseUrl}/ok` }))).status,
    ).toBe('PASSED');
  });

  it('an aborted signal closes the run’s context and throws', async () => {
    const pool = newPool();
    const browser = await pool.acquire();
    const before = fx.hits.get('/slow') ?? 0;
    const ctx = await ctxFor(pool, 15_000);
    const running = heartbeat.run(ctx, heartbeat.settings.parse({ url: `${fx.baseUrl}/slow` }));
    running.catch(() => undefined);
    await waitFor(() => (fx.hits.get('/slow') ?? 0) > before);
    ctx.controller.abort(new Error('hard deadline'));
    await expect(running).rejects.toThrow('hard deadline'); // the abort's own reason, not the slow page's or a timeout
    // The run's context is closed: only the default context and the pre-warmed spares are left.
    const onlyDefaultAndSpares = async () => {
      const spares = await spareContexts(browser);
      expect(new Set(browser.browserContexts())).toEqual(new Set([browser.defaultBrowserContext(), ...spares]));
    };
    await onlyDefaultAndSpares();
    expect(browser.connected).toBe(true);

    // Already aborted before starting: throws without touching the browser.
    const ctx2 = await ctxFor(pool);
    ctx2.controller.abort();
    await expect(heartbeat.run(ctx2, heartbeat.settings.parse({ url: `${fx.baseUrl}/ok` }))).rejects.toThrow();
    await onlyDefaultAndSpares();
  });
});
