import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { RunStore } from '../../runner/run-store.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { startOrigin, type Origin } from '../support/origin.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { spawnCli, type CliProcess } from '../support/spawn-cli.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

const canaryFile = (name: string, url: string, schedule: string) => `import { defineCanary } from 'canarykit';
export default defineCanary({ name: '${name}', blueprint: 'heartbeat', url: '${url}', expectText: 'Welcome', schedule: '${schedule}', timeout: 10 });
`;

const configFile = (prefix: string, concurrency: number) => `import { defineConfig } from 'canarykit';
export default defineConfig({ redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', worker: { concurrency: ${concurrency} } });
`;

describe('workers in separate processes sharing one Redis', () => {
  const prefix = testPrefix('workers');
  let a: Origin;
  let b: Origin;
  let tmp: TempProject;
  const workers: CliProcess[] = [];
  let scheduler: Stack | undefined;
  let redis: Redis;

  beforeAll(async () => {
    a = await startOrigin('127.0.0.1', 'A', 0, 200);
    b = await startOrigin('127.0.0.1', 'B', 0, 200);
    tmp = await tempProject({
      'canary.config.ts': configFile(prefix, 1),
      'canaries/a.canary.ts': canaryFile('site-a', a.url, 'rate(1 second)'),
      'canaries/b.canary.ts': canaryFile('site-b', b.url, 'rate(1 second)'),
    });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await scheduler?.close();
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await a?.stop();
    await b?.stop();
    await tmp?.remove();
    redis?.disconnect();
    await deletePrefix(prefix);
  });

  it(
    'spreads runs across both workers, runs each scheduled run once, and drains on SIGTERM',
    { timeout: 180_000 },
    async () => {
      for (let i = 0; i < 2; i++) workers.push(spawnCli(['worker'], tmp.dir));
      await Promise.all(workers.map((w) => w.waitForOutput(/canarykit worker: concurrency 1/)));
      scheduler = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['scheduler'] });
      const store = new RunStore(redis, prefix);
      // Poll rather than sleep a fixed time: a loaded machine runs fewer canaries per second, which is not a failure.
      await waitFor(
        'runs of both canaries on both workers',
        async () => {
          const seen = await store.list({ limit: 1000 });
          return (
            new Set(seen.map((r) => r.worker)).size === 2 &&
            ['site-a', 'site-b'].every((c) => seen.filter((r) => r.canary === c).length >= 4)
          );
        },
        90_000,
        250,
      );
      await scheduler.close();
      scheduler = undefined;
      for (const w of workers) w.child.kill('SIGTERM');
      const codes = await Promise.all(workers.map((w) => w.exited));
      expect(codes).toEqual([0, 0]);

      const runs = await store.list({ limit: 1000 });
      const byWorker = new Set(runs.map((r) => r.worker));
      expect(byWorker.size).toBe(2);
      for (const [name, origin] of [
        ['site-a', a],
        ['site-b', b],
      ] as const) {
        const mine = runs.filter((r) => r.canary === name);
        expect(mine.length).toBeGreaterThanOrEqual(4);
        // Every run that reached the site was recorded exactly once, and no scheduled slot ran twice.
        expect(mine).toHaveLength(origin.hits);
        const slots = mine.map((r) => /-(\d{13})-a\d+$/.exec(r.id)?.[1]);
        expect(new Set(slots).size).toBe(mine.length);
        expect(mine.every((r) => r.status === 'PASSED')).toBe(true);
      }
    },
  );
});
