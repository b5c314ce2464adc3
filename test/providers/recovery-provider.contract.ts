/** Behaviour every RecoveryProvider must have; run against each implementation (`describeRecoveryProviderContract`). */
import { describe, expect, it } from 'vitest';
import type { ProviderCause } from '../../core/provider.ts';
import type { RecoveryProvider } from '../../core/recovery-provider.ts';
import { waitFor } from '../support/wait-for.ts';

export interface RecoveryProviderFixture<T> {
  provider: RecoveryProvider<T>;
  /** A real target, healthy at the start. */
  target: T;
  /** Breaks the target behind the provider's back (kills the process, stops the container). */
  breakTarget(): Promise<void>;
  /** Ground truth, independent of the provider: does the target serve? */
  isUp(): Promise<boolean>;
  /** A target whose recovery fails. */
  failing: T;
  teardown(): Promise<void>;
}

const cause: ProviderCause = {
  alarm: 'web-down',
  transitionId: 't-1',
  reason: 'Threshold Crossed',
  action: 'web-recover',
};

export function describeRecoveryProviderContract<T>(
  name: string,
  setup: () => Promise<RecoveryProviderFixture<T>>,
): void {
  describe(`RecoveryProvider contract: ${name}`, () => {
    const withFixture = (fn: (f: RecoveryProviderFixture<T>) => Promise<void>) => async () => {
      const f = await setup();
      try {
        await fn(f);
      } finally {
        await f.teardown();
      }
    };
    const broken = async (f: RecoveryProviderFixture<T>) => {
      await f.breakTarget();
      await waitFor('the target to be down', async () => !(await f.isUp()));
    };

    it(
      'describes a running target as healthy, when it was seen',
      withFixture(async (f) => {
        expect(f.provider.label(f.target)).toEqual(expect.any(String));
        const health = await f.provider.health(f.target);
        expect(health).toMatchObject({ state: 'healthy', detail: expect.any(String) });
        expect(Number.isNaN(Date.parse(health.at))).toBe(false);
      }),
    );

    it(
      'describes a broken target as unhealthy',
      withFixture(async (f) => {
        await broken(f);
        expect((await f.provider.health(f.target)).state).toBe('unhealthy');
      }),
    );

    it(
      'a dry run says what it would do and changes nothing',
      withFixture(async (f) => {
        await broken(f);
        const outcome = await f.provider.recover(f.target, { dryRun: true, cause });
        expect(outcome.status).toBe('dry-run');
        expect(outcome.detail.length).toBeGreaterThan(0);
        expect(outcome.issuedAt).toBeUndefined();
        expect(outcome.targetUpAt).toBeUndefined();
        expect(await f.isUp()).toBe(false);
        expect((await f.provider.health(f.target)).state).toBe('unhealthy');
      }),
    );

    it(
      'recovers a broken target and reports when it was issued and when the target was up',
      withFixture(async (f) => {
        await broken(f);
        const outcome = await f.provider.recover(f.target, { dryRun: false, cause });
        expect(outcome.status).toBe('done');
        expect(outcome.health?.state).toBe('healthy');
        const issuedAt = Date.parse(outcome.issuedAt ?? '');
        const upAt = Date.parse(outcome.targetUpAt ?? '');
        expect(Number.isNaN(issuedAt)).toBe(false);
        expect(upAt).toBeGreaterThanOrEqual(issuedAt);
        expect(await f.isUp()).toBe(true);
        expect((await f.provider.health(f.target)).state).toBe('healthy');
      }),
    );

    it(
      'recovering a healthy target leaves it healthy',
      withFixture(async (f) => {
        expect((await f.provider.recover(f.target, { dryRun: false, cause })).status).toBe('done');
        expect(await f.isUp()).toBe(true);
        expect((await f.provider.health(f.target)).state).toBe('healthy');
      }),
    );

    it(
      'a failed recovery rejects and says whether retrying may help',
      withFixture(async (f) => {
        const err = await f.provider.recover(f.failing, { dryRun: false, cause }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect(typeof (err as { retryable?: unknown }).retryable).toBe('boolean');
      }),
    );
  });
}
