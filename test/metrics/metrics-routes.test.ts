import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsRoutes } from '../../server/routes/metrics-routes.ts';
import { startMetricsApi } from './http-support.ts';

const NOW = Date.parse('2026-11-27T10:30:00Z');

describe('metrics HTTP API', () => {
  let api: Awaited<ReturnType<typeof startMetricsApi>>;
  beforeAll(async () => {
    api = await startMetricsApi('mroutes', () => NOW);
  });
  afterAll(() => api.stop());

  it("POST /api/metrics takes our JSON and CloudWatch's, GET /api/metrics/statistics answers per period", async () => {
    expect(
      await api.post({
        namespace: 'Shop',
        metricData: [
          {
            metricName: 'Errors',
            dimensions: { Service: 'cart' },
            timestamp: '2026-11-27T10:00:00Z',
            value: 7,
            unit: 'Count',
          },
          {
            metricName: 'Errors',
            dimensions: { Service: 'cart' },
            timestamp: '2026-11-27T10:00:30Z',
            value: 3,
            unit: 'Count',
          },
        ],
      }),
    ).toEqual({ status: 200, body: { namespace: 'Shop', stored: 2 } });
    expect(
      await api.post(
        {
          Namespace: 'Shop',
          MetricData: [
            {
              MetricName: 'Errors',
              Dimensions: [{ Name: 'Service', Value: 'cart' }],
              Timestamp: Date.parse('2026-11-27T10:01:10Z') / 1000,
              Values: [1, 2, 100],
              Counts: [10, 5, 1],
              Unit: 'Count',
            },
          ],
        },
        { 'content-type': 'application/x-amz-json-1.0' },
      ),
    ).toEqual({ status: 200, body: { namespace: 'Shop', stored: 1 } });

    const r = await api.get(
      '/api/metrics/statistics?namespace=Shop&metricName=Errors&dimensions=Service:cart&start=2026-11-27T10:00:00Z&end=2026-11-27T10:05:00Z&period=60&statistics=SampleCount,Sum,Average,p50,p99,tm90',
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      namespace: 'Shop',
      metricName: 'Errors',
      dimensions: { Service: 'cart' },
      label: 'Errors',
      start: '2026-11-27T10:00:00.000Z',
      end: '2026-11-27T10:05:00.000Z',
      period: 60,
      statistics: ['SampleCount', 'Sum', 'Average', 'p50', 'p99', 'tm90'],
      unit: 'Count',
      datapoints: [
        {
          timestamp: '2026-11-27T10:00:00.000Z',
          SampleCount: 2,
          Sum: 10,
          Average: 5,
          p50: 3,
          p99: 7,
          tm90: (3 + 0.8 * 7) / 1.8,
        },
        {
          timestamp: '2026-11-27T10:01:00.000Z',
          SampleCount: 16,
          Sum: 120,
          Average: 7.5,
          p50: 1,
          p99: 100,
          tm90: (10 + 2 * 4.4) / 14.4,
        },
      ],
    });
    const same = await api.get(
      `/api/metrics/statistics?namespace=Shop&metricName=Errors&dimensions=${encodeURIComponent('{"Service":"cart"}')}&start=${NOW / 1000 - 1800}&end=${NOW}&statistics=Sum&statistics=Maximum`,
    );
    expect(same.body.datapoints).toEqual([
      { timestamp: '2026-11-27T10:00:00.000Z', Sum: 10, Maximum: 7 },
      { timestamp: '2026-11-27T10:01:00.000Z', Sum: 120, Maximum: 100 },
    ]);
  });

  it('GET /api/metrics/list filters by namespace, name and dimensions', async () => {
    await api.post({
      namespace: 'ListNs',
      metricData: [
        { metricName: 'A', dimensions: { Env: 'prod' }, value: 1 },
        { metricName: 'A', dimensions: { Env: 'dev' }, value: 1 },
        { metricName: 'B', value: 1 },
      ],
    });
    const all = await api.get('/api/metrics/list?namespace=ListNs');
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(3);
    expect((await api.get('/api/metrics/list?namespace=ListNs&metricName=A&dimensions=Env:prod')).body).toEqual([
      { namespace: 'ListNs', metricName: 'A', dimensions: { Env: 'prod' }, unit: 'None' },
    ]);
    expect((await api.get('/api/metrics/list?dimensions=Env')).status).toBe(400);
  });

  it('answers bad PutMetricData input with 400 { message, issues } and stores nothing', async () => {
    const r = await api.post({
      namespace: 'Bad',
      metricData: [
        { metricName: 'ok', value: 1 },
        {
          metricName: 'ok',
          value: 1,
          dimensions: [
            { name: 'a', value: 'x' },
            { name: 'b', value: '' },
          ],
        },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([
      { path: 'metricData[1].dimensions[1].value', message: 'must be 1-1024 characters long, got 0' },
    ]);
    expect(r.body.message).toBe(
      'invalid PutMetricData request (nothing was stored): metricData[1].dimensions[1].value: must be 1-1024 characters long, got 0',
    );
    expect((await api.get('/api/metrics/list?namespace=Bad')).body).toEqual([]);
  });

  it('answers malformed, oversized, empty or non-JSON bodies with a clear 4xx', async () => {
    const bad = await api.post('{"namespace": "Shop", ');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^the body is not valid JSON: /);
    expect((await api.post('[1,2]')).body.message).toMatch(
      /^invalid PutMetricData request .*: the body must be a JSON object/,
    );
    expect((await api.post('"text"')).status).toBe(400);
    const big = await api.post(`{"namespace":"Shop","metricData":[],"pad":"${'x'.repeat(1_100_000)}"}`);
    expect(big).toEqual({ status: 413, body: { message: 'the body is larger than 1 MB, the PutMetricData limit' } });
    const wrongType = await api.post('namespace=Shop', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(wrongType.status).toBe(415);
    const empty = await fetch(`${api.url}/api/metrics`, { method: 'POST' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ message: 'the body is empty: send a PutMetricData request as JSON' });
  });

  it('accepts a gzip-compressed body, as CloudWatch does', async () => {
    const body = gzipSync(JSON.stringify({ namespace: 'Gz', metricData: [{ metricName: 'm', value: 1 }] }));
    const res = await fetch(`${api.url}/api/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body,
    });
    expect(res.status).toBe(200);
  });

  it('answers bad GetMetricStatistics parameters with 400 naming each one', async () => {
    const q = (s: string) => api.get(`/api/metrics/statistics?${s}`);
    const missing = await q('');
    expect(missing.status).toBe(400);
    expect((missing.body.issues as Array<{ path: string }>).map((i) => i.path)).toEqual([
      'namespace',
      'metricName',
      'start',
      'end',
      'statistics',
    ]);
    const base = 'namespace=Shop&metricName=Errors&start=2026-11-27T10:00:00Z&end=2026-11-27T11:00:00Z';
    const cases: Array<[string, RegExp]> = [
      [`${base}&statistics=p101`, /^statistics: invalid statistic "p101": 101 is above 100/],
      [`${base}&statistics=Average&period=7`, /^period: must be 1, 5, 10, 30 or a multiple of 60 seconds, got 7/],
      [`${base}&statistics=Average&period=abc`, /^period: must be a whole number of seconds/],
      [`${base}&statistics=Average&period=1`, /^period: gives 3600 periods between start and end; at most 1440/],
      [
        'namespace=Shop&metricName=Errors&start=2026-11-27T11:00:00Z&end=2026-11-27T10:00:00Z&statistics=Sum',
        /^end: must be later than start/,
      ],
      [
        'namespace=Shop&metricName=Errors&start=yesterday&end=2026-11-27T10:00:00Z&statistics=Sum',
        /^start: must be an ISO 8601 time/,
      ],
      [`${base}&statistics=Sum&dimensions=Service`, /^dimensions: dimension "Service": value has no value/],
      [`${base}&statistics=Sum&dimensions={bad`, /^dimensions: is not valid JSON/],
      [`${base}&statistics=Sum&namespace=Other`, /^namespace: must be given once/],
      [`${base}&statistics=p1,p2,p3,p4,p5,p6,p7,p8,p9,p10,p11`, /^statistics: at most 10 extended statistics/],
    ];
    for (const [query, why] of cases) {
      const r = await q(query);
      expect(r.status, query).toBe(400);
      expect(
        (r.body.issues as Array<{ path: string; message: string }>).map((i) => `${i.path}: ${i.message}`).join('\n'),
        query,
      ).toMatch(why);
    }
  });

  it('works behind an app-wide express.json() as in server/app.ts', async () => {
    const app = express();
    app.use(express.json({ limit: '1mb' }));
    app.use(metricsRoutes({ store: api.store, now: () => NOW }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/metrics`;
    try {
      const send = (body: unknown, type = 'application/json') =>
        fetch(url, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(body) });
      expect((await send({ namespace: 'Wired', metricData: [{ metricName: 'm', value: 1 }] })).status).toBe(200);
      expect(
        (await send({ Namespace: 'Wired', MetricData: [{ MetricName: 'm', Value: 1 }] }, 'application/x-amz-json-1.0'))
          .status,
      ).toBe(200);
      const bad = await send({ namespace: 'Wired', metricData: [{ metricName: 'm' }] });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { issues: unknown[] }).issues).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
