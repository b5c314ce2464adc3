import { Queue } from 'bullmq';
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
});
