import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { CANARY_NAMESPACE } from '../../core/metric-names.ts';
import { RedisEventStream } from '../../events/redis-event-stream.ts';
import { MetricStore } from '../../metrics/metric-store.ts';
import { RunStore } from '../../runner/run-store.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { spawnCli, type CliProcess } from '../support/spawn-cli.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

/** A site whose first request never gets an answer (the run stays in progress until its worker dies). */
async function holdFirstRequest(): Promise<{ url: string; hits: () => number; held: Promise<void>; server: Server }> {
  let hits = 0;
  let markHeld: () => void = () => undefined;
  const held = new Promise<void>((r) => (markHeld = r));
  const server = createServer((req, res) => {
    hits++;
    if (hits === 1) return markHeld(); // no answer: the worker's run waits on it
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, hits: () => hits, held, server };
}

describe('a worker killed with SIGKILL in the middle of a run', () => {
  const prefix = testPrefix('killed');
  let site: Awaited<ReturnType<typeof holdFirstRequest>>;
  let tmp: TempProject;
  const workers: CliProcess[] = [];
  let scheduler: Stack | undefined;
  let redis: Redis;

  beforeAll(async () => {
    site = await holdFirstRequest();
    tmp = await tempProject({
      'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({ redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', worker: { concurrency: 1, lockSeconds: 5 } });
`,
      'canaries/slow.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'held', blueprint: 'api', schedule: 'rate(1 hour)', timeout: 120,
  requests: [{ url: '${site.url}', timeout: 110 }] });
`,
    });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await scheduler?.close();
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    site?.server.closeAllConnections();
    await new Promise((r) => site?.server.close(r));
    await tmp?.remove();
    redis?.disconnect();
    await deletePrefix(prefix);
  });

  it(
    'is re-run by another worker under the same run id, recorded once, with its metrics counted once',
    { timeout: 300_000 },
    async () => {
      const first = spawnCli(['worker'], tmp.dir);
      workers.push(first);
      await first.waitForOutput(/canarykit worker: concurrency 1/);
      scheduler = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['scheduler'] });
      await site.held; // the first worker's run is now waiting on the site
      first.child.kill('SIGKILL');
      await first.exited;

      const second = spawnCli(['worker'], tmp.dir);
      workers.push(second);
      const store = new RunStore(redis, prefix);
      const [run] = await waitFor(
        'the run to be recorded by the second worker',
        async () => {
          const runs = await store.list({ limit: 100 });
          return runs.length > 0 ? runs : undefined;
        },
        240_000,
        100,
      );
      // One object, so a failure shows the run's status, reason and worker next to the hit count.
      expect({ hits: site.hits(), status: run?.status, reason: run?.reason, attempt: run?.attempt }).toEqual({
        hits: 2, // once on the dead worker, once on the live one
        status: 'PASSED',
        reason: run?.reason,
        attempt: 1,
      });
      expect(run?.worker).toBe(`${hostname()}:${second.child.pid}`);
      expect(run?.id).toMatch(/-a1$/);

      // Give the second worker every chance to record a duplicate: stop it (it drains), then count.
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(await store.list({ limit: 100 })).toHaveLength(1);
      const events = new RedisEventStream({ redis, prefix, maxLength: 1000 });
      const finished = await events.read({ types: ['RunFinished'] });
      expect(finished.map((e) => e.event.runId)).toEqual([run?.id]);
      const metrics = new MetricStore(redis, prefix);
      const samples = await metrics.samples(
        { namespace: CANARY_NAMESPACE, metricName: 'SuccessPercent', dimensions: { CanaryName: 'held' } },
        0,
        Date.now() + 60_000,
      );
      expect(samples).toHaveLength(1);
    },
  );
});
