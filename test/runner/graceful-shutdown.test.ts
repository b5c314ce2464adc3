import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { RunStore } from '../../runner/run-store.ts';
import { startStack } from '../../stack/start-stack.ts';
import { startOrigin, type Origin } from '../support/origin.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { spawnCli, type CliProcess } from '../support/spawn-cli.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

describe('SIGTERM on a worker with a run in flight', () => {
  const prefix = testPrefix('sigterm');
  let slow: Origin;
  let tmp: TempProject;
  let worker: CliProcess | undefined;
  let redis: Redis;

  beforeAll(async () => {
    slow = await startOrigin('127.0.0.1', 'slow', 0, 2_500);
    tmp = await tempProject({
      'canary.config.ts': `export default { redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', worker: { concurrency: 1 } };\n`,
      'canaries/slow.canary.ts': `export default { name: 'slow', blueprint: 'heartbeat', url: '${slow.url}', schedule: 'once', timeout: 10 };\n`,
    });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await slow?.stop();
    await tmp?.remove();
    redis?.disconnect();
    await deletePrefix(prefix);
  });

  it('lets the run finish and records it once before exiting 0', async () => {
    worker = spawnCli(['worker'], tmp.dir);
    await worker.waitForOutput(/canarykit worker/);
    const scheduler = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['scheduler'] });
    await scheduler.close();
    await waitFor('the run to reach the slow site', () => slow.hits > 0);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    const runs = await new RunStore(redis, prefix).list({ canary: 'slow', limit: 10 });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'PASSED', canary: 'slow', attempt: 1 });
    expect(runs[0]?.durationMs).toBeGreaterThanOrEqual(2_400);
    expect(slow.hits).toBe(1);
  });
});
