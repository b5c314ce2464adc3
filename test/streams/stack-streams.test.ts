import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';
import { startNdjsonReceiver, type NdjsonReceiver } from './ndjson-receiver.ts';

describe('the stack: POST /api/metrics → the streams role → the sink, and GET /api/metric-streams', () => {
  const prefix = testPrefix('stack-mstreams');
  let receiver: NdjsonReceiver;
  let tmp: TempProject;
  let stack: Stack | undefined;

  beforeAll(async () => {
    receiver = await startNdjsonReceiver();
    tmp = await tempProject({
      'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({ redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', api: { host: '127.0.0.1', port: 0 },
  metricStreams: [
    { name: 'hook', include: [{ namespace: 'Shop', metricNames: ['Errors'] }], output: { type: 'webhook', url: '${receiver.url}' } },
    { name: 'not-shop', exclude: [{ namespace: 'Shop' }], output: { type: 'webhook', url: '${receiver.url}' } },
  ],
});
`,
      // Never run here (no scheduler role): a project needs a canary.
      'canaries/idle.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'idle', blueprint: 'api', schedule: 'rate(1 hour)', timeout: 5,
  requests: [{ name: 'home', url: '${receiver.url}' }] });
`,
    });
    stack = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['streams', 'api'] });
  });
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('streams what the API stores, filtered per stream, and reports each stream', async () => {
    const res = await fetch(`${stack?.apiUrl}/api/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        namespace: 'Shop',
        metricData: [
          { metricName: 'Errors', dimensions: { Service: 'cart' }, value: 7, unit: 'Count' },
          { metricName: 'Visits', value: 3, unit: 'Count' },
        ],
      }),
    });
    expect(res.status).toBeLessThan(300);
    await waitFor('the Errors record', () => receiver.records.length >= 1);
    expect(receiver.records).toHaveLength(1);
    expect(receiver.records[0]).toMatchObject({
      metric_stream_name: 'hook',
      namespace: 'Shop',
      metric_name: 'Errors',
      dimensions: { Service: 'cart' },
      value: { sum: 7, count: 1, min: 7, max: 7 },
      unit: 'Count',
    });
    const body = await waitFor('the status', async () => {
      const r = (await (await fetch(`${stack?.apiUrl}/api/metric-streams`)).json()) as {
        streams: Array<{ name: string; delivered: number; lagMs: number | null }>;
      };
      return r.streams.find((s) => s.name === 'hook')?.delivered === 1 ? r : undefined;
    });
    expect(body.streams.map((s) => s.name)).toEqual(['hook', 'not-shop']);
    expect(body.streams[0]).toMatchObject({ output: 'webhook', dropped: 0, errors: 0, pending: { unread: 0 } });
    expect(body.streams[0]?.lagMs).toEqual(expect.any(Number));
    expect(body.streams[1]).toMatchObject({ delivered: 0, lastDeliveryAt: null });
  });
});
