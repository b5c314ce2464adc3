import { describe, expect, it } from 'vitest';
import { bandAt, trainBandModel, type Band, type BandModel } from '../../../alarms/anomaly/band-model.ts';
import { DAY, HOUR, MINUTE, NOW, series } from './fixtures/synthetic.ts';

// A 3-hour outage (latency × 10) on Wednesday 25 November 2026, 10:00–13:00 UTC.
const outage = { start: Date.UTC(2026, 10, 25, 10), end: Date.UTC(2026, 10, 25, 13) };
const clean = series(NOW - 14 * DAY, NOW);
const withOutage = clean.map((p) => (p.t >= outage.start && p.t < outage.end ? { t: p.t, v: p.v * 10 } : p));

const band = (m: BandModel, t: number): Band => {
  const b = bandAt(m, t);
  if (b === null) throw new Error('no band');
  return b;
};
const width = (b: Band) => b.upper - b.lower;
/** The outage's hours of the week, a week later (when the band is used), every 10 minutes. */
const outageHoursNextWeek = Array.from({ length: 18 }, (_, k) => outage.start + 7 * DAY + k * 10 * MINUTE);

describe('excluded time ranges', () => {
  const reference = trainBandModel(clean, { now: NOW });
  const excluded = trainBandModel(withOutage, { now: NOW, excluded: [outage] });
  const notExcluded = trainBandModel(withOutage, { now: NOW });

  it('are left out of training', () => {
    expect(excluded.excludedCount).toBe(3 * 60);
    expect(excluded.sampleCount).toBe(clean.length - 3 * 60);
    expect(excluded.explanation).toContain('(180 excluded)');
  });

  it('a huge outage inside an excluded range neither widens nor moves the band', () => {
    for (const t of outageHoursNextWeek) {
      const a = band(reference, t);
      const b = band(excluded, t);
      expect(Math.abs(b.expected - a.expected), new Date(t).toISOString()).toBeLessThan(1.5);
      expect(width(b) / width(a), new Date(t).toISOString()).toBeGreaterThan(0.8);
      expect(width(b) / width(a), new Date(t).toISOString()).toBeLessThan(1.25);
    }
    expect(Math.max(...excluded.spread.sigmas)).toBeLessThan(2 * Math.max(...reference.spread.sigmas));
  });

  it('the same outage, not excluded, does widen the band at its hours of the week', () => {
    const widened = outageHoursNextWeek.filter((t) => width(band(notExcluded, t)) > 3 * width(band(reference, t)));
    expect(widened.length).toBeGreaterThan(0);
  });

  it('only the excluded range is left out (ranges are [start, end))', () => {
    const edge = trainBandModel(clean, { now: NOW, excluded: [{ start: NOW - 2 * HOUR, end: NOW - HOUR }] });
    expect(edge.excludedCount).toBe(60);
  });

  it('rejects a range whose end is not after its start', () => {
    expect(() => trainBandModel(clean, { now: NOW, excluded: [{ start: NOW, end: NOW }] })).toThrow(RangeError);
  });
});
