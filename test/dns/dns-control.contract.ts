/** Behaviour every DnsControl implementation must have; run against each implementation. */
import { describe, expect, it } from 'vitest';
import type { DnsControl, DnsSide, DnsSwitchCause } from '../../core/action.ts';
import type { DnsAuditEntry } from '../../actions/dns/record-state-store.ts';

export interface AuditedDnsControl extends DnsControl {
  getSide(record: string): Promise<DnsSide>;
  sides(): Promise<Record<string, DnsSide>>;
  audit(record?: string, limit?: number): Promise<DnsAuditEntry[]>;
}

export const REASON = 'Threshold Crossed: 1 datapoint [0.0 (27/11/26 06:00:00)] < 1.0 → "ALARM" \\ ü';
export const cause = (n = 1): DnsSwitchCause => ({
  alarm: 'www-down',
  transitionId: `t-${n}`,
  reason: REASON,
  action: 'failover-www',
});

export function describeDnsControlContract(
  name: string,
  setup: () => Promise<{ control: AuditedDnsControl; teardown(): Promise<void> }>,
): void {
  describe(`DnsControl contract: ${name}`, () => {
    const withControl = (fn: (c: AuditedDnsControl) => Promise<void>) => async () => {
      const { control, teardown } = await setup();
      try {
        await fn(control);
      } finally {
        await teardown();
      }
    };

    it(
      'serves primary by default',
      withControl(async (c) => {
        expect(await c.getSide('www.demo.test')).toBe('primary');
      }),
    );

    it(
      'switches once, then reports no-ops; both are audited',
      withControl(async (c) => {
        expect(await c.setSide('www.demo.test', 'secondary', cause(1))).toEqual({
          record: 'www.demo.test',
          changed: true,
          from: 'primary',
          to: 'secondary',
        });
        expect(await c.setSide('www.demo.test', 'secondary', cause(2))).toEqual({
          record: 'www.demo.test',
          changed: false,
          from: 'secondary',
          to: 'secondary',
        });
        expect(await c.getSide('www.demo.test')).toBe('secondary');
        expect(await c.setSide('www.demo.test', 'primary', cause(3))).toMatchObject({
          changed: true,
          from: 'secondary',
          to: 'primary',
        });

        const audit = await c.audit('www.demo.test', 10);
        expect(audit.map((e) => [e.transitionId, e.from, e.to, e.changed])).toEqual([
          ['t-3', 'secondary', 'primary', true],
          ['t-2', 'secondary', 'secondary', false],
          ['t-1', 'primary', 'secondary', true],
        ]);
        expect(audit[0]).toMatchObject({
          record: 'www.demo.test',
          alarm: 'www-down',
          reason: REASON,
          action: 'failover-www',
        });
        expect(Number.isNaN(Date.parse(audit[0]?.time ?? ''))).toBe(false);
      }),
    );

    it(
      'a no-op to primary on a fresh record is audited too',
      withControl(async (c) => {
        expect(await c.setSide('api.demo.test', 'primary', cause())).toMatchObject({
          changed: false,
          from: 'primary',
          to: 'primary',
        });
        expect(await c.audit('api.demo.test', 5)).toHaveLength(1);
      }),
    );

    it(
      'normalises record names',
      withControl(async (c) => {
        expect(await c.setSide('WWW.Demo.Test.', 'secondary', cause())).toMatchObject({
          record: 'www.demo.test',
          changed: true,
        });
        expect(await c.getSide('www.demo.test')).toBe('secondary');
      }),
    );

    it(
      'keeps records independent and lists them',
      withControl(async (c) => {
        await c.setSide('www.demo.test', 'secondary', cause());
        await c.setSide('api.demo.test', 'primary', cause());
        expect(await c.getSide('api.demo.test')).toBe('primary');
        expect(await c.sides()).toMatchObject({ 'www.demo.test': 'secondary' });
        const all = await c.audit(undefined, 10);
        expect(all.map((e) => e.record)).toEqual(['api.demo.test', 'www.demo.test']);
        expect(await c.audit(undefined, 1)).toHaveLength(1);
      }),
    );
  });
}
