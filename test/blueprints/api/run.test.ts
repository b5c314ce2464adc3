import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api as apiBlueprint, apiSettings, runApi } from '../../../blueprints/api/index.ts';
import { SecretRegistry } from '../../../core/secret-registry.ts';
import { createLogger } from '../../../core/logger.ts';
import type { RunRecord, StepResult } from '../../../core/types.ts';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';
import { jsonApi, type JsonApi } from '../../fixtures/site/json-api.ts';
import { closedPort } from '../../support/closed-port.ts';
import { waitFor } from '../../support/wait-for.ts';
import { noBrowser, runCanary } from './helpers.ts';

let api: JsonApi;
let site: FixtureSite;
let base: string;

beforeAll(async () => {
  api = jsonApi();
  site = await startFixtureSite(api.mount);
  base = `${site.baseUrl}/api`;
  process.env.SHOP_PASSWORD = api.password;
});
afterAll(async () => {
  api?.close();
  await site?.close();
  delete process.env.SHOP_PASSWORD;
});

const one = (request: Record<string, unknown>, timeout = 30) => runCanary({ timeout, requests: [request] });
const errors = (run: RunRecord) => run.steps.map((s) => s.error);
const exchange = (run: RunRecord, i = 0) => run.steps[i]?.details?.exchange as Record<string, Record<string, unknown>>;

describe('api blueprint: runs', () => {
  it('runs the orders example: login, token, orders', async () => {
    const seenBefore = api.seen.length;
    const run = await runCanary({
      name: 'orders-api',
      timeout: 30,
      requests: [
        {
          name: 'login',
          method: 'POST',
          url: `${base}/login`,
          json: { user: 'u', password: '{{env.SHOP_PASSWORD}}' },
          assert: [{ status: 200 }, { jsonPath: '$.token', op: 'exists' }],
          extract: { token: '$.token' },
        },
        {
          name: 'orders',
          method: 'GET',
          url: `${base}/orders`,
          headers: { authorization: 'Bearer {{token}}' },
          assert: [
            { status: 200 },
            { jsonPath: '$.orders.length', op: '>', value: 0 },
            { responseTimeMs: '<', value: 500 },
          ],
        },
      ],
    });
    expect(run.status).toBe('PASSED');
    expect(run.reason).toBe('2 requests passed');
    expect(run.steps.map((s) => [s.name, s.status])).toEqual([
      ['login', 'PASSED'],
      ['orders', 'PASSED'],
    ]);
    const [login, orders] = api.seen.slice(seenBefore);
    expect(JSON.parse(login?.body ?? '')).toEqual({ user: 'u', password: api.password });
    expect(login?.headers['content-type']).toBe('application/json');
    expect(orders?.headers.authorization).toMatch(/^Bearer tok-[0-9a-f]{24}$/);
    expect(api.tokens.has(String(orders?.headers.authorization).slice(7))).toBe(true);
    expect(run.steps[1]?.details?.assertions).toEqual([
      { check: 'status 200', passed: true },
      { check: '$.orders.length > 0', passed: true },
      { check: 'response time < 500 ms', passed: true },
    ]);
    expect(run.steps[0]?.details?.extracted).toEqual(['token']);
    expect(noBrowser.acquired).toBe(0);
  });

  it('records the HTTP exchange as evidence', async () => {
    const run = await one({
      name: 'echo',
      method: 'PUT',
      url: `${base}/echo`,
      query: { q: 'a b', n: 2 },
      headers: { 'X-Trace': 't-1' },
      body: 'hello',
    });
    expect(run.status).toBe('PASSED');
    const ex = exchange(run);
    expect(ex.request).toEqual({
      method: 'PUT',
      url: `${base}/echo?q=a+b&n=2`,
      headers: { 'user-agent': 'canarykit-api-canary', 'x-trace': 't-1' },
      body: 'hello',
    });
    expect(ex.response).toMatchObject({
      status: 200,
      statusText: 'OK',
      url: `${base}/echo?q=a+b&n=2`,
      redirected: false,
      headers: { 'x-echo': 'yes' },
    });
    expect(JSON.parse(String(ex.response?.body))).toMatchObject({
      method: 'PUT',
      query: { q: 'a b', n: '2' },
      body: 'hello',
    });
    expect(ex.timings).toEqual({ ttfbMs: expect.any(Number), totalMs: expect.any(Number) });
  });

  it('truncates big bodies in the evidence but asserts on the whole body', async () => {
    const run = await one({
      url: `${base}/big`,
      assert: [
        { jsonPath: '$.tail', op: 'equals', value: 'end' },
        { body: 'contains', value: '"tail":"end"' },
      ],
    });
    expect(run.status).toBe('PASSED');
    const body = String(exchange(run).response?.body);
    expect(body).toMatch(/^\{"data":"x{4087}… \[20024 bytes in all\]$/);
    expect(exchange(run).response?.bodyBytes).toBe(20024);
  });

  it('fails on a 500 with the exact reason and stops before the next request', async () => {
    const seenBefore = api.seen.length;
    const run = await runCanary({
      timeout: 30,
      requests: [{ url: `${base}/error`, assert: [{ status: 200 }] }, { url: `${base}/health` }],
    });
    expect(run.status).toBe('FAILED');
    expect(run.reason).toBe('step "GET /api/error" failed: expected status 200, got 500');
    expect(run.steps).toHaveLength(1);
    expect(api.seen.slice(seenBefore).map((s) => s.path)).toEqual(['/error']);
  });

  it('fails a request that answers 400 or more when it has no status assertion', async () => {
    expect((await one({ url: `${base}/limited` })).reason).toBe(
      'step "GET /api/limited" failed: expected status below 400, got 429',
    );
    expect(
      (await one({ url: `${base}/limited`, assert: [{ status: 429 }, { header: 'retry-after', value: '1' }] })).status,
    ).toBe('PASSED');
  });

  it('passes every assertion kind', async () => {
    const run = await runCanary({
      timeout: 30,
      requests: [
        {
          name: 'login',
          method: 'POST',
          url: `${base}/login`,
          json: { user: 'u', password: '{{env.SHOP_PASSWORD}}' },
          extract: { token: '$.token' },
          assert: [
            { status: [200, 201] },
            { status: '2xx' },
            { status: { min: 200, max: 204 } },
            { header: 'ETag' },
            { header: 'etag', value: '"login-v1"' },
            { header: 'content-type', op: 'contains', value: 'json' },
            { header: 'content-type', op: 'matches', value: '^application/json' },
            { jsonPath: '$.user.name', op: 'equals', value: 'u' },
            { jsonPath: '$.user.name', op: '==', value: 'u' },
            { jsonPath: '$.user', op: 'equals', value: { name: 'u', roles: ['buyer'] } },
            { jsonPath: '$.user.name', op: 'notEquals', value: 'v' },
            { jsonPath: '$.user.name', op: '!=', value: 'v' },
            { jsonPath: '$.user.roles', op: 'contains', value: 'buyer' },
            { jsonPath: '$.token', op: 'contains', value: 'tok-' },
            { jsonPath: '$.user', op: 'contains', value: 'roles' },
            { jsonPath: '$.token', op: 'matches', value: '^tok-[0-9a-f]{24}$' },
            { body: 'contains', value: '"roles"' },
            { body: 'matches', value: '"token":\\s*"tok-' },
            { responseTimeMs: '<', value: 5000 },
            { responseTimeMs: '>=', value: 0 },
          ],
        },
        {
          name: 'orders',
          url: `${base}/orders`,
          auth: { bearer: '{{token}}' },
          assert: [
            { status: 200 },
            { jsonPath: '$.orders.length', op: '==', value: 2 },
            { jsonPath: '$.orders[0].total', op: '<', value: 13 },
            { jsonPath: '$.orders[1].total', op: '>=', value: 40 },
            { jsonPath: '$.orders[?@.status == "open"].id', op: 'equals', value: 2 },
            { jsonPath: '$..id', op: 'equals', value: [1, 2] },
            { jsonPath: '$..id', op: 'contains', value: 2 },
            { jsonPath: '$.count', op: '>', value: 1 },
            { jsonPath: '$.next', op: 'exists' },
            { jsonPath: '$.next', op: 'equals', value: null },
          ],
        },
        { name: 'empty', url: `${base}/empty`, assert: [{ jsonPath: '$.orders.length', op: 'equals', value: 0 }] },
      ],
    });
    expect(errors(run)).toEqual([undefined, undefined, undefined]);
    expect(run.status).toBe('PASSED');
  });

  it('reports every failing assertion of a step', async () => {
    const run = await one({
      url: `${base}/html`,
      assert: [
        { status: 200 },
        { status: [201, 202, 204] },
        { status: '4xx' },
        { status: { min: 300, max: 399 } },
        { header: 'content-type', op: 'contains', value: 'json' },
        { header: 'etag-x' },
        { header: 'x-powered-by', value: 'nginx' },
        { header: 'content-type', op: 'matches', value: '^application/' },
        { jsonPath: '$.token' },
        { body: 'contains', value: 'Bye' },
        { body: 'matches', value: '^<html' },
        { responseTimeMs: '<', value: 0 },
      ],
    });
    expect(run.status).toBe('FAILED');
    const failed = (run.steps[0]?.details?.assertions as Array<{ error?: string }>).flatMap((a) =>
      a.error ? [a.error] : [],
    );
    expect(run.steps[0]?.error).toBe(failed.join('; '));
    expect(failed).toEqual([
      'expected status 201, 202 or 204, got 200',
      'expected status 4xx, got 200',
      'expected status 300-399, got 200',
      'expected header content-type to contain "json", got "text/html; charset=utf-8"',
      'expected header etag-x to exist, got no such header',
      'expected header x-powered-by to equal "nginx", got "Express"',
      'expected header content-type to match /^application\\//, got "text/html; charset=utf-8"',
      'expected $.token to exist, got a response body that is not JSON ("<!doctype html><h1>Hello</h1>")',
      'expected body to contain "Bye", got "<!doctype html><h1>Hello</h1>"',
      'expected body to match /^<html/, got "<!doctype html><h1>Hello</h1>"',
      expect.stringMatching(/^expected response time < 0 ms, got \d+ ms$/),
    ]);
    expect(run.steps[0]?.details?.assertions as unknown[]).toHaveLength(12);
  });

  it('explains failing JSONPath assertions', async () => {
    const run = await one({
      url: `${base}/empty`,
      assert: [
        { jsonPath: '$.orders.length', op: '>', value: 0 },
        { jsonPath: '$.orders', op: 'equals', value: [1] },
        { jsonPath: '$.orders', op: 'notEquals', value: [] },
        { jsonPath: '$.orders', op: 'contains', value: 1 },
        { jsonPath: '$.missing', op: 'exists' },
        { jsonPath: '$.missing', op: 'equals', value: 1 },
        { jsonPath: '$.orders', op: 'matches', value: '.' },
        { jsonPath: '$.orders', op: '<', value: 5 },
      ],
    });
    expect(run.steps[0]?.error?.split('; ')).toEqual([
      'expected $.orders.length > 0, got 0',
      'expected $.orders to equal [1], got []',
      'expected $.orders not to equal [], got []',
      'expected $.orders to contain 1, got []',
      'expected $.missing to exist, got no match',
      'expected $.missing to equal 1, got no match',
      'expected $.orders to match /./, got []',
      'expected $.orders < 5, got []',
    ]);
  });

  it('extracts from the body and headers into variables for later requests', async () => {
    const run = await runCanary({
      timeout: 30,
      requests: [
        {
          name: 'login',
          method: 'POST',
          url: `${base}/login`,
          json: { user: 'u', password: '{{env.SHOP_PASSWORD}}' },
          extract: {
            token: '$.token',
            etag: { header: 'ETag' },
            user: { jsonPath: '$.user' },
            role: '$.user.roles[0]',
          },
        },
        {
          name: 'echo',
          method: 'POST',
          url: `${base}/echo?role={{role}}`,
          query: { who: '{{role}}' },
          headers: { 'if-match': '{{etag}}' },
          json: { user: '{{user}}', list: ['{{role}}', 1, true] },
          assert: [
            { jsonPath: "$.headers['if-match']", op: 'equals', value: '"login-v1"' },
            { jsonPath: '$.query', op: 'equals', value: { role: 'buyer', who: 'buyer' } },
            {
              jsonPath: '$.body',
              op: 'equals',
              value: '{"user":"{\\"name\\":\\"u\\",\\"roles\\":[\\"buyer\\"]}","list":["buyer",1,true]}',
            },
          ],
        },
      ],
    });
    expect(errors(run)).toEqual([undefined, undefined]);
    expect(run.steps[0]?.details?.extracted).toEqual(['token', 'etag', 'user', 'role']);
  });

  it('fails a step whose extraction finds nothing, and one that uses an unknown variable', async () => {
    const run = await one({ url: `${base}/health`, extract: { a: '$.status', b: '$.nope', c: { header: 'x-none' } } });
    expect(run.reason).toBe(
      'step "GET /api/health" failed: could not extract {{b}}: no match for $.nope; could not extract {{c}}: no header x-none',
    );
    const html = await one({ url: `${base}/html`, extract: { t: '$.token' } });
    expect(html.steps[0]?.error).toBe(
      'could not extract {{t}}: $.token needs a JSON body, got a response body that is not JSON ("<!doctype html><h1>Hello</h1>")',
    );
    const missing = await runCanary({
      timeout: 30,
      requests: [
        { name: 'health', url: `${base}/health`, extract: { status: '$.status' } },
        { name: 'orders', url: `${base}/orders`, headers: { authorization: 'Bearer {{token}}' } },
      ],
    });
    expect(missing.reason).toBe('step "orders" failed: unknown variable {{token}}: expected one of status');
    const noEnv = await one({ url: `${base}/health`, query: { k: '{{env.CANARYKIT_TEST_UNSET}}' } });
    expect(noEnv.reason).toBe(
      'step "GET /api/health" failed: environment variable CANARYKIT_TEST_UNSET is not set (used as {{env.CANARYKIT_TEST_UNSET}})',
    );
  });

  it('sends Basic auth', async () => {
    const ok = await one({
      url: `${base}/basic`,
      auth: { basic: { username: 'svc', password: '{{env.SHOP_PASSWORD}}' } },
      assert: [{ status: 200 }],
    });
    expect(ok.status).toBe('PASSED');
    const bad = await one({
      url: `${base}/basic`,
      auth: { basic: { username: 'svc', password: 'wrong' } },
      assert: [{ status: 200 }],
    });
    expect(bad.reason).toBe('step "GET /api/basic" failed: expected status 200, got 401');
  });

  it('follows redirects by default, or not', async () => {
    const followed = await one({
      url: `${base}/redirect`,
      assert: [{ status: 200 }, { jsonPath: '$.status', op: 'equals', value: 'ok' }],
    });
    expect(followed.status).toBe('PASSED');
    expect(exchange(followed).response).toMatchObject({ status: 200, url: `${base}/health`, redirected: true });
    const manual = await one({
      url: `${base}/redirect`,
      followRedirects: false,
      assert: [{ status: 302 }, { header: 'location', value: '/api/health' }],
    });
    expect(errors(manual)).toEqual([undefined]);
    expect(exchange(manual).response).toMatchObject({ status: 302, url: `${base}/redirect`, redirected: false });
  });

  it('fails on a refused connection and on a timeout with a human reason', async () => {
    const port = await closedPort();
    const refused = await one({ name: 'down', url: `http://127.0.0.1:${port}/api/health` });
    expect(refused.status).toBe('FAILED');
    expect(refused.reason).toBe(`step "down" failed: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(exchange(refused).error).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(exchange(refused).response).toBeUndefined();

    const slow = await one({ name: 'slow', url: `${base}/slow?ms=30000`, timeout: 300 });
    expect(slow.reason).toBe('step "slow" failed: timeout after 300 ms');
    expect(exchange(slow).response).toBeUndefined(); // cut by the timeout, not answered
  });

  it('bounds a request by what is left of the canary timeout', async () => {
    const byDefault = await one({ name: 'slow', url: `${base}/slow?ms=3000` }, 0.5);
    expect(byDefault.reason).toMatch(/^step "slow" failed: timeout after 4\d\d ms \(the canary's 0.5 s timeout\)$/);
    const bounded = await runCanary({
      timeout: 1,
      requests: [
        { name: 'first', url: `${base}/slow?ms=300` },
        { name: 'second', url: `${base}/slow?ms=3000`, timeout: 5000 },
      ],
    });
    expect(bounded.status).toBe('FAILED');
    expect(bounded.reason).toMatch(/^step "second" failed: timeout after \d+ ms \(the canary's 1 s timeout\)$/);
  });

  it('publishes 2xx, 4xx and 5xx counts for the run', async () => {
    const run = await runCanary({
      name: 'counts',
      timeout: 30,
      requests: [
        { name: 'a', url: `${base}/health` },
        { name: 'b', url: `${base}/redirect` },
        { name: 'c', url: `${base}/limited`, assert: [{ status: 429 }] },
        { name: 'd', url: `${base}/orders`, assert: [{ status: 401 }] },
        { name: 'e', url: `${base}/error`, assert: [{ status: '5xx' }] },
      ],
    });
    expect(run.status).toBe('PASSED');
    expect(run.details).toEqual({ responses: { '2xx': 2, '4xx': 2, '5xx': 1 } });
    expect(run.metrics?.map((m) => [m.namespace, m.metricName, m.dimensions, m.value, m.unit])).toEqual([
      ['CanaryKit', '2xx', { CanaryName: 'counts' }, 2, 'Count'],
      ['CanaryKit', '4xx', { CanaryName: 'counts' }, 2, 'Count'],
      ['CanaryKit', '5xx', { CanaryName: 'counts' }, 1, 'Count'],
    ]);
    const zero = await one({ url: `http://127.0.0.1:${await closedPort()}/` });
    expect(zero.metrics?.map((m) => m.value)).toEqual([0, 0, 0]);
  });

  it('needs no browser, and an abort by the runner is an ERROR step, not a FAILED one', async () => {
    expect(apiBlueprint.needsBrowser).toBe(false);
    const controller = new AbortController();
    const steps: StepResult[] = [];
    const settings = apiSettings.parse({ requests: [{ name: 'slow', url: `${base}/slow?ms=30000&abort=1` }] });
    // Abort once the request is at the server (it would answer after 30 s; the canary timeout is 10 s).
    void waitFor('the slow request at the server', () => api.seen.some((r) => r.query.abort === '1')).then(
      () => controller.abort(new Error('run aborted: canarykit is shutting down')),
      (err: unknown) => controller.abort(err),
    );
    await expect(
      runApi(
        {
          canaryName: 'abort',
          runId: 'abort-1',
          artifactDir: '/nonexistent',
          artifactPrefix: 'runs/abort/abort-1',
          dataDir: '/nonexistent',
          timeoutMs: 10_000,
          signal: controller.signal,
          browser: noBrowser,
          log: createLogger('test'),
          secrets: new SecretRegistry(),
          progress: () => {},
          onStepEnd: (s) => steps.push(s),
        },
        settings,
      ),
    ).rejects.toThrow('run aborted: canarykit is shutting down');
    expect(steps.map((s) => [s.name, s.status, s.error])).toEqual([
      ['slow', 'ERROR', 'run aborted: canarykit is shutting down'],
    ]);
  });
});
