import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../config/project.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { deletePrefix, testPrefix } from '../support/redis-prefix.ts';
import type { TempProject } from '../support/temp-project.ts';
import { logsProject } from './logs-project.ts';

const WEB = encodeURIComponent('/app/web');

describe('logs HTTP API: groups, PutLogEvents, FilterLogEvents, TestMetricFilter, metric filters', () => {
  const prefix = testPrefix('logs-api');
  let tmp: TempProject;
  let project: Project;
  let stack: Stack;
  const url = (p: string) => `${stack.apiUrl}${p}`;
  const post = async (p: string, body: unknown, type = 'application/json') => {
    const res = await fetch(url(p), {
      method: 'POST',
      headers: { 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const get = async (p: string) => {
    const res = await fetch(url(p));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    ({ tmp, project } = await logsProject(prefix));
    stack = await startStack({ project, roles: ['api', 'logs'] });
  });
  afterAll(async () => {
    await stack?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('lists the config groups and creates others through the API, with CloudWatch name and retention rules', async () => {
    expect((await get('/api/logs/groups')).body.logGroups).toEqual([
      expect.objectContaining({ logGroupName: '/app/web', retentionInDays: 7, source: 'config' }),
      expect.objectContaining({ logGroupName: '/syslog', source: 'config' }),
    ]);
    const created = await post('/api/logs/groups', { logGroupName: '/api/made', retentionInDays: 30 });
    expect(created.status).toBe(201);
    expect((await post('/api/logs/groups', { logGroupName: '/api/made' })).status).toBe(409);
    const bad = await post('/api/logs/groups', { logGroupName: 'bad name!' });
    expect(bad).toMatchObject({ status: 400, body: { message: expect.stringMatching(/logGroupName.*" "/) } });
    const badRetention = await post('/api/logs/groups', { logGroupName: '/x', retentionInDays: 2 });
    expect(badRetention.body.message).toMatch(/one of 1, 3, 5, 7, 14/);
  });

  it('ingests JSON and NDJSON batches into streams, reporting rejected events', async () => {
    const now = Date.now();
    const r = await post(`/api/logs/${WEB}/web-1`, {
      events: [
        { timestamp: now - 8 * 86_400_000 + 3_600_000, message: 'expired (retention 7 days)' },
        { timestamp: now - 1000, message: 'ERROR one' },
        { timestamp: now - 500, message: '{"latency": 120, "path": "/cart"}' },
        { timestamp: now + 3 * 3_600_000, message: 'ERROR from the future' },
      ].slice(1),
    });
    expect(r).toMatchObject({
      status: 200,
      body: { acceptedCount: 2, rejectedLogEventsInfo: { tooNewLogEventStartIndex: 2 } },
    });
    const old = await post(`/api/logs/${WEB}/web-1`, {
      events: [
        { timestamp: now - 8 * 86_400_000, message: 'old' },
        { timestamp: now - 7 * 86_400_000 - 1000, message: 'old too' },
      ],
    });
    expect(old.body).toMatchObject({ acceptedCount: 0, rejectedLogEventsInfo: { expiredLogEventEndIndex: 1 } });
    const nd = [
      JSON.stringify({
        timestamp: now - 400,
        message: '10.0.0.1 - - [03/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 503 2048',
      }),
      JSON.stringify({ timestamp: now - 300, message: 'ERROR two' }),
    ].join('\n');
    expect((await post(`/api/logs/${WEB}/web-2`, nd, 'application/x-ndjson')).body).toMatchObject({ acceptedCount: 2 });
    const streams = (await get(`/api/logs/${WEB}/streams`)).body.logStreams as Array<Record<string, unknown>>;
    expect(streams.map((s) => s.logStreamName)).toEqual(['web-1', 'web-2']);
    expect(streams[0]).toMatchObject({ firstEventTimestamp: now - 1000, lastEventTimestamp: now - 500 });
  });

  it('refuses bad batches as a whole with a clear 4xx', async () => {
    const now = Date.now();
    const unordered = await post(`/api/logs/${WEB}/web-1`, {
      events: [
        { timestamp: now, message: 'b' },
        { timestamp: now - 1, message: 'a' },
      ],
    });
    expect(unordered).toMatchObject({ status: 400, body: { message: expect.stringMatching(/chronological order/) } });
    expect(
      (await post(`/api/logs/${encodeURIComponent('/nope')}/s`, { events: [{ timestamp: now, message: 'x' }] })).status,
    ).toBe(404);
    expect((await post(`/api/logs/${WEB}/a:b`, { events: [{ timestamp: now, message: 'x' }] })).status).toBe(400);
    expect((await post(`/api/logs/${WEB}/s`, 'not json\n', 'application/x-ndjson')).status).toBe(400);
  });

  it('filters events by stream, time and pattern, paging by token', async () => {
    const all = (await get(`/api/logs/${WEB}/events`)).body.events as Array<{ message: string }>;
    expect(all.map((e) => e.message)).toEqual([
      'ERROR one',
      '{"latency": 120, "path": "/cart"}',
      expect.stringMatching(/503/),
      'ERROR two',
    ]);
    const errors = (await get(`/api/logs/${WEB}/events?filterPattern=ERROR`)).body.events as Array<{ message: string }>;
    expect(errors.map((e) => e.message)).toEqual(['ERROR one', 'ERROR two']);
    const json = (await get(`/api/logs/${WEB}/events?filterPattern=${encodeURIComponent('{ $.latency > 100 }')}`)).body;
    expect((json.events as unknown[]).length).toBe(1);
    const web2 = (await get(`/api/logs/${WEB}/events?stream=web-2&order=newest`)).body.events as Array<{
      message: string;
    }>;
    expect(web2.map((e) => e.message)).toEqual(['ERROR two', expect.stringMatching(/503/)]);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = (await get(`/api/logs/${WEB}/events?limit=1${token ? `&nextToken=${token}` : ''}`)).body;
      seen.push(...(page.events as Array<{ message: string }>).map((e) => e.message));
      token = page.nextToken as string | undefined;
    } while (token);
    expect(seen).toEqual(all.map((e) => e.message));
    const bad = await get(`/api/logs/${WEB}/events?filterPattern=${encodeURIComponent('{ $.status = }')}`);
    expect(bad).toMatchObject({ status: 400, body: { position: expect.any(Number) } });
    expect((await get(`/api/logs/${WEB}/events?nextToken=bogus`)).status).toBe(400);
  });

  it('tests a pattern as TestMetricFilter does, and answers a bad pattern with its position', async () => {
    const r = await post('/api/logs/test-pattern', {
      filterPattern: '[ip, user, username, timestamp, request, status_code = 5*, bytes]',
      logEventMessages: [
        '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /a HTTP/1.0" 200 1534',
        '127.0.0.1 - - [10/Oct/2000:13:25:15 -0700] "GET /b HTTP/1.0" 503 12',
      ],
    });
    expect(r.body).toEqual({
      matches: [
        {
          eventNumber: 2,
          eventMessage: expect.stringMatching(/503/),
          extractedValues: expect.objectContaining({ $status_code: '503', $bytes: '12', $request: 'GET /b HTTP/1.0' }),
        },
      ],
    });
    const bad = await post('/api/logs/test-pattern', { filterPattern: '{ $.a = 1 && }', logEventMessages: ['x'] });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        message: expect.stringMatching(/^filterPattern: position \d+/),
        position: expect.any(Number),
        expected: expect.any(String),
      },
    });
    expect((await post('/api/logs/test-pattern', { filterPattern: 'x', logEventMessages: [] })).status).toBe(400);
  });

  it('publishes metric filter matches into the metric store (per minute, through PutMetricData rules)', async () => {
    const series = await stack.metrics.list('App');
    expect(series).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ metricName: 'Errors', dimensions: {} }),
        expect.objectContaining({ metricName: 'Latency', dimensions: { Path: '/cart' } }),
        expect.objectContaining({ metricName: 'ServerErrorBytes', dimensions: {} }),
      ]),
    );
    const now = Date.now();
    const sum = async (metricName: string, dimensions: Record<string, string> = {}) => {
      const s = await stack.metrics.statistics({
        namespace: 'App',
        metricName,
        dimensions,
        start: now - 3_600_000,
        end: now + 3_600_000,
        period: 7200,
      });
      return s.reduce((a, p) => a + p.Sum, 0);
    };
    expect(await sum('Errors')).toBe(2);
    expect(await sum('Latency', { Path: '/cart' })).toBe(120);
    expect(await sum('ServerErrorBytes')).toBe(2048);
  });

  it('publishes the default value once per quiet minute since the filter existed, and only for quiet minutes', async () => {
    const groups = stack.logs.groupFilters();
    const now = Date.now();
    const minute = Math.floor(now / 60_000) * 60_000;
    // Settle the minutes up to the current one (in which ERROR matched): none is published for it.
    await stack.logs.defaults.publish(groups, minute + 60_000 + 1);
    // Two quiet minutes later: one datapoint each.
    const n = await stack.logs.defaults.publish(groups, minute + 3 * 60_000 + 1);
    expect(n).toBe(2);
    expect(await stack.logs.defaults.publish(groups, minute + 3 * 60_000 + 1)).toBe(0);
    const points = await stack.metrics.samples(
      { namespace: 'App', metricName: 'Errors', dimensions: {} },
      minute,
      minute + 3 * 60_000,
    );
    expect(points.map((p) => [p.t - minute, p.v])).toEqual([
      [0, 1],
      [0, 1],
      [60_000, 0],
      [120_000, 0],
    ]);
  });

  it('removes events older than the retention (XTRIM MINID on ingestion time)', async () => {
    const removed = await stack.logs.store.trimExpired(Date.now() + 8 * 86_400_000);
    expect(removed['/app/web']).toBe(4);
    expect((await get(`/api/logs/${WEB}/events`)).body.events).toEqual([]);
    expect((await get(`/api/logs/${WEB}/streams`)).body.logStreams).toEqual([]);
  });
});
