import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withRunAction } from '../../actions/pipeline/run-named.ts';
import { runActionPipeline } from '../../actions/pipeline/run-pipeline.ts';
import { recover } from '../../actions/recover/recover-action.ts';
import { recoverConfigSchema } from '../../actions/recover/recover-config.ts';
import { webhook } from '../../actions/webhook/webhook-action.ts';
import { ActionError, type ActionServices } from '../../core/action.ts';
import { createLogger } from '../../core/logger.ts';
import type { AlarmHistoryItem, AlarmTransition } from '../../core/types.ts';
import { RedisEventStream } from '../../events/redis-event-stream.ts';
import { buildProviders, type Providers } from '../../providers/build-providers.ts';
import { deletePrefix, testPrefix, TEST_REDIS_URL } from '../support/redis-prefix.ts';
import { waitFor } from '../support/wait-for.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const redis = new Redis(TEST_REDIS_URL);
afterAll(() => redis.disconnect());

const transition = (id = 'tr-1'): AlarmTransition => ({
  id,
  alarm: 'web-down',
  oldState: 'OK',
  newState: 'ALARM',
  reason: 'Threshold Crossed',
  timestamp: new Date().toISOString(),
  actions: ['web-recover'],
});

describe('the recover action (command provider, real Redis and event stream)', () => {
  let prefix: string;
  let dir: string;
  let providers: Providers;
  let events: RedisEventStream;
  let hooks: WebhookReceiver;
  let actions: Record<string, { type: string }>;
  let services: ActionServices;
  const parse = (entry: Record<string, unknown>) => recoverConfigSchema.parse({ type: 'recover', ...entry });
  const ctx = (dryRun = false) => ({ actionName: 'web-recover', transition: transition(), dryRun });

  beforeEach(async () => {
    prefix = testPrefix('recover');
    dir = await mkdtemp(path.join(tmpdir(), 'ck-recover-'));
    hooks = await startWebhookReceiver();
    providers = buildProviders({}, { redis, prefix, createLogger });
    events = new RedisEventStream({ redis, prefix });
    actions = { pager: webhook.schema.parse({ type: 'webhook', url: hooks.url }) as { type: string } };
    services = withRunAction(
      { providers, events, redis: { client: redis, prefix }, log: createLogger('test') },
      () => actions,
    );
  });
  afterEach(async () => {
    await providers.close();
    await events.close();
    await hooks.close();
    await rm(dir, { recursive: true, force: true });
    await deletePrefix(prefix);
  });

  /** A target that is unhealthy until its recovery runs: `recover` creates the file `check` looks for. */
  const fileTarget = () => {
    const marker = path.join(dir, 'up');
    return { recover: `touch "${marker}"`, check: `test -e "${marker}"`, upWithin: 5, marker };
  };

  it('reads the health first and is a no-op when the target is healthy', async () => {
    const out = await recover.execute(parse({ provider: 'command', recover: 'false', check: 'true' }), ctx(), services);
    expect(out).toMatchObject({
      status: 'noop',
      detail: 'command `false` is already healthy: check passed',
      data: { healthBefore: 'healthy', healthBeforeDetail: 'check passed' },
    });
  });

  it('recovers, recording the health before, when it was issued and when the target was up', async () => {
    const { marker, ...t } = fileTarget();
    const out = await recover.execute(parse({ provider: 'command', ...t }), ctx(), services);
    expect(out.status).toBe('done');
    expect(out.detail).toMatch(
      /^ran `touch .*` \(exit 0 in \d+\.\d s\); check passed \d+\.\d s after \(was unhealthy: check exited 1\)$/,
    );
    expect(out.data).toMatchObject({ healthBefore: 'unhealthy', attempt: 1, maxAttempts: 3, healthAfter: 'healthy' });
    expect(Date.parse(String(out.data?.targetUpAt))).toBeGreaterThanOrEqual(Date.parse(String(out.data?.issuedAt)));
    await readFile(marker);
  });

  it('a dry run changes nothing and uses no attempt', async () => {
    const { marker, ...t } = fileTarget();
    const config = parse({ provider: 'command', ...t, maxAttempts: 1 });
    const out = await recover.execute(config, ctx(true), services);
    expect(out.status).toBe('noop');
    expect(out.detail).toMatch(
      /^dry run: unhealthy: check exited 1; would run `touch .*` \(timeout 30 s\), then wait up to 5 s for `test -e .*` to pass; 0 of 1 attempts used in 1 day$/,
    );
    await expect(readFile(marker)).rejects.toThrow();
    expect(
      (await recover.execute(parse({ provider: 'command', ...t, maxAttempts: 1, dryRun: true }), ctx(), services))
        .status,
    ).toBe('noop');
    expect((await recover.execute(config, ctx(), services)).status).toBe('done');
  });

  it('the rate limit blocks the 4th attempt, recorded as its outcome and not retried', async () => {
    actions['web-recover'] = parse({ provider: 'command', recover: 'true', check: 'exit 1', upWithin: 0 });
    const history: AlarmHistoryItem[] = [];
    const deps = {
      actions: () => actions,
      services,
      recordHistory: async (_alarm: string, item: AlarmHistoryItem) => {
        history.push(item);
      },
      log: createLogger('test'),
    };
    const results = [];
    for (let i = 1; i <= 4; i++)
      results.push(
        await runActionPipeline(
          { transition: transition(`tr-${i}`), action: 'web-recover', attempt: 1, maxAttempts: 5, dryRun: false },
          deps,
        ),
      );
    expect(results.slice(0, 3).map((r) => r.kind)).toEqual(['executed', 'executed', 'executed']);
    expect(results[3]).toMatchObject({
      kind: 'failed',
      retryable: false,
      final: true,
      message: expect.stringMatching(
        /^blocked by the rate limit: 3 recoveries of command `true` within 1 day \(at most 3\); the next is allowed from \d{4}-/,
      ),
    });
    expect(history[3]).toMatchObject({
      summary: expect.stringMatching(/^Failed to execute action web-recover: blocked by the rate limit/),
      data: { blocked: true, healthBefore: 'unhealthy', nextAllowedAt: expect.any(String) },
    });
  });

  it('verified: done only when the canary passes in a run that started after the recovery', async () => {
    const { marker, ...t } = fileTarget();
    const config = parse({ provider: 'command', ...t, verify: { canary: 'web-home', within: 30 } });
    const running = recover.execute(config, ctx(), services);
    await waitFor('the recovery to run', () =>
      readFile(marker).then(
        () => true,
        () => false,
      ),
    );
    const run = (runId: string, canary: string, status: 'PASSED' | 'FAILED', startedAt: string) => ({
      type: 'RunFinished' as const,
      runId,
      canary,
      status,
      reason: '',
      startedAt,
      endedAt: new Date().toISOString(),
      durationMs: 1,
      attempt: 1,
      worker: 'test',
    });
    // What does not count: a failure, another canary, a run that began before the recovery was issued.
    await events.publish(run('r-1', 'web-home', 'FAILED', new Date().toISOString()));
    await events.publish(run('r-2', 'other', 'PASSED', new Date().toISOString()));
    await events.publish(run('r-3', 'web-home', 'PASSED', '2020-01-01T00:00:00.000Z'));
    await events.publish(run('r-4', 'web-home', 'PASSED', new Date().toISOString()));
    const out = await running;
    expect(out.status).toBe('done');
    expect(out.detail).toMatch(/; verified: web-home passed \d+\.\d s after \(was unhealthy: check exited 1\)$/);
    expect(out.data).toMatchObject({ greenRunId: 'r-4' });
    const { issuedAt, targetUpAt, greenAt } = out.data as Record<string, string>;
    expect(Date.parse(issuedAt ?? '')).toBeLessThanOrEqual(Date.parse(targetUpAt ?? ''));
    expect(Date.parse(targetUpAt ?? '')).toBeLessThanOrEqual(Date.parse(greenAt ?? ''));
  });

  it('unverified within the deadline: a final failure that escalates to the onUnverified actions', async () => {
    const { marker: _m, ...t } = fileTarget();
    const config = parse({
      provider: 'command',
      ...t,
      verify: { canary: 'web-home', within: 1 },
      onUnverified: ['pager'],
    });
    const err = await recover.execute(config, ctx(), services).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect(err).toMatchObject({
      retryable: false,
      message: 'unverified: web-home did not pass within 1 s; escalated: pager done',
      data: {
        unverified: true,
        healthBefore: 'unhealthy',
        issuedAt: expect.any(String),
        targetUpAt: expect.any(String),
      },
    });
    expect(hooks.messages).toEqual([expect.objectContaining({ alarm: 'web-down', newState: 'ALARM' })]);
  });

  it('says what is wrong with the provider or its target, not worth retrying', async () => {
    await expect(recover.execute(parse({ provider: 'nope', recover: 'x' }), ctx(), services)).rejects.toMatchObject({
      retryable: false,
      message: 'no recovery provider "nope" is configured',
    });
    await expect(recover.execute(parse({ provider: 'docker', mode: 'reboot' }), ctx(), services)).rejects.toMatchObject(
      {
        retryable: false,
        message: expect.stringMatching(/^bad docker target: mode: Invalid option: expected one of/),
      },
    );
  });
});
