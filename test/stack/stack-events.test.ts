import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmStateStore } from '../../alarms/alarm-state-store.ts';
import { loadProject } from '../../config/load-project.ts';
import type { AlarmTransition, RunRecord } from '../../core/types.ts';
import { RedisEventStream } from '../../events/redis-event-stream.ts';
import { compareStreamIds } from '../../events/stream-id.ts';
import { RunStore } from '../../runner/run-store.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { startOrigin, type Origin } from '../support/origin.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

describe('the stack publishes runs and transitions on the event stream', () => {
  const prefix = testPrefix('stack-events');
  let origin: Origin;
  let tmp: TempProject;
  let stack: Stack | undefined;
  let redis: Redis;

  beforeAll(async () => {
    origin = await startOrigin('127.0.0.1', 'shop');
    tmp = await tempProject({
      'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({ redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', api: { host: '127.0.0.1', port: 0 } });
`,
      // The origin answers 200; the canary expects 201, so every run FAILS and the alarm goes to ALARM.
      'canaries/shop.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'shop-api', blueprint: 'api', schedule: 'rate(1 second)', timeout: 5,
  requests: [{ name: 'home', url: '${origin.url}', assert: [{ status: 201 }] }],
  alarms: [{ name: 'shop-failing', metricName: 'Failed', statistic: 'Sum', period: 1, evaluationPeriods: 1,
    threshold: 1, comparisonOperator: 'GreaterThanOrEqualToThreshold', treatMissingData: 'missing' }],
});
`,
    });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await stack?.close();
    await origin?.stop();
    await tmp?.remove();
    redis?.disconnect();
    await deletePrefix(prefix);
  });

  it('RunFinished once per stored run, AlarmTransitioned per committed transition, and the hooks hear both', async () => {
    const runs: RunRecord[] = [];
    const transitions: AlarmTransition[] = [];
    stack = await startStack({
      project: await loadProject({ cwd: tmp.dir }),
      roles: ['scheduler', 'worker', 'alarms', 'api'],
      onRun: (r) => void runs.push(r),
      onTransition: (t) => void transitions.push(t),
    });
    await waitFor('the alarm in ALARM', () => transitions.some((t) => t.newState === 'ALARM'), 30_000);
    const live = await stack.events.read({ types: ['AlarmTransitioned'] });
    expect(live.map((e) => e.event.transition.id)).toContain(transitions.find((t) => t.newState === 'ALARM')?.id);
    await stack.close();
    stack = undefined;

    const events = await new RedisEventStream({ redis, prefix }).read({ count: 100_000 });
    const runEvents = events.flatMap((e) => (e.event.type === 'RunFinished' ? [{ id: e.id, event: e.event }] : []));
    const stored = await new RunStore(redis, prefix).list({ canary: 'shop-api', limit: 1000 });
    expect(stored.length).toBeGreaterThan(0);
    expect(new Set(runEvents.map((e) => e.event.runId)).size).toBe(runEvents.length);
    expect(runEvents.map((e) => e.event.runId).sort()).toEqual(stored.map((r) => r.id).sort());
    for (const e of runEvents) {
      const record = stored.find((r) => r.id === e.event.runId)!;
      expect(e.event).toMatchObject({ canary: 'shop-api', status: record.status, attempt: record.attempt });
      expect(e.event.status).toBe('FAILED');
    }
    // onRun heard every run on the stream, in stream order, as the full stored record.
    expect(runs.map((r) => r.id)).toEqual(runEvents.map((e) => e.event.runId));
    expect(runs.every((r) => r.steps.length === 1 && r.steps[0]?.name === 'home')).toBe(true);

    const transitionEvents = events.flatMap((e) =>
      e.event.type === 'AlarmTransitioned' ? [{ id: e.id, transition: e.event.transition }] : [],
    );
    expect(transitionEvents.map((e) => e.transition)).toEqual(transitions);
    const alarm = transitionEvents.find((e) => e.transition.newState === 'ALARM')!;
    expect(alarm.transition.alarm).toBe('shop-failing');
    // Published after the committed state: the store agrees with the last transition on the stream.
    const last = transitionEvents[transitionEvents.length - 1]!.transition;
    const state = await new AlarmStateStore(redis, prefix).get('shop-failing');
    expect({ state: state.state, transitionId: state.transitionId }).toEqual({
      state: last.newState,
      transitionId: last.id,
    });
    // The run that caused it was on the stream before the transition.
    const cause = runEvents.find((e) => e.event.runId === alarm.transition.runId);
    expect(cause).toBeDefined();
    expect(compareStreamIds(cause!.id, alarm.id)).toBeLessThan(0);
  });
});
