import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ACTIONS_QUEUE } from '../../actions/action-dispatcher.ts';
import { TEST_REDIS_URL } from './redis-prefix.ts';
import { waitFor } from './wait-for.ts';

/**
 * Waits until the action queue under `prefix` holds no job that could still run (waiting, delayed for a retry or
 * a suppressor, active…): from then on, nothing already enqueued can deliver anything more. A positive signal to
 * wait for before asserting that an action ran only once.
 */
export async function waitForActionsSettled(prefix: string, timeoutMs = 30_000): Promise<void> {
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(ACTIONS_QUEUE, { connection, prefix });
  try {
    await waitFor(
      'the action queue to settle',
      async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        return Object.values(counts).every((n) => n === 0);
      },
      timeoutMs,
    );
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
