import { spareContexts } from '../../blueprints/kit/warm-pages.ts';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { heartbeat, type HeartbeatSettingsInput } from '../../blueprints/heartbeat/index.ts';
import type { BrowserProvider } from '../../core/blueprint.ts';
import type { CanaryDefinition } from '../../core/canary.ts';
import { parseSchedule } from '../../core/schedule.ts';
import type { RunResult } from '../../core/types.ts';
import { BrowserPool } from '../../runner/browser/browser-pool.ts';
import { executeRun } from '../../runner/execute-run.ts';
import { PNG_SIGNATURE, makeContext, startFixture, type Fixture, type TestContext } from './helpers.ts';

let fx: Fixture;
let pool: BrowserPool;
const contexts: TestContext[] = [];

beforeAll(async () => {
  fx = await startFixture();
  pool = new BrowserPool();
  await pool.acquire(); // launch once up front so per-test timings are about the run
});

afterAll(async () => {
  await pool?.close();
  await fx?.close();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.cleanup()));
});

async function run(
  input: HeartbeatSettingsInput,
  opts: { timeoutMs?: number; provider?: BrowserProvider } = {},
): Promise<{ result: RunResult; ctx: TestContext }> {
  const ctx = await makeContext(opts.provider ?? pool, opts.timeoutMs ?? 10_000);
  contexts.push(ctx);
  const settings = heartbeat.settings.parse(input);
  const result = await heartbeat.run(ctx, settings);
  return { result, ctx };
}

interface HarDoc {
  log: {
    pages: Array<{ title: string }>;
    entries: Array<{ request: { url: string; method: string }; response: { status: number } }>;
  };
}

async function readHar(ctx: TestContext): Promise<HarDoc> {
  return JSON.parse(await readFile(join(ctx.artifactDir, 'page.har'), 'utf8')) as HarDoc;
}

async function readPng(ctx: TestContext): Promise<Buffer> {
  return readFile(join(ctx.artifactDir, 'screenshot.png'));
}

describe('heartbeat blueprint', () => {
  it('is a browser blueprint named heartbeat', () => {
    expect(heartbeat.name).toBe('heartbeat');
    expect(heartbeat.needsBrowser).toBe(true);
  });

  it('PASSES a 200 page with the expected text and saves a screenshot and a HAR', async () => {
    const url = `${fx.baseUrl}/ok`;
    const { result, ctx } = await run({ url, expectText: 'Welcome' });

    expect(result.status).toBe('PASSED');
    expect(result.reason).toContain('HTTP 200');
    expect(result.details).toMatchObject({
      url,
      finalUrl: url,
      httpStatus: 200,
      title: 'Canary Fixture OK',
      consoleErrors: [],
    });
    expect(result.details.loadTimeMs).toEqual(expect.any(Number));

    expect(result.steps).toHaveLength(1);
    const [step] = result.steps;
    expect(step).toMatchObject({ name: 'load', status: 'PASSED' });
    expect(step?.error).toBeUndefined();
    expect(Date.parse(step!.endedAt)).toBeGreaterThanOrEqual(Date.parse(step!.startedAt));

    expect(result.artifacts).toEqual([
      { kind: 'screenshot', path: `${ctx.artifactPrefix}/screenshot.png`, contentType: 'image/png' },
      { kind: 'har', path: `${ctx.artifactPrefix}/page.har`, contentType: 'application/json' },
    ]);

    const png = await readPng(ctx);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.readUInt32BE(16)).toBe(1280); // IHDR width = default viewport

    const har = await readHar(ctx);
    const byUrl = new Map(har.log.entries.map((e) => [e.request.url, e.response.status]));
    expect(byUrl.get(url)).toBe(200);
    expect(byUrl.get(`${fx.baseUrl}/style.css`)).toBe(200);
    expect(byUrl.get(`${fx.baseUrl}/logo.png`)).toBe(200);
    expect(har.log.pages[0]?.title).toBe('Canary Fixture OK');
  });

  it('FAILS on HTTP 503 and still saves the screenshot and HAR', async () => {
    const url = `${fx.baseUrl}/down`;
    const { result, ctx } = await run({ url });

    expect(result.status).toBe('FAILED');
    expect(result.reason).toBe(`HTTP 503 from ${url}`);
    expect(result.details).toMatchObject({ httpStatus: 503, title: 'Down' });
    expect(result.steps[0]).toMatchObject({ name: 'load', status: 'FAILED', error: `HTTP 503 from ${url}` });
    expect(result.artifacts.map((a) => a.kind)).toEqual(['screenshot', 'har']);
    expect((await readPng(ctx)).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const har = await readHar(ctx);
    expect(har.log.entries.find((e) => e.request.url === url)?.response.status).toBe(503);
  });

  it('FAILS when the expected text is missing', async () => {
    const url = `${fx.baseUrl}/ok`;
    const { result } = await run({ url, expectText: 'Goodbye' });
    expect(result.status).toBe('FAILED');
    expect(result.reason).toBe(`expected text "Goodbye" not found on ${url}`);
    expect(result.details.httpStatus).toBe(200);
  });

  it('follows redirects and reports the final URL and status', async () => {
    const url = `${fx.baseUrl}/redirect`;
    const { result, ctx } = await run({ url, expectText: 'Welcome' });
    expect(result.status).toBe('PASSED');
    expect(result.details).toMatchObject({ url, finalUrl: `${fx.baseUrl}/ok`, httpStatus: 200 });
    expect(result.details.redirects).toEqual([url]);
    const har = await readHar(ctx);
    const statuses = har.log.entries.map((e) => [e.request.url, e.response.status]);
    expect(statuses).toContainEqual([url, 302]);
    expect(statuses).toContainEqual([`${fx.baseUrl}/ok`, 200]);
  });

  it('collects console errors and uncaught page errors without failing the run', async () => {
    const { result } = await run({ url: `${fx.baseUrl}/console`, expectText: 'Welcome' });
    expect(result.status).toBe('PASSED');
    const errors = result.details.consoleErrors as string[];
    expect(errors).toContain('fixture console error');
    expect(errors.some((e) => e.includes('fixture uncaught error'))).toBe(true);
    expect(errors.some((e) => e.includes('not an error'))).toBe(false);
  });

  it('FAILS with Chromium’s net error when the connection is refused', async () => {
    // The canary timeout is 60 s: a run that waited for anything after the refused navigation would end in a
    // timeout, not in the net error. (How fast it fails is measured in bench/, not asserted here.)
    const { result, ctx } = await run({ url: fx.refusedUrl, expectText: 'Welcome' }, { timeoutMs: 60_000 });
    expect(result.status).toBe('FAILED');
    expect(result.reason).toBe(`net::ERR_CONNECTION_REFUSED at ${fx.refusedUrl}`);
    expect(result.details).toMatchObject({ url: fx.refusedUrl, httpStatus: null });
    expect(result.details.loadTimeMs).toEqual(expect.any(Number));
    expect(result.steps[0]).toMatchObject({ name: 'load', status: 'FAILED' });
    // The HAR is still written (Chromium drops failed requests from it, so it may be empty).
    expect(result.artifacts.map((a) => a.kind)).toEqual(['har']);
    await readHar(ctx);
  });

  it('FAILS with a timeout when the page loads slower than the canary timeout', async () => {
    const url = `${fx.baseUrl}/slow`;
    const { result, ctx } = await run({ url }, { timeoutMs: 1_000 });
    expect(result.status).toBe('FAILED');
    // /slow answers after 10 s: the run ended by the canary timeout, before the page did.
    expect(result.reason).toBe(`timeout after 1 s loading ${url}`);
    expect(result.details.httpStatus ?? null).toBeNull();
    expect(result.artifacts.map((a) => a.kind)).toEqual(['screenshot', 'har']);
    expect((await readPng(ctx)).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('FAILS (does not hang or ERROR) when the page hogs its main thread after load', async () => {
    const url = `${fx.baseUrl}/busy`;
    // Through the runner, whose hard deadline (timeout + 5 s) turns a run that overstays into an ERROR: FAILED
    // with the page's reason means the blueprint ended the run itself, within its timeout and capture grace.
    const canary: CanaryDefinition = {
      name: 'busy',
      blueprint: 'heartbeat',
      schedule: parseSchedule('once'),
      timeoutMs: 1_000,
      settings: heartbeat.settings.parse({ url, expectText: 'Welcome' }),
      alarms: [],
      tags: {},
      file: 'canaries/busy.canary.ts',
      absFile: join(tmpdir(), 'busy.canary.ts'),
      hash: 'busy',
    };
    const dataDir = await mkdtemp(join(tmpdir(), 'canarykit-hb-busy-'));
    try {
      const record = await executeRun({ canary, runId: 'run-busy', attempt: 1, dataDir, browser: pool });
      expect(record.status, record.reason).toBe('FAILED');
      expect(record.reason).toMatch(
        new RegExp(`^expected text "Welcome" could not be checked on ${url}: the page did not respond`),
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('honours screenshot:false, har:false and the viewport setting', async () => {
    const url = `${fx.baseUrl}/ok`;
    const none = await run({ url, screenshot: false, har: false });
    expect(none.result.status).toBe('PASSED');
    expect(none.result.artifacts).toEqual([]);
    await expect(stat(join(none.ctx.artifactDir, 'screenshot.png'))).rejects.toThrow();

    const small = await run({ url, har: false, viewport: { width: 640, height: 480 } });
    expect(small.result.artifacts.map((a) => a.kind)).toEqual(['screenshot']);
    expect((await readPng(small.ctx)).readUInt32BE(16)).toBe(640);
  });

  it('reuses one browser process across runs and leaves no context behind', async () => {
    const seen: Browser[] = [];
    const recording: BrowserProvider = {
      acquire: async () => {
        const b = await pool.acquire();
        seen.push(b);
        return b;
      },
    };
    const launchesBefore = pool.launchCount;
    const a = await run({ url: `${fx.baseUrl}/ok` }, { provider: recording });
    const b = await run({ url: `${fx.baseUrl}/down` }, { provider: recording });
    expect([a.result.status, b.result.status]).toEqual(['PASSED', 'FAILED']);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]!.process()?.pid).toBeDefined();
    expect(seen[0]!.process()?.pid).toBe(seen[1]!.process()?.pid);
    expect(pool.launchCount).toBe(launchesBefore);
    // Each run's incognito context is closed: only the default context and the pre-warmed spares are left.
    const spares = await spareContexts(seen[0]!);
    expect(new Set(seen[0]!.browserContexts())).toEqual(new Set([seen[0]!.defaultBrowserContext(), ...spares]));
  });
});
