import { describe, expect, it } from 'vitest';
import { checkCurrent } from '../../actions/pipeline/check-current.ts';
import { dedupKey } from '../../actions/pipeline/dedup.ts';
import { resolveAction } from '../../actions/pipeline/resolve-action.ts';
import { classifyFailure, retryDelayMs } from '../../actions/pipeline/retry.ts';
import { lockKey } from '../../actions/pipeline/run-pipeline.ts';
import { suppress } from '../../actions/pipeline/suppress.ts';
import type { ActionAttempt } from '../../actions/pipeline/action-attempt.ts';
import { ActionError, isRetryable } from '../../core/action.ts';
import { ProviderError } from '../../core/provider.ts';
import type { AlarmTransition } from '../../core/types.ts';

const t: AlarmTransition = {
  id: 'tr-7',
  alarm: 'www-down',
  oldState: 'OK',
  newState: 'ALARM',
  reason: 'r',
  timestamp: '2026-01-01T00:00:00.000Z',
  actions: ['hook', 'page'],
};
const attempt = (n = 1, max = 3): ActionAttempt => ({
  transition: t,
  action: 'hook',
  attempt: n,
  maxAttempts: max,
  dryRun: false,
});

describe('action pipeline stages', () => {
  it('dedup: one key per action of a transition', () => {
    expect(t.actions.map((_, i) => dedupKey(t, i))).toEqual(['tr-7.0', 'tr-7.1']);
  });

  it('resolve: finds the config and its plugin, and nothing for unknown names or types', () => {
    const actions = { hook: { type: 'webhook' }, odd: { type: 'bogus' } };
    expect(resolveAction('hook', actions).plugin?.type).toBe('webhook');
    expect(resolveAction('odd', actions)).toEqual({ config: { type: 'bogus' }, plugin: undefined });
    expect(resolveAction('toString', actions)).toEqual({ config: undefined, plugin: undefined });
  });

  it('suppress: without gate inputs every action runs; with them, the gate decides', async () => {
    expect(await suppress(t, undefined)).toEqual({ action: 'run' });
    const muted = await suppress(t, async () => ({
      now: Date.parse(t.timestamp),
      current: { state: 'ALARM', updatedAt: t.timestamp, transitionId: t.id },
      mute: { until: '2026-01-02T00:00:00.000Z', reason: 'deploy' },
      maintenanceWindow: undefined,
    }));
    expect(muted).toEqual({ action: 'skip', reason: 'alarm muted until 2026-01-02T00:00:00.000Z: deploy' });
  });

  it('check current: without a check everything is current; otherwise the version decides, named in the reason', async () => {
    expect(await checkCurrent(attempt(), undefined)).toEqual({ current: true });
    expect(await checkCurrent(attempt(), async () => ({ latest: true }))).toEqual({ current: true });
    const stale = { ...attempt(), transition: { ...t, version: 3 } };
    expect(await checkCurrent(stale, async () => ({ latest: false, currentVersion: 5 }))).toEqual({
      current: false,
      reason: 'transition tr-7 (OK → ALARM, version 3) is no longer current: alarm www-down is at version 5',
    });
  });

  it('lock key: the target the plugin declares, else the alarm and the action', () => {
    const failover = resolveAction('f', { f: { type: 'dns-failover' } }).plugin;
    const failback = resolveAction('b', { b: { type: 'dns-failback' } }).plugin;
    const hook = resolveAction('hook', { hook: { type: 'webhook' } }).plugin;
    if (!failover || !failback || !hook) throw new Error('plugins missing');
    expect(lockKey(attempt(), failover, { type: 'dns-failover', record: 'WWW.Demo.test.' })).toBe('dns:www.demo.test');
    expect(lockKey(attempt(), failback, { type: 'dns-failback', record: 'www.demo.test' })).toBe('dns:www.demo.test');
    expect(lockKey(attempt(), hook, { type: 'webhook', url: 'http://127.0.0.1/' })).toBe('alarm:www-down:hook');
  });

  it('retry: the error says whether another attempt may help; the last attempt is final', () => {
    expect(isRetryable(new Error('ECONNRESET'))).toBe(true);
    expect(isRetryable(new ActionError('bad key', { retryable: false }))).toBe(false);
    expect(isRetryable(new ProviderError('unknown record', { retryable: false }))).toBe(false);
    expect(isRetryable(Object.assign(new Error('x'), { retryable: 'no' }))).toBe(true);
    expect(classifyFailure(new Error('boom'), attempt(1))).toMatchObject({
      retryable: true,
      final: false,
      message: 'boom',
    });
    expect(classifyFailure(new Error('boom'), attempt(3))).toMatchObject({ retryable: true, final: true });
    expect(classifyFailure(new ProviderError('no', { retryable: false }), attempt(1))).toMatchObject({
      retryable: false,
      final: true,
    });
  });

  it('retry: backs off exponentially from 1 s, never sooner than Retry-After (capped at an hour)', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, new Error('x')))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(1, Object.assign(new Error('429'), { retryAfterMs: 30_000 }))).toBe(30_000);
    expect(retryDelayMs(1, Object.assign(new Error('429'), { retryAfterMs: 86_400_000 }))).toBe(3_600_000);
  });
});
