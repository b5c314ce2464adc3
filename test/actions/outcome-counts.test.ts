import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ActionOutcomeCounts } from '../../actions/pipeline/outcome-counts.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';

describe('action outcome counts', () => {
  const prefix = testPrefix('outcomes');
  const redis = new Redis(TEST_REDIS_URL);
  afterAll(async () => {
    redis.disconnect();
    await deletePrefix(prefix);
  });

  it('counts each (transition, action) once, by action and status', async () => {
    const counts = new ActionOutcomeCounts(redis, prefix);
    await counts.count({ action: 'hook', status: 'done', transitionId: 't-1' });
    await counts.count({ action: 'hook', status: 'done', transitionId: 't-1' }); // a re-run job recording it again
    await counts.count({ action: 'hook', status: 'done', transitionId: 't-2' });
    await counts.count({ action: 'page', status: 'superseded', transitionId: 't-2' });
    expect((await counts.read()).sort((a, b) => a.action.localeCompare(b.action))).toEqual([
      { action: 'hook', status: 'done', count: 2 },
      { action: 'page', status: 'superseded', count: 1 },
    ]);
  });
});
