import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { DnsRecordStateStore } from '../../providers/builtin-dns/record-state-store.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { startRedisServer, type RedisServerProcess } from '../api/support/redis-server-process.ts';
import { rawRequest } from '../api/support/http-request.ts';
import { cause } from '../providers/dns-provider.contract.ts';
import { testPrefix } from '../support/redis-prefix.ts';
import { resolveA } from '../support/resolve-a.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

const PRIMARY = '127.0.0.2';
const SECONDARY = '127.0.0.3';

describe('canary up serves DNS from its last known state while Redis is down', () => {
  const prefix = testPrefix('dns-down');
  let dataDir: string;
  let redis: RedisServerProcess;
  let tmp: TempProject;
  let stack: Stack;
  let client: Redis;
  const store = () => new DnsRecordStateStore(client, `${prefix}:`);
  const www = () => resolveA(stack.dnsPort as number, 'www.demo.test');
  const health = async () => {
    const res = await rawRequest(stack.apiUrl as string, { method: 'GET', path: '/healthz', abortAfterMs: 10_000 });
    return { status: res.status, body: JSON.parse(res.body.toString()) as { status: string; redis: string } };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ck-redis-aof-'));
    redis = await startRedisServer({ appendOnlyDir: dataDir });
    tmp = await tempProject({
      'canary.config.ts': `export default { redis: '${redis.url}', redisPrefix: '${prefix}', api: { host: '127.0.0.1', port: 0 },
  dns: { listen: { host: '127.0.0.1', port: 0 }, zones: [{ name: 'demo.test', records: [
    { name: 'www.demo.test', type: 'A', ttl: 5, primary: '${PRIMARY}', secondary: '${SECONDARY}' },
  ] }] } };\n`,
      'canaries/a.canary.ts': `export default { name: 'a', blueprint: 'api', requests: [{ url: 'http://127.0.0.1:9/' }], schedule: 'rate(1 hour)' };\n`,
    });
    stack = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['dns', 'api'] });
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
    client.on('error', () => {});
  });
  afterAll(async () => {
    await redis?.start().catch(() => undefined);
    client?.disconnect();
    await stack?.close();
    await redis?.stop();
    await tmp?.remove();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps answering the secondary through a hung Redis and a restart, and follows changes once it is back', async () => {
    expect(await www()).toEqual([PRIMARY]);
    await store().setSide('www.demo.test', 'secondary', cause(1));
    await waitFor('the DNS server to serve the secondary', async () => (await www())[0] === SECONDARY);

    // A hung Redis (SIGSTOP): the connections stay open and nothing answers.
    redis.freeze();
    try {
      const h = await health();
      expect(h.status).toBe(503);
      expect(h.body.status).toBe('degraded');
      for (let i = 0; i < 5; i++) expect(await www()).toEqual([SECONDARY]);
    } finally {
      redis.thaw();
    }
    await waitFor('/healthz ok after the thaw', async () => (await health()).status === 200);
    expect(await www()).toEqual([SECONDARY]);

    // A stopped Redis (connection refused), then restarted from its append-only file.
    await redis.stop();
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'degraded', redis: expect.any(String) });
    for (let i = 0; i < 5; i++) expect(await www()).toEqual([SECONDARY]);
    await redis.start();
    await waitFor('/healthz ok after the restart', async () => (await health()).status === 200);
    expect(await www()).toEqual([SECONDARY]);
    expect(await store().getSide('www.demo.test')).toBe('secondary');

    // Back in sync: a switch made after the restart reaches the server (the cache resubscribed).
    await store().setSide('www.demo.test', 'primary', cause(2));
    await waitFor('the DNS server to serve the primary again', async () => (await www())[0] === PRIMARY);
  });
});
