import { describe, expect, it } from 'vitest';
import { bandAt, trainBandModel, type Band, type BandModel } from '../../../alarms/anomaly/band-model.ts';
import { bandPoints } from '../../../alarms/anomaly/band-series.ts';
import { evaluateBandAlarm } from '../../../alarms/evaluate/evaluate-band-alarm.ts';
import { DAY, HOUR, MINUTE, NOISE_SD, NOW, seasonalTruth, series } from './fixtures/synthetic.ts';

// 14 days of 1-minute datapoints (daily sine + weekend step + normal noise), then 2 unseen days.
const training = series(NOW - 14 * DAY, NOW, { seed: 1 });
const unseen = series(NOW, NOW + 2 * DAY, { seed: 2 });
const model = trainBandModel(training, { now: NOW });

const band = (m: BandModel, t: number, width?: number): Band => {
  const b = bandAt(m, t, width);
  if (b === null) throw new Error('no band');
  return b;
};
const inside = (m: BandModel, width?: number) =>
  unseen.filter((p) => {
    const b = band(m, p.t, width);
    return p.v >= b.lower && p.v <= b.upper;
  }).length / unseen.length;

describe('band model on a seasonal series', () => {
  it('finds the weekly seasonality on its own and explains itself', () => {
    expect(model.status).toBe('ready');
    expect(model.seasonality).toBe('weekly');
    expect(model.sampleCount).toBe(14 * 24 * 60);
    expect(model.explanation).toMatch(
      /^weekly seasonality \(hour-of-day \+ hour-of-week, UTC\) from 20160 datapoints .* chosen automatically/,
    );
  });

  it('follows the daily curve and the weekend step', () => {
    for (let t = NOW; t < NOW + 2 * DAY; t += 7 * MINUTE) {
      expect(Math.abs(band(model, t).expected - seasonalTruth(t)), new Date(t).toISOString()).toBeLessThan(1.5);
    }
    // Sunday 23:59 is weekend, Monday 00:00 is not: the band jumps at midnight instead of ramping.
    const monday = NOW + 12 * HOUR;
    expect(band(model, monday - MINUTE).upper).toBeLessThan(seasonalTruth(monday) - 3 * NOISE_SD);
    expect(band(model, monday).lower).toBeGreaterThan(seasonalTruth(monday - MINUTE) + 3 * NOISE_SD);
  });

  it('learns a spread close to the noise', () => {
    const sigmas = model.spread.sigmas;
    expect(Math.min(...sigmas)).toBeGreaterThan(0.75 * NOISE_SD);
    expect(Math.max(...sigmas)).toBeLessThan(1.35 * NOISE_SD);
  });

  it('contains ≥ 99% of unseen normal datapoints at width 3, about 95% at the default width 2', () => {
    expect(inside(trainBandModel(training, { now: NOW, width: 3 }))).toBeGreaterThanOrEqual(0.99);
    const atTwo = inside(model);
    expect(atTwo).toBeGreaterThan(0.93);
    expect(atTwo).toBeLessThan(0.98);
  });

  it.each([
    ['Sunday evening (weekend)', NOW + 8 * HOUR],
    ['Monday 03:00 (daily low)', NOW + 15 * HOUR],
    ['Monday 14:00 (daily peak)', NOW + 26 * HOUR],
  ])('excludes a spike and a dip of 6σ on %s, even at width 3', (_, t) => {
    const normal = seasonalTruth(t);
    for (const width of [2, 3]) {
      const b = band(model, t, width);
      expect(normal).toBeGreaterThan(b.lower);
      expect(normal).toBeLessThan(b.upper);
      expect(normal + 6 * NOISE_SD).toBeGreaterThan(b.upper);
      expect(normal - 6 * NOISE_SD).toBeLessThan(b.lower);
    }
  });

  it('alarms on a 3-minute spike with 3 of 5, and only then', () => {
    const alarm = {
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
      treatMissingData: 'missing',
    } as const;
    const spikeStart = NOW + 26 * HOUR;
    const values = unseen.map((p) => (p.t >= spikeStart && p.t < spikeStart + 3 * MINUTE ? p.v + 8 * NOISE_SD : p.v));
    const points = bandPoints(model, NOW, MINUTE, values);
    const evaluate = (end: number) => evaluateBandAlarm(alarm, points.slice(end - 5, end), 'OK');
    const spikeEnd = (spikeStart - NOW) / MINUTE + 3;
    const atSpike = evaluate(spikeEnd);
    expect(atSpike.state).toBe('ALARM');
    expect(atSpike.reason).toMatch(
      /^Thresholds Crossed: 3 out of the last 5 datapoints \[.*\] were less than the lower thresholds \[.*\] or greater than the upper thresholds \[.*\] \(minimum 3 datapoints for OK -> ALARM transition\)\.$/,
    );
    expect(evaluate(spikeEnd - 3).state).toBe('OK');
    expect(evaluate(spikeEnd + 5).state).toBe('OK');
  });
});
