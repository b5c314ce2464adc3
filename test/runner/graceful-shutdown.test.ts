import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { RunStore } from '../../runner/run-store.ts';
import { startStack } from '../../stack/start-stack.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { spawnCli, type CliProcess } from '../support/spawn-cli.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

/** A page that answers only when the test releases it: a run against it is in flight until then. */
interface HeldPage {
  url: string;
  hits: number;
  release(): void;
  close(): Promise<void>;
}

async function startHeldPage(): Promise<HeldPage> {
  const waiting: ServerResponse[] = [];
  let released = false;
  const send = (res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>slow</title><h1>Welcome</h1>');
  const page: HeldPage = {
    url: '',
    hits: 0,
    release: () => {
      released = true;
      for (const res of waiting.splice(0)) send(res);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    if (req.url !== '/') return void res.writeHead(404).end();
    page.hits += 1;
    if (released) send(res);
    else waiting.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  page.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return page;
}

describe('SIGTERM on a worker with a run in flight', () => {
  const prefix = testPrefix('sigterm');
  let slow: HeldPage;
  let tmp: TempProject;
  let worker: CliProcess | undefined;
  let redis: Redis;

  beforeAll(async () => {
    slow = await startHeldPage();
    tmp = await tempProject({
      'canary.config.ts': `export default { redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', worker: { concurrency: 1 } };\n`,
      'canaries/slow.canary.ts': `export default { name: 'slow', blueprint: 'heartbeat', url: '${slow.url}', schedule: 'once', timeout: 30 };\n`,
    });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await slow?.close();
    await tmp?.remove();
    redis?.disconnect();
    await deletePrefix(prefix);
  });

  it('lets the run finish and records it once before exiting 0', async () => {
    worker = spawnCli(['worker'], tmp.dir, { LOG_LEVEL: 'info' });
    await worker.waitForOutput(/canarykit worker/);
    const scheduler = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['scheduler'] });
    await scheduler.close();
    await waitFor('the run to reach the slow site', () => slow.hits > 0);
    worker.child.kill('SIGTERM');
    // The worker has taken the signal while the page is still unanswered: the run is in flight.
    await worker.waitForOutput(/shutting down: letting in-flight runs finish/);
    expect(worker.child.exitCode).toBeNull();
    slow.release();
    expect(await worker.exited).toBe(0);
    const runs = await new RunStore(redis, prefix).list({ canary: 'slow', limit: 10 });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'PASSED', canary: 'slow', attempt: 1 });
    expect(slow.hits).toBe(1);
  });
});
