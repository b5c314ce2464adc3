/** Behaviour every DnsProvider must have; run against each implementation (`describeDnsProviderContract`). */
import { describe, expect, it } from 'vitest';
import type { DnsProvider, DnsRecordTarget, DnsSide, DnsSwitchCause } from '../../core/dns-provider.ts';
import { waitFor } from '../support/wait-for.ts';

export interface DnsProviderFixture {
  provider: DnsProvider;
  /** Two failover records the provider manages, both serving primary at the start, with distinct values per side. */
  records: readonly [string, string];
  /** A valid name the provider does not manage. */
  unknownRecord: string;
  /**
   * The target an action would name for `record` (providers without zone config need the sides' values there);
   * default `{ record }`.
   */
  target?(record: string): DnsRecordTarget;
  teardown(): Promise<void>;
}

export const REASON = 'Threshold Crossed: 1 datapoint [0.0 (27/11/26 06:00:00)] < 1.0 → "ALARM" \\ ü';
export const cause = (n = 1): DnsSwitchCause => ({
  alarm: 'www-down',
  transitionId: `t-${n}`,
  reason: REASON,
  action: 'failover-www',
});

export function describeDnsProviderContract(name: string, setup: () => Promise<DnsProviderFixture>): void {
  describe(`DnsProvider contract: ${name}`, () => {
    const withProvider =
      (fn: (f: DnsProviderFixture & { t(record: string): DnsRecordTarget }) => Promise<void>) => async () => {
        const f = await setup();
        const t = (record: string): DnsRecordTarget => ({
          ...f.target?.(record.toLowerCase().replace(/\.$/, '')),
          record,
        });
        try {
          await fn({ ...f, t });
        } finally {
          await f.teardown();
        }
      };

    it(
      'reads primary by default, with the values of that side',
      withProvider(async ({ provider: p, records: [www], t }) => {
        const primary = p.values(t(www), 'primary');
        expect(primary?.length).toBeGreaterThan(0);
        expect(p.values(t(www), 'secondary')).not.toEqual(primary);
        expect(await p.read(t(www))).toEqual({ record: www, side: 'primary', values: primary });
      }),
    );

    it(
      'switches once, then reports no-ops; both are audited',
      withProvider(async ({ provider: p, records: [www], t }) => {
        const target = t(www);
        expect(await p.setSide(target, 'secondary', cause(1))).toEqual({
          record: www,
          changed: true,
          from: 'primary',
          to: 'secondary',
        });
        expect(await p.setSide(target, 'secondary', cause(2))).toEqual({
          record: www,
          changed: false,
          from: 'secondary',
          to: 'secondary',
        });
        expect(await p.read(target)).toMatchObject({ side: 'secondary', values: p.values(target, 'secondary') });
        expect(await p.setSide(target, 'primary', cause(3))).toMatchObject({
          changed: true,
          from: 'secondary',
          to: 'primary',
        });

        const audit = await p.audit(www, 10);
        expect(audit.map((e) => [e.transitionId, e.from, e.to, e.changed])).toEqual([
          ['t-3', 'secondary', 'primary', true],
          ['t-2', 'secondary', 'secondary', false],
          ['t-1', 'primary', 'secondary', true],
        ]);
        expect(audit[0]).toMatchObject({ record: www, alarm: 'www-down', reason: REASON, action: 'failover-www' });
        expect(Number.isNaN(Date.parse(audit[0]?.time ?? ''))).toBe(false);
      }),
    );

    it(
      'a no-op to primary on a fresh record is audited too',
      withProvider(async ({ provider: p, records: [, api], t }) => {
        expect(await p.setSide(t(api), 'primary', cause())).toMatchObject({
          changed: false,
          from: 'primary',
          to: 'primary',
        });
        expect(await p.audit(api, 5)).toHaveLength(1);
      }),
    );

    it(
      'normalises record names',
      withProvider(async ({ provider: p, records: [www], t }) => {
        expect(await p.setSide(t(`${www.toUpperCase()}.`), 'secondary', cause())).toMatchObject({
          record: www,
          changed: true,
        });
        expect((await p.read(t(www))).side).toBe('secondary');
      }),
    );

    it(
      'keeps records independent; the audit of all records is newest first',
      withProvider(async ({ provider: p, records: [www, api], t }) => {
        await p.setSide(t(www), 'secondary', cause());
        await p.setSide(t(api), 'primary', cause());
        expect((await p.read(t(api))).side).toBe('primary');
        expect((await p.read(t(www))).side).toBe('secondary');
        expect((await p.audit(undefined, 10)).map((e) => e.record)).toEqual([api, www]);
        expect(await p.audit(undefined, 1)).toHaveLength(1);
      }),
    );

    it(
      'serves what it switched to, as the authoritative source answers',
      withProvider(async ({ provider: p, records: [www, api], t }) => {
        const servedSide = async (record: string): Promise<DnsSide | undefined> => (await p.served(t(record)))?.side;
        expect(await p.served(t(www))).toMatchObject({
          record: www,
          side: 'primary',
          values: expect.arrayContaining([...(p.values(t(www), 'primary') ?? [])]),
          source: expect.any(String),
        });
        await p.setSide(t(www), 'secondary', cause());
        await waitFor('the secondary served', async () => (await servedSide(www)) === 'secondary');
        const answer = await p.served(t(www));
        expect([...(answer?.values ?? [])].sort()).toEqual([...(p.values(t(www), 'secondary') ?? [])].sort());
        expect(await servedSide(api)).toBe('primary');
        await p.setSide(t(www), 'primary', cause());
        await waitFor('the primary served again', async () => (await servedSide(www)) === 'primary');
      }),
    );

    it(
      'refuses a record it does not manage, and says retrying will not help',
      withProvider(async ({ provider: p, unknownRecord, t }) => {
        await expect(p.setSide(t(unknownRecord), 'secondary', cause())).rejects.toMatchObject({
          retryable: false,
        });
        await expect(p.read(t(unknownRecord))).rejects.toMatchObject({ retryable: false });
        expect(p.values(t(unknownRecord), 'primary')).toBeUndefined();
      }),
    );
  });
}
