import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultStore } from '../../../chaos/fault-store.ts';
import { loadProject } from '../../../config/load-project.ts';
import type { Project } from '../../../config/project.ts';
import { openClients, type Clients } from '../../../stack/clients.ts';
import { startProxyRole, type ProxyRoleHandle } from '../../../stack/roles/proxy.ts';
import { closedPort } from '../../support/closed-port.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';
import { waitFor } from '../../support/wait-for.ts';
import { fetchRaw, startUpstream, type Upstream } from './http-fixture.ts';

const prefix = testPrefix('proxy-role');
let tmp: TempProject;
let project: Project;
let clients: Clients;
let role: ProxyRoleHandle;
let a: Upstream;
let b: Upstream;
let portA: number;
let portB: number;

async function writeConfig(proxies: Record<string, { listen: string; upstream: string }>): Promise<Project> {
  await tmp.write(
    'canary.config.ts',
    `export default { redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', proxies: ${JSON.stringify(proxies)} };\n`,
  );
  return loadProject({ cwd: tmp.dir });
}

beforeAll(async () => {
  [a, b] = await Promise.all([startUpstream('127.0.0.1'), startUpstream('127.0.0.1')]);
  portA = await closedPort('127.0.0.4');
  portB = await closedPort('127.0.0.4');
  tmp = await tempProject({
    'canaries/ok.canary.ts': `export default { name: 'ok', blueprint: 'heartbeat', url: 'http://127.0.0.1/', schedule: 'once' };\n`,
  });
  project = await writeConfig({ 'www-primary': { listen: `127.0.0.4:${portA}`, upstream: a.url.origin } });
  clients = await openClients(() => project);
  role = await startProxyRole({ project: () => project, clients, ports: {}, apiBaseUrl: undefined });
});
afterAll(async () => {
  await role?.close();
  await clients?.close();
  await Promise.all([a?.close(), b?.close()]);
  await tmp?.remove();
  await deletePrefix(prefix);
});

const through = (port: number, path = '/') => fetchRaw(`http://127.0.0.4:${port}${path}`);

describe('the proxy role', () => {
  it('runs the configured proxy and applies a fault leased in Redis, through the real RedisFaultView', async () => {
    expect((await through(portA)).body.toString()).toBe('hello from GET /\n');
    const store = new FaultStore(clients.redis, prefix);
    const now = Date.now();
    await store.put({
      id: 'flt-role-test',
      type: 'http',
      spec: { type: 'http', proxy: 'www-primary', status: 503, percent: 100 },
      target: 'proxy www-primary',
      targets: ['proxy:www-primary'],
      owner: 'test:1',
      injectedAt: new Date(now).toISOString(),
      leaseMs: 60_000,
      expiresAt: now + 60_000,
    });
    const faulted = await waitFor('the fault to apply', async () => {
      const r = await through(portA);
      return r.status === 503 && r;
    });
    expect(faulted.headers['x-canarykit-fault']).toBe('flt-role-test');
    await store.remove('flt-role-test');
    await waitFor('the fault to stop', async () => (await through(portA)).status === 200);
  });

  it('on reload starts new proxies, restarts changed ones and stops removed ones', async () => {
    project = await writeConfig({
      'www-primary': { listen: `127.0.0.4:${portA}`, upstream: b.url.origin },
      'www-secondary': { listen: `127.0.0.4:${portB}`, upstream: a.url.origin },
    });
    const seenByB = b.seen.length;
    await role.reload?.();
    expect([...role.ports().keys()].sort()).toEqual(['www-primary', 'www-secondary']);
    await through(portA, '/changed');
    expect(b.seen.slice(seenByB)).toEqual(['GET /changed']);
    expect((await through(portB, '/second')).body.toString()).toBe('hello from GET /second\n');

    project = await writeConfig({ 'www-secondary': { listen: `127.0.0.4:${portB}`, upstream: a.url.origin } });
    await role.reload?.();
    expect([...role.ports().keys()]).toEqual(['www-secondary']);
    await expect(through(portA)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect((await through(portB)).status).toBe(200);
  });
});
