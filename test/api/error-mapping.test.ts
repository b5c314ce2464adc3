import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { startApiFixture, type ApiFixture } from './support/api-fixture.ts';
import { rawRequest, type RawResponse } from './support/http-request.ts';

describe('every domain error is a 4xx with a message; each router logs its own failures once', () => {
  const prefix = testPrefix('errmap');
  const lines: Array<Record<string, unknown>> = [];
  let api: ApiFixture;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n'))
          if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    api = await startApiFixture({ redisUrl: TEST_REDIS_URL, prefix, log: pino({ level: 'info' }, sink) });
  });
  afterAll(async () => {
    await api?.close();
    await deletePrefix(prefix);
  });

  const send = (method: string, path: string, body?: string, type = 'application/json') =>
    rawRequest(api.url, {
      method,
      path,
      ...(body === undefined ? {} : { body, headers: { 'content-type': type } }),
    });
  const message = (r: RawResponse) => (JSON.parse(r.body.toString()) as { message: string }).message;

  it.each([
    ['GET', '/api/dns/audit?record=bad%20name', 400, /invalid DNS record name: "bad name"/, undefined],
    ['GET', '/api/dns/audit?record=a.demo.test&record=b.demo.test', 400, /"record" must be given once/, undefined],
    ['GET', '/api/runs?canary=a&canary=b', 400, /"canary" must be a single canary name/, undefined],
    ['GET', '/api/runs/%E0%A4%A', 400, /./, undefined],
    ['GET', '/api/alarms/www-down/history?type=Nope', 400, /"type" must be/, undefined],
    ['POST', '/api/alarms/www-down/mute', 400, /^for: .*at most/, '{"for":"99999999999999999999w"}'],
    ['POST', '/api/alarms/www-down/mute', 400, /^for: /, '{"for":"0.0001ms"}'],
    ['POST', '/api/alarms/www-down/state', 400, /^the body is not valid JSON/, '{oops'],
    ['POST', '/api/alarms/www-down/state', 400, /body: /, '[1,2]'],
    ['POST', '/api/alarms/www-down/state', 413, /larger than 65536 bytes/, `{"stateReason":"${'x'.repeat(100_000)}"}`],
    ['POST', '/api/alarms/www-down/state', 400, /stateValue/, '{}'],
    ['POST', '/api/metrics', 400, /^the body is not valid JSON/, '{"namespace":'],
    ['POST', '/api/metrics', 415, /send the metric data as JSON/, 'a=b'],
    ['GET', '/api/metrics/statistics?namespace=Shop', 400, /metricName/, undefined],
    ['GET', '/api/metrics/band?namespace=Shop&metricName=M&statistic=p1000', 400, /statistic/, undefined],
    ['DELETE', '/api/canaries', 404, /no route for DELETE \/api\/canaries/, undefined],
  ])('%s %s → %i', async (method, path, status, pattern, body) => {
    const res = await send(
      method,
      path,
      body,
      body?.startsWith('a=') ? 'application/x-www-form-urlencoded' : undefined,
    );
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(message(res)).toMatch(pattern);
  });

  it('a failure in an alarm route is a 500 logged once by the alarm routes, with the route', async () => {
    await api.redis.set(`${prefix}:alarms:state:www-down`, 'not a hash');
    const before = lines.length;
    const res = await send('GET', '/api/alarms/www-down');
    expect(res.status).toBe(500);
    expect(message(res)).toBe('internal error');
    const logged = lines.slice(before).filter((l) => l.level === 50);
    expect(logged).toEqual([
      expect.objectContaining({
        router: 'alarms',
        method: 'GET',
        route: '/api/alarms/:name',
        err: expect.stringMatching(/WRONGTYPE/),
      }),
    ]);
    await api.redis.del(`${prefix}:alarms:state:www-down`);
  });

  it('a failure in a metrics route is logged by the metrics routes', async () => {
    await api.redis.set(`${prefix}:metrics:index`, 'not a hash');
    const before = lines.length;
    const res = await send('GET', '/api/metrics/list');
    expect(res.status).toBe(500);
    const logged = lines.slice(before).filter((l) => l.level === 50);
    expect(logged).toEqual([expect.objectContaining({ router: 'metrics', route: '/api/metrics/list' })]);
    await api.redis.del(`${prefix}:metrics:index`);
  });

  it('nothing is logged as an error for 4xx answers', async () => {
    const before = lines.length;
    await send('GET', '/api/dns/audit?record=bad%20name');
    await send('POST', '/api/alarms/www-down/state', '{oops');
    expect(lines.slice(before).filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});
