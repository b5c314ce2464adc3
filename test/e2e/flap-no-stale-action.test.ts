import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS_QUEUE } from '../../actions/action-dispatcher.ts';
import type { Project } from '../../config/project.ts';
import { ALL_ROLES, startStack, type Stack } from '../../stack/start-stack.ts';
import { failoverProject } from '../support/failover-project.ts';
import { startOrigin, type Origin } from '../support/origin.ts';
import { seededRandom } from '../support/prng.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { resolveA } from '../support/resolve-a.ts';
import type { TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

const SEED = 8_001;

/**
 * A webhook receiver that fails at random (503), but never a 4th time in a row for one delivery (the queue makes
 * 5 attempts), and keeps the messages it accepted, in the order it accepted them.
 */
async function flakyReceiver(random: () => number) {
  const accepted: Array<Record<string, unknown>> = [];
  const failures = new Map<string, number>();
  let refused = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      const failed = failures.get(key) ?? 0;
      if (failed < 3 && random() < 0.4) {
        failures.set(key, failed + 1);
        refused++;
        res.statusCode = 503;
        res.end('try later');
        return;
      }
      accepted.push(JSON.parse(body) as Record<string, unknown>);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    accepted,
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('a flapping target: after it settles healed, DNS and the last notification match the alarm', () => {
  const prefix = testPrefix('flap');
  const random = seededRandom(SEED);
  let primary: Origin;
  let secondary: Origin;
  let hooks: Awaited<ReturnType<typeof flakyReceiver>>;
  let tmp: TempProject;
  let project: Project;
  let stack: Stack | undefined;
  let queue: Queue | undefined;
  let redis: Redis | undefined;

  beforeAll(async () => {
    primary = await startOrigin('127.0.0.2', 'primary');
    secondary = await startOrigin('127.0.0.3', 'secondary');
    hooks = await flakyReceiver(seededRandom(SEED + 1));
    ({ tmp, project } = await failoverProject({
      prefix,
      primaryUrl: primary.url,
      webhookUrl: hooks.url,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    }));
    stack = await startStack({ project, roles: ALL_ROLES });
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(ACTIONS_QUEUE, { connection: redis, prefix });
  });

  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await stack?.close();
    await primary?.stop();
    await secondary?.stop();
    await hooks?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  const alarm = async () =>
    (await (await fetch(`${stack?.apiUrl}/api/alarms/www-down`)).json()) as {
      state: string;
      transitionId?: string;
      version?: number;
      history: Array<{ type: string; transitionId?: string; data?: Record<string, unknown> }>;
    };

  it('break/heal 20 times at random intervals of 0.3–3 s with a flaky notifier; then OK, primary, last message OK', async () => {
    await waitFor('alarm OK at first', async () => (await alarm()).state === 'OK', 60_000);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    for (let i = 0; i < 20; i++) {
      await sleep(300 + random() * 2_700);
      if (i % 2 === 0) await primary.stop();
      else await primary.start();
    }
    // 20 toggles starting from healthy end healed.
    const settled = await waitFor(
      'the alarm OK with both of its OK actions recorded',
      async () => {
        const a = await alarm();
        if (a.state !== 'OK' || !a.transitionId) return false;
        const done = a.history.filter(
          (h) =>
            h.type === 'Action' &&
            h.transitionId === a.transitionId &&
            (h.data?.status === 'done' || h.data?.status === 'noop'),
        );
        return done.length === 2 ? a : false;
      },
      90_000,
    );
    await waitFor(
      'no action job left to run',
      async () => {
        const c = await queue?.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused');
        return c !== undefined && Object.values(c).every((v) => v === 0);
      },
      90_000,
    );
    const now = await alarm();
    expect(now.state).toBe('OK');
    expect(now.transitionId).toBe(settled.transitionId);
    expect((await resolveA(stack?.dnsPort ?? 0, 'www.demo.test'))[0]).toBe('127.0.0.2');
    const last = hooks.accepted.at(-1);
    expect(last).toMatchObject({ alarm: 'www-down', newState: 'OK', transitionId: settled.transitionId });
    // The flap was a real one: several transitions, and the notifier did refuse deliveries.
    expect(settled.version ?? 0).toBeGreaterThan(3);
    expect(hooks.refused()).toBeGreaterThan(0);
  }, 240_000);
});
