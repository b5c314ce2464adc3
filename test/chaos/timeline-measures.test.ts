import { describe, expect, it } from 'vitest';
import { computeMeasures } from '../../chaos/drill/measures.ts';
import { buildTimeline, type TimelineDrill } from '../../chaos/drill/timeline.ts';
import type { DrillObservations } from '../../core/drill.ts';

const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + s * 1000).toISOString();

const drill: TimelineDrill = {
  steadyState: { alarms: { 'www-down': 'OK' }, canaries: ['www-home'], for: 3, within: 63 },
  expect: [
    { alarm: 'www-down', state: 'ALARM', within: 10 },
    { dns: 'www.demo.test', serves: 'secondary', within: 15 },
  ],
  recover: [{ dns: 'www.demo.test', serves: 'primary', within: 30 }],
};

const run = (s: number, status: 'PASSED' | 'FAILED', canary = 'www-home') => ({
  canary,
  runId: `run-${s}`,
  status,
  startedAt: T(s - 0.5),
  endedAt: T(s),
});
const dns = (s: number, vantage: string, side: 'primary' | 'secondary') => ({
  record: 'www.demo.test',
  vantage,
  at: T(s),
  side,
  values: [side === 'primary' ? '127.0.0.2' : '127.0.0.3'],
});

/** A drill walked second by second: fault at 10, reverted at 30. */
const observations: DrillObservations = {
  runs: [
    run(9, 'PASSED'),
    run(11, 'FAILED'),
    run(12, 'FAILED'),
    run(14, 'FAILED'),
    run(31, 'PASSED'),
    run(32, 'PASSED'),
  ],
  alarms: [
    { alarm: 'www-down', state: 'ALARM', at: T(13) },
    { alarm: 'www-down', state: 'OK', at: T(33) },
    { alarm: 'www-down', state: 'ALARM', at: T(40) },
    { alarm: 'other', state: 'ALARM', at: T(41) },
  ],
  dns: [
    dns(5, 'authoritative', 'primary'),
    dns(5, 'own 127.0.0.1:5353', 'primary'),
    dns(14.5, 'authoritative', 'secondary'),
    dns(15.5, 'own 127.0.0.1:5353', 'secondary'),
    dns(34, 'authoritative', 'primary'),
  ],
  actions: [
    {
      alarm: 'www-down',
      action: 'ops-webhook',
      actionType: 'webhook',
      newState: 'ALARM',
      transitionId: 'tr1',
      status: 'done',
      at: T(13.1),
    },
    {
      alarm: 'www-down',
      action: 'www-failover',
      actionType: 'dns-failover',
      newState: 'ALARM',
      transitionId: 'tr1',
      status: 'done',
      at: T(14.6),
      issuedAt: T(14.2),
    },
  ],
};

describe('drill timeline and measures (pure)', () => {
  const tl = buildTimeline({ drill, t0: T(10), t7: T(30), observations });

  it('places t0…t8 on what was observed', () => {
    expect(tl).toEqual({
      t0: { at: T(10) },
      t1: { at: T(11), detail: 'www-home FAILED' },
      t2: { at: T(13), detail: 'www-down' },
      // The failover action, not the webhook that ran first; at the time it issued its change.
      t3: { at: T(14.2), detail: 'www-failover (dns-failover) issued' },
      t4: { at: T(14.5), detail: 'www.demo.test serves secondary' },
      t5: { at: T(31), detail: 'www-home' },
      t6: { at: T(33) },
      t7: { at: T(30) },
      t8: { at: T(34), detail: 'www.demo.test serves primary' },
    });
  });

  it('derives TTD, time to act, TTF (published and per client), TTR, failed runs and flaps', () => {
    const m = computeMeasures(drill, tl, observations, T(45));
    expect(m).toMatchObject({
      ttd: { ms: 3000 },
      timeToFirstFailure: { ms: 1000 },
      alarmAfterFailure: { ms: 2000 },
      timeToAct: { ms: 1200 },
      ttf: { ms: 4500 },
      ttfClient: { ms: 5500 },
      ttr: { ms: 23_000 },
      failback: { ms: 4000 },
      failedRuns: 3,
      flaps: 1,
    });
    expect(m.clients).toEqual([
      { vantage: 'own 127.0.0.1:5353', switchedAt: { at: T(15.5) }, ttf: { ms: 5500 }, tail: { ms: 1000 } },
    ]);
  });

  it('says why a point is missing instead of inventing it', () => {
    const quiet: DrillObservations = { runs: [run(11, 'PASSED')], alarms: [], dns: [], actions: [] };
    const t = buildTimeline({ drill, t0: T(10), t7: T(30), observations: quiet });
    expect(t.t1).toEqual({ reason: 'no steady-state canary run failed after t0' });
    expect(t.t2).toEqual({ reason: 'alarm www-down did not go to ALARM' });
    expect(t.t3).toEqual({ reason: 'no alarm went to ALARM' });
    expect(t.t4).toEqual({ reason: 'www.demo.test did not switch to secondary' });
    expect(t.t6).toEqual({ reason: 'the steady state never broke' });
    expect(t.t8).toEqual({ reason: 'no DNS switch to fail back from' });
    const m = computeMeasures(drill, t, quiet, T(40));
    expect(m.ttd).toEqual({ reason: 't2: alarm www-down did not go to ALARM' });
    expect(m.ttfClient).toEqual({ reason: 'no client-side vantage point' });
    expect(m.failedRuns).toBe(0);
    expect(buildTimeline({ drill, observations: quiet }).t0).toEqual({ reason: 'no fault was injected' });
  });

  it('ignores what happened before t0 and runs of other canaries', () => {
    const early: DrillObservations = {
      ...observations,
      runs: [run(8, 'FAILED'), run(11, 'FAILED', 'other'), run(12, 'FAILED')],
      alarms: [{ alarm: 'www-down', state: 'ALARM', at: T(9) }, ...observations.alarms],
    };
    const t = buildTimeline({ drill, t0: T(10), t7: T(30), observations: early });
    expect(t.t1.at).toBe(T(12));
    expect(t.t2.at).toBe(T(13));
  });
});
