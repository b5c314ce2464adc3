import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanaryDefinition } from '../../core/canary.ts';
import { parseSchedule } from '../../core/schedule.ts';
import { RUNS_QUEUE } from '../../runner/run-worker.ts';
import { reconcileSchedulers, type RunJobData } from '../../runner/scheduler.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';

const canary = (name: string, schedule: string, hash = 'h1'): CanaryDefinition => ({
  name,
  blueprint: 'heartbeat',
  schedule: parseSchedule(schedule),
  timeoutMs: 5000,
  settings: {},
  alarms: [],
  tags: {},
  file: `${name}.canary.ts`,
  absFile: `/tmp/${name}.canary.ts`,
  hash,
});

describe('job scheduler reconciliation', () => {
  const prefix = testPrefix('sched');
  let redis: Redis;
  let queue: Queue<RunJobData>;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue<RunJobData>(RUNS_QUEUE, { connection: redis, prefix });
  });
  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await deletePrefix(prefix);
  });

  it('adds, updates and removes schedulers to match the canaries; once runs once per definition', async () => {
    await reconcileSchedulers(
      queue,
      [canary('a', 'rate(5 minutes)'), canary('b', 'cron(0/5 * * * ? *)'), canary('c', 'once')],
      1,
    );
    let list = await queue.getJobSchedulers();
    expect(list.map((s) => [s.key, String(s.every ?? s.pattern)]).sort()).toEqual(
      [
        ['canary:a', '300000'],
        ['canary:b', '0 0/5 * * * *'],
      ].sort(),
    );

    const report = await reconcileSchedulers(queue, [canary('a', 'rate(1 minute)', 'h2'), canary('c', 'once')], 1);
    expect(report.removed).toEqual(['b']);
    list = await queue.getJobSchedulers();
    expect(list.map((s) => [s.key, String(s.every)])).toEqual([['canary:a', '60000']]);
    const onceJobs = (await queue.getJobs(['waiting', 'delayed', 'active', 'completed'])).filter(
      (j) => j.data.canary === 'c',
    );
    expect(onceJobs).toHaveLength(1);
  });

  it('a once canary never runs again for the same definition, even after its completed job is deleted', async () => {
    // A queue of its own, so the jobs of the test above are not run here.
    const own = testPrefix('once');
    const queue = new Queue<RunJobData>(RUNS_QUEUE, { connection: redis, prefix: own });
    const ran: Array<{ canary: string; hash: string }> = [];
    const workerRedis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const worker = new Worker<RunJobData>(
      RUNS_QUEUE,
      (job) => {
        ran.push(job.data);
        return Promise.resolve();
      },
      { connection: workerRedis, prefix: own },
    );
    const completed = () => new Promise<Job<RunJobData>>((resolve) => worker.once('completed', (job) => resolve(job)));
    try {
      const first = completed();
      const r1 = await reconcileSchedulers(queue, [canary('setup', 'once', 'v1')], 1);
      expect(r1.once).toEqual(['setup']);
      const job = await first;
      expect(ran).toEqual([{ canary: 'setup', hash: 'v1' }]);
      // removeOnComplete deletes the completed job after an hour; a restart or reload after that finds no job.
      await job.remove();
      expect(await queue.getJob(job.id as string)).toBeUndefined();

      await worker.pause();
      const r2 = await reconcileSchedulers(queue, [canary('setup', 'once', 'v1')], 1);
      expect(r2).toMatchObject({ once: [], onceDone: ['setup'] });
      const queued = await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized', 'paused']);
      expect(queued.filter((j) => j.data.canary === 'setup')).toEqual([]);

      // A changed definition runs once more.
      worker.resume();
      const second = completed();
      const r3 = await reconcileSchedulers(queue, [canary('setup', 'once', 'v2')], 1);
      expect(r3.once).toEqual(['setup']);
      await second;
      expect(ran).toEqual([
        { canary: 'setup', hash: 'v1' },
        { canary: 'setup', hash: 'v2' },
      ]);
    } finally {
      await worker.close();
      workerRedis.disconnect();
      await queue.close();
      await deletePrefix(own);
    }
  });
});
