import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.ts';
import { attrs, decodeOtlpMetrics } from './otlp-decoder.ts';
import { deletePrefix, parseStreams, StreamNode, testPrefix } from './stream-harness.ts';

describe('metric stream → OTLP/HTTP (protobuf)', () => {
  const bodies: Array<{ contentType: string | undefined; path: string | undefined; body: Buffer }> = [];
  let server: Server;
  let node: StreamNode;
  const prefix = testPrefix('mstream-otlp');

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push({ contentType: req.headers['content-type'], path: req.url, body: Buffer.concat(chunks) });
        res.setHeader('content-type', 'application/x-protobuf');
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/metrics`;
    node = new StreamNode(
      prefix,
      parseStreams([
        {
          name: 'otel',
          include: [{ namespace: 'Shop', metricNames: ['Latency'] }],
          statistics: [{ additional: ['p99'], metrics: [{ namespace: 'Shop', metricName: 'Latency' }] }],
          output: { type: 'otlp-http', url, resourceAttributes: { 'deployment.environment': 'test' } },
        },
      ]),
    );
    await node.start();
  });

  afterAll(async () => {
    await node?.close();
    await new Promise((r) => server?.close(r));
    await deletePrefix(prefix);
  });

  it('sends histograms (count, sum, min, max) and additional statistics as gauges, with the dimensions', async () => {
    const t = Date.now();
    await node.store.putMany([
      {
        namespace: 'Shop',
        metricName: 'Latency',
        dimensions: { Page: 'home' },
        timestamp: t,
        unit: 'Milliseconds',
        values: [5, 7, 900],
        counts: [1, 1, 1],
      },
      { namespace: 'Shop', metricName: 'Orders', dimensions: {}, timestamp: t, unit: 'Count', value: 1 },
    ]);
    await waitFor('an OTLP request', () => bodies.length >= 1);
    const req = bodies[0];
    expect(req?.contentType).toBe('application/x-protobuf');
    expect(req?.path).toBe('/v1/metrics');
    const decoded = decodeOtlpMetrics(req?.body ?? Buffer.alloc(0));
    const rm = decoded.resourceMetrics[0];
    expect(attrs(rm?.resource.attributes ?? [])).toMatchObject({
      'service.name': 'canarykit',
      'aws.cloudwatch.metric_stream_name': 'otel',
      'deployment.environment': 'test',
    });
    const metrics = rm?.scopeMetrics[0]?.metrics ?? [];
    expect(metrics.map((m) => m.name).sort()).toEqual(['Shop/Latency', 'Shop/Latency/p99']);
    const h = metrics.find((m) => m.name === 'Shop/Latency');
    expect(h?.unit).toBe('ms');
    const p = h?.histogram?.dataPoints[0];
    expect(p).toMatchObject({ count: '3', sum: 912, min: 5, max: 900, bucketCounts: ['3'] });
    expect(p?.timeUnixNano).toBe(`${BigInt(t) * 1_000_000n}`);
    expect(attrs(p?.attributes ?? [])).toEqual({ Namespace: 'Shop', MetricName: 'Latency', Page: 'home' });
    const g = metrics.find((m) => m.name === 'Shop/Latency/p99')?.gauge?.dataPoints[0];
    expect(g?.asDouble).toBe(900);
  });
});
