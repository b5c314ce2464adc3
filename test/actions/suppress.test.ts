import { describe, expect, it } from 'vitest';
import { gateAction } from '../../actions/pipeline/suppress.ts';
import { alarmGateInputs } from '../../alarms/action-gate.ts';
import type { StoredAlarmState } from '../../alarms/alarm-state-store.ts';
import { maintenanceWindowSchema } from '../../config/maintenance-schema.ts';
import type { GateInputs } from '../../core/action-gate.ts';
import type { MaintenanceWindow } from '../../core/maintenance-window.ts';
import type { AlarmTransition } from '../../core/types.ts';

const T = Date.parse('2026-11-29T02:10:00Z'); // a Sunday
const iso = (ms: number) => new Date(ms).toISOString();
const transition = (extra: Partial<AlarmTransition> = {}): AlarmTransition => ({
  id: 't1',
  alarm: 'www-down',
  oldState: 'OK',
  newState: 'ALARM',
  reason: 'r',
  timestamp: iso(T),
  actions: ['hook'],
  ...extra,
});
const state = (s: Partial<StoredAlarmState>): StoredAlarmState => ({
  state: 'OK',
  reason: '',
  updatedAt: iso(0),
  ...s,
});
const inputs = (g: Partial<GateInputs> = {}): GateInputs => ({
  now: T,
  current: state({ state: 'ALARM', transitionId: 't1' }),
  mute: undefined,
  maintenanceWindow: undefined,
  ...g,
});
/** The gate as the composition root wires it: inputs read through the alarm side's adapter, with these windows. */
const gateWithWindows = async (t: AlarmTransition, windows: MaintenanceWindow[]) => {
  const read = alarmGateInputs({
    state: async () => state({ state: 'ALARM', transitionId: t.id }),
    mute: async () => undefined,
    windows: () => windows,
    now: () => T,
  });
  return gateAction(t, await read(t));
};
const suppressed = transition({ suppressor: { alarm: 'deploying', waitPeriod: 60, extensionPeriod: 120 } });

describe('action gate: mutes, maintenance windows and composite suppression', () => {
  it('runs an ordinary action', () => {
    expect(gateAction(transition(), inputs())).toEqual({ action: 'run' });
  });

  it('skips while muted, and not after the mute ended', () => {
    const mute = { alarm: 'www-down', until: iso(T + 60_000), reason: 'deploy' };
    expect(gateAction(transition(), inputs({ mute }))).toEqual({
      action: 'skip',
      reason: `alarm muted until ${mute.until}: deploy`,
    });
    expect(gateAction(transition({ timestamp: iso(T + 61_000) }), inputs({ mute }))).toEqual({ action: 'run' });
  });

  it('skips inside absolute and recurring maintenance windows that match the alarm', async () => {
    const windows = [
      maintenanceWindowSchema.parse({ name: 'db-upgrade', alarms: ['db-*'], start: iso(T - 1000), end: iso(T + 1000) }),
      maintenanceWindowSchema.parse({
        name: 'sunday-night',
        alarms: ['www-*'],
        cron: 'cron(0 2 ? * SUN *)',
        duration: 3600,
      }),
    ];
    expect(await gateWithWindows(transition(), windows)).toEqual({
      action: 'skip',
      reason: 'maintenance window "sunday-night" is open',
    });
    expect(await gateWithWindows(transition({ alarm: 'db-lag' }), windows)).toMatchObject({
      action: 'skip',
      reason: expect.stringMatching(/db-upgrade/),
    });
    expect(await gateWithWindows(transition({ alarm: 'api-down' }), windows)).toEqual({ action: 'run' });
    expect(await gateWithWindows(transition({ timestamp: iso(T + 3600_000) }), windows)).toEqual({ action: 'run' });
  });

  it('waits up to WaitPeriod for the suppressor after going to ALARM', () => {
    const d = gateAction(suppressed, inputs({ suppressor: state({ state: 'OK' }) }));
    expect(d).toMatchObject({ action: 'delay', until: T + 60_000 });
    expect(gateAction(suppressed, inputs({ now: T + 60_000, suppressor: state({ state: 'OK' }) }))).toEqual({
      action: 'run',
    });
  });

  it('holds actions while the suppressor is in ALARM, then for ExtensionPeriod after it leaves', () => {
    expect(gateAction(suppressed, inputs({ now: T + 5_000, suppressor: state({ state: 'ALARM' }) }))).toMatchObject({
      action: 'delay',
      until: T + 6_000,
    });
    const left = state({ state: 'OK', previousState: 'ALARM', updatedAt: iso(T + 30_000) });
    expect(gateAction(suppressed, inputs({ now: T + 40_000, suppressor: left }))).toMatchObject({
      action: 'delay',
      until: T + 150_000,
    });
    expect(gateAction(suppressed, inputs({ now: T + 150_000, suppressor: left }))).toEqual({ action: 'run' });
  });

  it('drops suppressed actions of a transition that was superseded meanwhile', () => {
    const current = state({ state: 'OK', transitionId: 't2' });
    expect(
      gateAction(suppressed, inputs({ now: T + 5_000, current, suppressor: state({ state: 'ALARM' }) })),
    ).toMatchObject({ action: 'skip' });
  });

  it('rejects malformed windows at validation', () => {
    expect(maintenanceWindowSchema.safeParse({ name: 'x', start: iso(T) }).success).toBe(false);
    expect(maintenanceWindowSchema.safeParse({ name: 'x', cron: 'cron(0 2 ? * SUN *)' }).success).toBe(false);
    expect(maintenanceWindowSchema.safeParse({ name: 'x', cron: 'rate(1 hour)', duration: 60 }).success).toBe(false);
  });
});
